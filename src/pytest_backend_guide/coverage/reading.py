"""Read per-file numbers out of a coverage.py ``Coverage`` object.

This is the one place that touches coverage.py's analysis: every reported
file is analysed once, with the measurement's own configuration (``omit``,
``include``, ``exclude_lines``, branch coverage), exactly as
``coverage report`` would, and reduced to :class:`FileCoverage` records.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pytest_backend_guide.coverage.threshold import FileCoverage
from pytest_backend_guide.discovery import relative_path


class ReadError(Exception):
    """The coverage data cannot be read or analysed."""


def read_files(
    cov: Any, rootdir: Path, keep: Callable[[str], bool] | None = None
) -> list[FileCoverage]:
    """Analyse every file that the measurement reports on.

    Args:
        cov: A ``coverage.Coverage`` holding the data (running or not).
        rootdir: The project root; paths are made relative to it.
        keep: Filters display paths, when only some files count.

    Returns:
        The files, sorted by path; empty when nothing was measured.

    Raises:
        ReadError: coverage.py could not analyse the data.
    """
    from coverage.exceptions import CoverageException, NoDataError

    get_analysis_to_report = _analysis_function()
    cov.set_option("report:ignore_errors", True)
    branches = bool(cov.config.branch)
    base = rootdir.resolve()
    found = []
    try:
        cov.get_data()  # a running measurement flushes what it collected
        for reporter, analysis in get_analysis_to_report(cov, None):
            path = relative_path(Path(reporter.filename), base)
            if keep is not None and not keep(path):
                continue
            numbers = analysis.numbers
            found.append(
                FileCoverage(
                    path,
                    numbers.n_statements,
                    numbers.n_missing,
                    numbers.n_branches,
                    numbers.n_missing_branches,
                    analysis.missing_formatted(branches=branches),
                )
            )
    except NoDataError:
        return []
    except CoverageException as exc:
        raise ReadError(str(exc)) from None
    return sorted(found, key=lambda file: file.path)


def _analysis_function() -> Callable[..., Any]:
    """Return coverage.py's generator of (file reporter, analysis) pairs."""
    try:
        from coverage.report_core import get_analysis_to_report
    except ImportError:  # pragma: no cover - coverage < 7.3
        from coverage.report import get_analysis_to_report  # type: ignore[no-redef, attr-defined, unused-ignore]
    return get_analysis_to_report
