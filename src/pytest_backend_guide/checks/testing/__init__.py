"""TEST: pytest tests for the business logic, and enough coverage.

TEST001 and TEST002 judge the coverage that the test run measured: they
are declared here, with their ``[tool.backend-guide.coverage]`` options,
and judged by the item ``pyproject.toml::guide[coverage]`` (see
:mod:`pytest_backend_guide.coverage`), which runs after every test.
TEST003 and TEST004 are static: the project check
``pyproject.toml::guide[tests]`` finds the test files and reads the import
graph, without importing or running anything.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
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
from pytest_backend_guide.helpers import IMPORTS, layout_preset

SECTION_NAME = "coverage"
DEFAULT_BUSINESS_PACKAGES = ("core", "services")
UNTESTED = "TEST003"
NO_TESTS = "TEST004"

RULES = (
    Rule(
        "TEST001",
        "coverage-below-threshold",
        "total line coverage of the source roots below fail-under (80)",
    ),
    Rule(
        "TEST002",
        "package-coverage-below-threshold",
        "a configured package (e.g. app/core) below its own coverage threshold",
        default_enabled=False,
    ),
    Rule(
        UNTESTED,
        "untested-module",
        "a business-logic module (core/, services/) that no test module imports",
    ),
    Rule(NO_TESTS, "no-tests", "the project has no pytest tests at all"),
)

@dataclass(frozen=True)
class CoverageOptions:
    """The ``coverage`` table, with Python names.

    Attributes:
        fail_under: Minimum total coverage (TEST001), None for the default.
        packages: Package folder -> minimum coverage (TEST002).
        business_packages: Folders that tests must import (TEST003).
    """

    fail_under: int | None
    packages: Mapping[str, int]
    business_packages: tuple[str, ...]


SECTION = ParsedSection(
    SECTION_NAME,
    (
        Option(
            "fail-under",
            "int",
            None,
            "Minimum total coverage in percent (TEST001); default: coverage.py's "
            "fail_under when set, else 80.",
            minimum=0,
        ),
        Option(
            "packages",
            "int-map",
            {},
            'Package folder -> minimum coverage in percent (TEST002): "app/core" = 90.',
            minimum=0,
        ),
        Option(
            "business-packages",
            "str-list",
            DEFAULT_BUSINESS_PACKAGES,
            "Folders or modules of business logic that tests must import "
            "(TEST003): a name matches a folder or module at any depth, a path "
            "(app/domain) from the rootdir; default: the layout preset's.",
        ),
    ),
    "Coverage thresholds (TEST001, TEST002) and untested modules (TEST003).",
    parse=CoverageOptions,
)


def run_tests(ctx: ProjectContext) -> Iterator[Violation]:
    """Check that the project has tests and that they import the business logic.

    Args:
        ctx: The project context.

    Yields:
        TEST004 when no test file exists, TEST003 for each business module
        that no test module imports.
    """
    # Imported here: registering the family must not load the checking code.
    from pytest_backend_guide.checks.testing.suite import find_suite
    from pytest_backend_guide.checks.testing.untested import untested_modules

    suite = find_suite(ctx)
    if not suite.tests and ctx.is_enabled(NO_TESTS):
        yield ctx.violation(
            NO_TESTS,
            ctx.report_path,
            1,
            1,
            f"no test files: nothing matches {suite.describe()}",
            fix_hint="add pytest tests, such as tests/test_<module>.py",
        )
        return
    if ctx.is_enabled(UNTESTED):
        packages = ctx.options_for(SECTION).business_packages
        if packages == DEFAULT_BUSINESS_PACKAGES:
            packages = layout_preset(ctx).business_packages
        yield from untested_modules(ctx, suite, packages)


TESTS_CHECK = ProjectCheck(
    "tests", (UNTESTED, NO_TESTS), run_tests, facts=(IMPORTS,), replay=True
)


@hookimpl
def guide_rules() -> Sequence[Rule]:
    """Declare the TEST rules.

    Returns:
        The rules.
    """
    return RULES


@hookimpl
def guide_config_sections() -> Sequence[ConfigSection]:
    """Declare ``[tool.backend-guide.coverage]``.

    Returns:
        The section.
    """
    return (SECTION,)


@hookimpl
def guide_project_checks() -> Sequence[ProjectCheck]:
    """Declare the static test check (TEST003, TEST004).

    Returns:
        The check; TEST001 and TEST002 are judged by the coverage item.
    """
    return (TESTS_CHECK,)
