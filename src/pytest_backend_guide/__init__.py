"""Enforce a team's Python backend guide as part of the pytest run.

The names exported here are the public API for third-party checkers: a
checker is a module or object with ``@hookimpl``-decorated functions from
:mod:`pytest_backend_guide.hookspecs`, registered through the
``pytest_backend_guide`` entry-point group.
"""

from pytest_backend_guide.hookspecs import hookimpl
from pytest_backend_guide.names import ImportBindings
from pytest_backend_guide.options import (
    ConfigSection,
    Option,
    OptionError,
    ParsedSection,
)
from pytest_backend_guide.pattern_engine import PatternMatch, PatternRules
from pytest_backend_guide.pattern_rules import (
    PatternRule,
    PatternRuleError,
    load_package_rules,
)
from pytest_backend_guide.project import FileFact, ProjectCheck, ProjectContext
from pytest_backend_guide.registry import Rule
from pytest_backend_guide.source import SourceFile
from pytest_backend_guide.tree_walk import walk_statements
from pytest_backend_guide.violation import FileContext, Violation

__version__ = "0.1.0"

__all__ = [
    "ConfigSection",
    "FileContext",
    "FileFact",
    "ImportBindings",
    "Option",
    "OptionError",
    "ParsedSection",
    "PatternMatch",
    "PatternRule",
    "PatternRuleError",
    "PatternRules",
    "ProjectCheck",
    "ProjectContext",
    "Rule",
    "SourceFile",
    "Violation",
    "__version__",
    "hookimpl",
    "load_package_rules",
    "walk_statements",
]
