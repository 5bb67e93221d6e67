"""Totals, per-package totals and the least-covered files: pure arithmetic.

The numbers follow coverage.py's own: a file's percentage counts executed
statements plus executed branches over statements plus branches, and a
threshold is compared after rounding to the report precision, so that the
guide and ``coverage report --fail-under`` agree on the same data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

LEAST_COVERED_SHOWN = 10


@dataclass(frozen=True)
class FileCoverage:
    """The measured coverage of one file.

    Attributes:
        path: Display path, relative to the rootdir, ``/``-separated.
        statements: Executable statements.
        missing: Statements that never ran.
        branches: Possible branch destinations (0 without branch coverage).
        missing_branches: Branch destinations never taken.
        missing_text: The missing lines as coverage.py formats them
            (``12-18, 40``).
    """

    path: str
    statements: int
    missing: int
    branches: int = 0
    missing_branches: int = 0
    missing_text: str = ""

    @property
    def percent(self) -> float:
        """Return the covered share in percent, 100 for a file with nothing to run."""
        return _percent(
            self.statements, self.missing, self.branches, self.missing_branches
        )


@dataclass(frozen=True)
class Totals:
    """The summed coverage of several files.

    Attributes:
        files: How many files were summed.
        statements: Executable statements.
        missing: Statements that never ran.
        branches: Possible branch destinations.
        missing_branches: Branch destinations never taken.
    """

    files: int = 0
    statements: int = 0
    missing: int = 0
    branches: int = 0
    missing_branches: int = 0

    @property
    def percent(self) -> float:
        """Return the covered share in percent, 100 when there is nothing to run."""
        return _percent(
            self.statements, self.missing, self.branches, self.missing_branches
        )


def total_of(files: Iterable[FileCoverage]) -> Totals:
    """Sum the coverage of files.

    Args:
        files: The files.

    Returns:
        Their totals.
    """
    count = statements = missing = branches = missing_branches = 0
    for file in files:
        count += 1
        statements += file.statements
        missing += file.missing
        branches += file.branches
        missing_branches += file.missing_branches
    return Totals(count, statements, missing, branches, missing_branches)


def in_package(path: str, package: str, roots: Sequence[str] = ()) -> bool:
    """Return whether a file lies in a package folder.

    Args:
        path: The file's display path, relative to the rootdir.
        package: The package as configured: a folder relative to the rootdir
            (``app/core``) or to a source root, or a dotted name
            (``app.core``).
        roots: Source roots relative to the rootdir (``src``), under which
            ``package`` may also be written.

    Returns:
        True when the file is the package's folder or below it.
    """
    folder = package.strip("/")
    if "/" not in folder and "." in folder:
        folder = folder.replace(".", "/")
    prefixes = [folder] + [f"{root}/{folder}" for root in roots if root]
    return any(path == p or path.startswith(p + "/") for p in prefixes)


def least_covered(
    files: Iterable[FileCoverage], limit: int = LEAST_COVERED_SHOWN
) -> list[FileCoverage]:
    """Return the files with the lowest coverage, those with missing code only.

    Args:
        files: The measured files.
        limit: How many to return at most.

    Returns:
        Lowest percentage first; ties broken by more missing statements,
        then by path.
    """
    incomplete = [f for f in files if f.missing or f.missing_branches]
    incomplete.sort(key=lambda f: (f.percent, -f.missing, f.path))
    return incomplete[:limit]


def fails_under(percent: float, threshold: float, precision: int) -> bool:
    """Return whether a percentage is under a threshold, as coverage.py decides.

    Args:
        percent: The measured percentage.
        threshold: The required percentage, 0 to 100.
        precision: Digits after the decimal point of the report.

    Returns:
        True when the percentage, rounded to ``precision``, is below the
        threshold; a threshold of 100 requires exactly 100.
    """
    if threshold >= 100:
        return percent < 100
    return round(percent, precision) < threshold


def shown_percent(percent: float, precision: int) -> str:
    """Return a percentage for messages, never rounded up to 100 or down to 0.

    Args:
        percent: The percentage.
        precision: Digits after the decimal point (at least one is shown).

    Returns:
        The text, with a ``%`` sign.
    """
    digits = max(precision, 1)
    step = 10.0**-digits
    if 0 < percent < step:
        percent = step
    elif 100 - step < percent < 100:
        percent = 100 - step
    return f"{percent:.{digits}f}%"


def shown_threshold(threshold: float) -> str:
    """Return a threshold for messages: ``80%``, or ``87.5%``.

    Args:
        threshold: The threshold.

    Returns:
        The text.
    """
    return f"{threshold:g}%"


def file_table(files: Sequence[FileCoverage], precision: int) -> list[str]:
    """Return one aligned line per file: path, percentage, missing lines.

    Args:
        files: The files to show, in order.
        precision: Digits after the decimal point of percentages.

    Returns:
        Lines such as ``app/core/orders.py  41.2%  missing 12-18, 40``.
    """
    width = max((len(f.path) for f in files), default=0)
    shown = [shown_percent(f.percent, precision) for f in files]
    number_width = max((len(text) for text in shown), default=0)
    return [
        f"{f.path:<{width}}  {text:>{number_width}}  missing {f.missing_text}".rstrip()
        for f, text in zip(files, shown)
    ]


def _percent(statements: int, missing: int, branches: int, missed: int) -> float:
    possible = statements + branches
    if not possible:
        return 100.0
    return 100.0 * (possible - missing - missed) / possible
