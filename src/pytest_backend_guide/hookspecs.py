"""Hook specifications for checkers: the whole contract, in one place.

A checker is any module or object with functions decorated by
:data:`hookimpl` and named after the specifications below. Built-in families
(``pytest_backend_guide.checks.*``) are ordinary checkers registered through
the ``pytest_backend_guide`` entry-point group, exactly as a third-party
package registers its own::

    [project.entry-points.pytest_backend_guide]
    my_rules = "my_package.guide_rules"

Checkers know nothing of pytest: they receive parsed data and return
:class:`~pytest_backend_guide.violation.Violation` objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from pytest_backend_guide.options import ConfigSection
    from pytest_backend_guide.project import ProjectCheck
    from pytest_backend_guide.registry import Rule
    from pytest_backend_guide.violation import FileContext, Violation

PROJECT_NAME = "pytest_backend_guide"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


@hookspec
def guide_rules() -> Sequence[Rule]:
    """Declare the rules this checker can report.

    Every code a checker reports must be declared here: the registry uses the
    declarations for selection, ``--guide-rules``, the documentation check
    and the session summary. Codes must be unique across all checkers.

    Returns:
        The rules, each with code, name, summary and default on/off.
    """
    raise NotImplementedError  # a specification: checkers implement it


@hookspec
def guide_config_sections() -> Sequence[ConfigSection]:
    """Declare the configuration tables this checker reads.

    A section named ``naming`` is read from ``[tool.backend-guide.naming]``.
    Declared as a :class:`~pytest_backend_guide.ParsedSection`, its values
    are validated and parsed once at start-up and reach the checker as
    ``ctx.options_for(SECTION)``; the raw values as ``ctx.section("naming")``.
    Unknown keys, wrong types and entries ``parse`` rejects are usage errors.

    Returns:
        The sections, each with typed options and defaults.
    """
    raise NotImplementedError  # a specification: checkers implement it


@hookspec
def guide_check_file(ctx: FileContext) -> Iterable[Violation] | None:
    """Check one Python file.

    Called once per checked file with the file's parsed source and effective
    configuration. Return violations of enabled rules only where that saves
    work: the engine drops violations of rules that are not enabled for the
    file and those suppressed by ``# guide: ignore`` comments. Must not have
    side effects: results may be cached by file content and configuration.

    Args:
        ctx: The parsed file, the enabled rules and the options.

    Returns:
        The violations found, or None when the checker has nothing to say.
    """
    raise NotImplementedError  # a specification: checkers implement it


@hookspec
def guide_project_checks() -> Sequence[ProjectCheck]:
    """Declare checks of the whole project (layout, imports, dependencies).

    Each check becomes one item, ``pyproject.toml::guide[<name>]``, computed
    once per session when any of its rules is enabled. Its violations may
    point into any file; per-file ignores and ``# guide: ignore`` comments
    apply to them as to file-level ones.

    Returns:
        The checks.
    """
    raise NotImplementedError  # a specification: checkers implement it
