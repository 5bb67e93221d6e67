"""ARCH: project structure and import layers, as two project-level checks.

``pyproject.toml::guide[architecture]`` checks the layout the guide's
project tree lists (ARCH001-ARCH003); ``pyproject.toml::guide[imports]``
checks the static import graph against the layer order, for cycles, and
for imports of the entry point and of tests (ARCH010-ARCH013). Options:
``[tool.backend-guide.architecture]``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pytest_backend_guide import (
    ConfigSection,
    ProjectCheck,
    ProjectContext,
    Rule,
    Violation,
    hookimpl,
)
from pytest_backend_guide.checks.architecture.config import SECTION
from pytest_backend_guide.helpers import IMPORTS

RULES = (
    Rule(
        "ARCH001",
        "missing-layer-package",
        "the backend package lacks a required layer package (api, core, models, "
        "services, utils), or no backend package can be found",
    ),
    Rule(
        "ARCH002",
        "missing-project-file",
        "config.py or main.py missing from the backend package, or no dependency "
        "manifest (requirements.txt or pyproject dependencies)",
    ),
    Rule(
        "ARCH003",
        "missing-tests-dir",
        "no tests/ folder in the backend package or at the project root",
    ),
    Rule(
        "ARCH010",
        "layer-violation",
        "an import that the layer order or a forbid entry forbids",
    ),
    Rule(
        "ARCH011",
        "import-cycle",
        "modules of the project that import each other; one shortest loop each",
    ),
    Rule(
        "ARCH012",
        "imports-entry-point",
        "a module of the backend package imports the entry point (main)",
    ),
    Rule("ARCH013", "imports-tests", "production code imports test code"),
)



def run_layout(ctx: ProjectContext) -> Iterator[Violation]:
    """Check that the backend package and the project have the required parts.

    The checking code is imported here, when the check runs: registering
    the family (every run) must not load it.

    Args:
        ctx: The project context.

    Yields:
        What :func:`.layout.run_layout` yields: ARCH001 to ARCH003.
    """
    from pytest_backend_guide.checks.architecture import layout

    yield from layout.run_layout(ctx)


def run_imports(ctx: ProjectContext) -> Iterator[Violation]:
    """Check the project's imports against layers, cycles, main and tests.

    Args:
        ctx: The project context.

    Yields:
        What :func:`.imports.run_imports` yields: ARCH010 to ARCH013.
    """
    from pytest_backend_guide.checks.architecture import imports

    yield from imports.run_imports(ctx)


LAYOUT_CHECK = ProjectCheck(
    "architecture", ("ARCH001", "ARCH002", "ARCH003"), run_layout, replay=True
)
IMPORTS_CHECK = ProjectCheck(
    "imports",
    ("ARCH010", "ARCH011", "ARCH012", "ARCH013"),
    run_imports,
    facts=(IMPORTS,),
    replay=True,
)


@hookimpl
def guide_rules() -> Sequence[Rule]:
    """Declare the ARCH rules.

    Returns:
        The rules.
    """
    return RULES


@hookimpl
def guide_config_sections() -> Sequence[ConfigSection]:
    """Declare ``[tool.backend-guide.architecture]``.

    Returns:
        The section.
    """
    return (SECTION,)


@hookimpl
def guide_project_checks() -> Sequence[ProjectCheck]:
    """Declare the layout and the imports checks.

    Returns:
        The two checks.
    """
    return (LAYOUT_CHECK, IMPORTS_CHECK)
