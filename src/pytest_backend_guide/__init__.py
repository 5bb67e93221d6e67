"""Enforce a team's Python backend guide as part of the pytest run.

The names exported here are the public API for third-party checkers: a
checker is a module or object with ``@hookimpl``-decorated functions from
:mod:`pytest_backend_guide.hookspecs`, registered through the
``pytest_backend_guide`` entry-point group.

pytest imports this package on every run, ``--guide`` or not (its plugin
is a module of it), so the names are imported on first use, not here: a
plain ``pytest`` run costs nothing beyond the options.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pytest_backend_guide.hookspecs import hookimpl
    from pytest_backend_guide.names import ImportBindings
    from pytest_backend_guide.node_index import NodeIndex
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
    from pytest_backend_guide.tree_walk import walk_own_scope, walk_statements
    from pytest_backend_guide.violation import FileContext, Violation

_HOMES = {
    "ConfigSection": "options",
    "FileContext": "violation",
    "FileFact": "project",
    "ImportBindings": "names",
    "NodeIndex": "node_index",
    "Option": "options",
    "OptionError": "options",
    "ParsedSection": "options",
    "PatternMatch": "pattern_engine",
    "PatternRule": "pattern_rules",
    "PatternRuleError": "pattern_rules",
    "PatternRules": "pattern_engine",
    "ProjectCheck": "project",
    "ProjectContext": "project",
    "Rule": "registry",
    "SourceFile": "source",
    "Violation": "violation",
    "hookimpl": "hookspecs",
    "load_package_rules": "pattern_rules",
    "walk_own_scope": "tree_walk",
    "walk_statements": "tree_walk",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562).

    Args:
        name: The attribute asked for.

    Returns:
        The public object.

    Raises:
        AttributeError: No such public name.
    """
    home = _HOMES.get(name)
    if home is None:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


__version__ = "0.1.0"

__all__ = [
    "ConfigSection",
    "FileContext",
    "FileFact",
    "ImportBindings",
    "NodeIndex",
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
    "walk_own_scope",
    "walk_statements",
]
