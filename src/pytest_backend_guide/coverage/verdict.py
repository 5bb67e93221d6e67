"""Thresholds -> violations: TEST001 for the total, TEST002 per package.

The threshold of TEST001 is ``fail-under`` of ``[tool.backend-guide.coverage]``,
else coverage.py's own ``[tool.coverage.report] fail_under``, else 80.
pytest-cov's ``--cov-fail-under`` stays pytest-cov's own, separate check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pytest_backend_guide.coverage.threshold import (
    FileCoverage,
    fails_under,
    file_table,
    in_package,
    least_covered,
    shown_percent,
    shown_threshold,
    total_of,
)
from pytest_backend_guide.violation import Violation

TOTAL = "TEST001"
PACKAGE = "TEST002"
CODES = frozenset({TOTAL, PACKAGE})
DEFAULT_FAIL_UNDER = 80
REPORT_PATH = "pyproject.toml"


@dataclass(frozen=True)
class Policy:
    """What the measured coverage is judged against.

    Attributes:
        codes: The enabled rules among TEST001 and TEST002.
        fail_under: The total's threshold, in percent.
        packages: Package folder -> threshold, for TEST002.
        precision: Digits after the decimal point, as coverage.py reports.
        roots: Source roots relative to the rootdir, where package folders
            may also be written.
    """

    codes: frozenset[str]
    fail_under: float = DEFAULT_FAIL_UNDER
    packages: Mapping[str, int] = field(default_factory=dict)
    precision: int = 0
    roots: tuple[str, ...] = ()


def resolve_fail_under(guide: int | None, coverage_config: float) -> float:
    """Return the TEST001 threshold from the places it may be set.

    Args:
        guide: ``fail-under`` of ``[tool.backend-guide.coverage]``.
        coverage_config: coverage.py's ``fail_under`` (0 when unset).

    Returns:
        The first one set, else 80.
    """
    if guide is not None:
        return float(guide)
    if coverage_config:
        return float(coverage_config)
    return float(DEFAULT_FAIL_UNDER)


def judge(files: Sequence[FileCoverage], policy: Policy) -> list[Violation]:
    """Compare the measured coverage with its thresholds.

    Args:
        files: The measured files.
        policy: The thresholds and the enabled rules.

    Returns:
        The violations, at ``pyproject.toml:1:1``; none when every
        threshold is met.
    """
    found = []
    if TOTAL in policy.codes:
        found.extend(_total(files, policy))
    if PACKAGE in policy.codes:
        for package, threshold in sorted(policy.packages.items()):
            found.extend(_package(files, package, threshold, policy))
    return found


def total_line(files: Sequence[FileCoverage], policy: Policy) -> str:
    """Return the total and its threshold, shown when TEST001 passes.

    Args:
        files: The measured files.
        policy: The thresholds.

    Returns:
        ``total coverage 84% (fail-under 80%)``.
    """
    percent = shown_percent(total_of(files).percent, policy.precision)
    return f"total coverage {percent} (fail-under {shown_threshold(policy.fail_under)})"


def _total(files: Sequence[FileCoverage], policy: Policy) -> list[Violation]:
    threshold = policy.fail_under
    if threshold > 100:
        message = f"fail-under {shown_threshold(threshold)} can never be met"
        return [_violation(TOTAL, message, "set a threshold from 0 to 100")]
    percent = total_of(files).percent
    if not fails_under(percent, threshold, policy.precision):
        return []
    message = (
        f"total coverage {shown_percent(percent, policy.precision)} is below "
        f"fail-under {shown_threshold(threshold)}"
    )
    return [_violation(TOTAL, message, _hint(files, policy.precision))]


def _package(
    files: Sequence[FileCoverage], package: str, threshold: int, policy: Policy
) -> list[Violation]:
    if threshold > 100:
        message = f"package {package} threshold {threshold}% can never be met"
        return [_violation(PACKAGE, message, "set a threshold from 0 to 100")]
    members = [f for f in files if in_package(f.path, package, policy.roots)]
    if not members:
        message = f"package {package} has no measured file"
        hint = (
            "write the package as a folder relative to the rootdir (app/core) "
            "in [tool.backend-guide.coverage.packages]"
        )
        return [_violation(PACKAGE, message, hint)]
    percent = total_of(members).percent
    if not fails_under(percent, threshold, policy.precision):
        return []
    message = (
        f"package {package} coverage {shown_percent(percent, policy.precision)} "
        f"is below its threshold {shown_threshold(threshold)}"
    )
    return [_violation(PACKAGE, message, _hint(members, policy.precision))]


def _hint(files: Sequence[FileCoverage], precision: int) -> str:
    worst = least_covered(files)
    if not worst:
        return "cover the missing branches"
    lines = ["test the least-covered files first:"]
    lines += [f"    {line}" for line in file_table(worst, precision)]
    return "\n".join(lines)


def _violation(code: str, message: str, hint: str) -> Violation:
    return Violation(REPORT_PATH, 1, 1, code, message, hint)
