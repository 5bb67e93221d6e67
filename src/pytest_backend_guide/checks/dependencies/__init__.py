"""DEP: a dependency manifest, pinned versions, each package declared once.

One project check, ``pyproject.toml::guide[dependencies]``, reads the
manifests at the rootdir, else in the folders just below it
(``requirements*.txt``, ``requirements/*.txt`` with their ``-r``/``-c``
includes, ``pyproject.toml``'s PEP 621, dependency-group, Poetry and
``[tool.uv.sources]`` tables) and reports at the line of each offending
requirement.
Requirement strings are parsed with ``packaging``, as pip parses them.
Options: ``[tool.backend-guide.dependencies]``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pytest_backend_guide import (
    ConfigSection,
    Option,
    ParsedSection,
    ProjectCheck,
    ProjectContext,
    Rule,
    Violation,
    hookimpl,
)

MISSING = "DEP001"
UNPINNED = "DEP002"
DUPLICATE = "DEP003"
SECTION_NAME = "dependencies"
POLICIES = ("exact", "lock", "bounded")

RULES = (
    Rule(
        MISSING,
        "missing-manifest",
        "neither requirements.txt nor pyproject.toml dependencies at the project root",
    ),
    Rule(
        UNPINNED,
        "unpinned-dependency",
        "a requirement that pin-policy does not accept (default: == unless a lock "
        "file pins the project)",
    ),
    Rule(
        DUPLICATE,
        "duplicate-dependency",
        "the same package required twice with specifiers that disagree",
    ),
)

@dataclass(frozen=True)
class DependencyOptions:
    """The ``dependencies`` table, with Python names.

    Attributes:
        pin_policy: How exactly DEP002 wants requirements pinned.
    """

    pin_policy: str


SECTION = ParsedSection(
    SECTION_NAME,
    (
        Option(
            "pin-policy",
            "str",
            "lock",
            "DEP002: 'exact' wants == everywhere; 'lock' accepts ranges when a lock "
            "file (uv.lock, poetry.lock, pdm.lock, Pipfile.lock, hashed "
            "requirements) pins the project; 'bounded' wants an upper bound.",
            choices=POLICIES,
        ),
    ),
    "Dependency manifests (DEP001-DEP003).",
    parse=DependencyOptions,
)


def run_dependencies(ctx: ProjectContext) -> Iterator[Violation]:
    """Check the project's manifests.

    Args:
        ctx: The project context.

    Yields:
        DEP001 once when there is no manifest; DEP002 at each requirement
        the pin policy rejects; DEP003 at each later declaration of a
        package that disagrees with an earlier one.
    """
    # Imported here: registering the family must not load packaging.
    from pytest_backend_guide.checks.dependencies.manifests import read_manifests
    from pytest_backend_guide.checks.dependencies.pinning import (
        duplicates,
        unpinned,
    )

    manifests = read_manifests(ctx.rootdir)
    if not manifests.files:
        yield ctx.violation(
            MISSING,
            ctx.report_path,
            1,
            1,
            "no dependency manifest: no requirements*.txt, requirements/*.txt or "
            "dependencies in pyproject.toml",
            fix_hint="list the dependencies in requirements.txt or in "
            "[project] dependencies of pyproject.toml",
        )
        return
    policy = ctx.options_for(SECTION).pin_policy
    for requirement, why in unpinned(manifests.requirements, policy, manifests.locked):
        yield ctx.violation(
            UNPINNED,
            requirement.path,
            requirement.line,
            1,
            f"requirement '{requirement.text}' {why}",
            fix_hint=_pin_hint(policy),
        )
    for later, first in duplicates(manifests.requirements):
        yield ctx.violation(
            DUPLICATE,
            later.path,
            later.line,
            1,
            f"'{later.name}' is required as '{later.text}' here and as "
            f"'{first.text}' at {first.where}",
            fix_hint="keep one specifier for the package, or make them agree",
        )


def _pin_hint(policy: str) -> str:
    if policy == "bounded":
        return "add an upper bound, such as '<2'"
    if policy == "lock":
        from pytest_backend_guide.checks.dependencies.manifests import LOCK_FILES

        return f"pin it with ==, or commit a lock file ({', '.join(LOCK_FILES)})"
    return "pin it with =="


DEPENDENCIES_CHECK = ProjectCheck(
    SECTION_NAME, (MISSING, UNPINNED, DUPLICATE), run_dependencies, replay=True
)


@hookimpl
def guide_rules() -> Sequence[Rule]:
    """Declare the DEP rules.

    Returns:
        The rules.
    """
    return RULES


@hookimpl
def guide_config_sections() -> Sequence[ConfigSection]:
    """Declare ``[tool.backend-guide.dependencies]``.

    Returns:
        The section.
    """
    return (SECTION,)


@hookimpl
def guide_project_checks() -> Sequence[ProjectCheck]:
    """Declare the dependencies check.

    Returns:
        The check.
    """
    return (DEPENDENCIES_CHECK,)
