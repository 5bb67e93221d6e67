"""SEC003: the configuration module reads its settings from the environment.

One project check, ``pyproject.toml::guide[configuration]``. The
configuration modules are ``config.py``, ``settings.py``,
``core/config.py``, ``core/settings.py`` and ``config/``/``settings/``
packages, at the rootdir or in a top-level package (``app/``, or below a
folder that is no package: ``src/app/``, ``backend/app/``), or the files
that the
``modules`` option names. Each must read the environment: ``os.environ``,
``os.getenv``, pydantic-settings, dynaconf, python-decouple, environs,
django-environ, Starlette's ``Config``, python-dotenv, or an ``env``
helper it imports. What each module reads and defines is a per-file fact,
cached with the file's result. Options: ``[tool.backend-guide.configuration]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pathspec

from pytest_backend_guide import (
    ConfigSection,
    FileFact,
    Option,
    ParsedSection,
    ProjectCheck,
    ProjectContext,
    Rule,
    SourceFile,
    Violation,
    hookimpl,
)

CODE = "SEC003"
SEC001 = "SEC001"
SECTION_NAME = "configuration"
_UNIT = re.compile(
    r"^(?P<unit>(?P<outer>[^/]+/)??(?:[^/]+/)??(?:core/)?(?:config|settings)"
    r"(?:\.py$|/))"
)
# Folders whose settings.py is a feature module (settings endpoints), not config.
_NOT_CONFIG_HOMES = frozenset(
    {
        "tests", "test", "docs", "doc", "examples", "scripts", "api", "routes",
        "routers", "endpoints", "views", "models", "schemas", "services", "crud",
        "utils", "plugins", "migrations",
    }
)

RULES = (
    Rule(
        CODE,
        "config-not-from-environment",
        "the configuration module defines settings without reading the "
        "environment, or binds a secret-like setting to a literal",
    ),
)

@dataclass(frozen=True)
class ConfigurationOptions:
    """The ``configuration`` table, with Python names.

    Attributes:
        modules: Patterns of the configuration modules; empty: detected.
    """

    modules: tuple[str, ...]


SECTION = ParsedSection(
    SECTION_NAME,
    (
        Option(
            "modules",
            "str-list",
            (),
            "SEC003: the configuration modules or packages, as gitignore-style "
            'patterns ("app/settings/", "conf.py"); default: detected.',
        ),
    ),
    "The configuration module (SEC003).",
    parse=ConfigurationOptions,
)


def environment_facts(source: SourceFile) -> dict[str, Any] | None:
    """Return what a configuration module reads and defines, or None for others.

    Imports the reading code on first use: registering the family must
    not load it.

    Args:
        source: The parsed module.

    Returns:
        What :func:`.reads.environment_facts` returns.
    """
    from pytest_backend_guide.checks.configuration import reads

    return reads.environment_facts(source)


def module_environment(source: SourceFile) -> dict[str, Any]:
    """Return what any module reads from the environment and defines.

    Args:
        source: The parsed module.

    Returns:
        What :func:`.reads.module_environment` returns.
    """
    from pytest_backend_guide.checks.configuration import reads

    return reads.module_environment(source)


ENVIRONMENT_FACT = FileFact("environment-reads", environment_facts)
ANY_MODULE_FACT = FileFact("environment-reads-any", module_environment)


def run_configuration(ctx: ProjectContext) -> Iterator[Violation]:
    """Check each configuration module or package.

    Args:
        ctx: The project context.

    Yields:
        SEC003 at line 1 of a module (or package) that defines settings
        and reads nothing from the environment, and at each secret-like
        setting bound to a literal (unless SEC001, which reports those
        lines in any file, is enabled there).
    """
    for unit, paths in _units(ctx).items():
        facts = [(path, _fact(ctx, path)) for path in paths]
        known = [(path, fact) for path, fact in facts if fact is not None]
        if not known:
            continue
        if any(fact["settings"] for _, fact in known) and not any(
            fact["env"] for _, fact in known
        ):
            where = unit if unit.endswith(".py") else f"package '{unit}'"
            yield ctx.violation(
                CODE,
                known[0][0],
                1,
                1,
                f"configuration {where} reads nothing from the environment",
                fix_hint="read each setting with os.environ/os.getenv or a "
                "pydantic-settings BaseSettings class",
            )
        for path, fact in known:
            if SEC001 in ctx.settings.enabled_for(path):
                continue  # SEC001 reports secret literals in every file
            for line, col, name in fact["secrets"]:
                yield ctx.violation(
                    CODE,
                    path,
                    line,
                    col,
                    f"setting '{name}' is bound to a literal: a secret belongs "
                    "in the environment",
                    fix_hint=f"read {name} from the environment",
                )


def _fact(ctx: ProjectContext, path: str) -> dict[str, Any] | None:
    known, fact = ctx.file_fact(ENVIRONMENT_FACT, path)
    if known and fact is None:  # a configured module with another name
        known, fact = ctx.compute_fact(ANY_MODULE_FACT, path)
    if not known or fact is None:
        return None
    return dict(fact)


def _units(ctx: ProjectContext) -> dict[str, list[str]]:
    """Return configuration unit -> its Python files, in path order."""
    configured = ctx.options_for(SECTION).modules
    units: dict[str, list[str]] = {}
    if configured:
        spec = pathspec.GitIgnoreSpec.from_lines(configured)
        for found in ctx.files:
            if spec.match_file(found.relpath):
                units.setdefault(found.relpath, []).append(found.relpath)
        return units
    python_files = {found.relpath for found in ctx.files}
    for found in ctx.files:
        match = _UNIT.match(found.relpath)
        if match is None:
            continue
        outer = match.group("outer")
        if outer and f"{outer}__init__.py" in python_files:
            continue  # src/app/config.py, not django/apps/config.py
        folders = match.group("unit").split("/")[:-1]
        if _NOT_CONFIG_HOMES.intersection(folders):
            continue
        units.setdefault(match.group("unit"), []).append(found.relpath)
    return units


CONFIGURATION_CHECK = ProjectCheck(
    SECTION_NAME, (CODE,), run_configuration, facts=(ENVIRONMENT_FACT,), replay=True
)


@hookimpl
def guide_rules() -> Sequence[Rule]:
    """Declare SEC003.

    Returns:
        The rule.
    """
    return RULES


@hookimpl
def guide_config_sections() -> Sequence[ConfigSection]:
    """Declare ``[tool.backend-guide.configuration]``.

    Returns:
        The section.
    """
    return (SECTION,)


@hookimpl
def guide_project_checks() -> Sequence[ProjectCheck]:
    """Declare the configuration check.

    Returns:
        The check.
    """
    return (CONFIGURATION_CHECK,)
