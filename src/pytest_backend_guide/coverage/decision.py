"""Measured data -> the coverage item's outcome, with the guide's thresholds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from pytest_backend_guide.coverage.item import Outcome
from pytest_backend_guide.coverage.measure import Measurement, paused
from pytest_backend_guide.coverage.reading import ReadError, read_files
from pytest_backend_guide.coverage.verdict import (
    TOTAL,
    Policy,
    judge,
    resolve_fail_under,
    total_line,
)
from pytest_backend_guide.discovery import relative_path
from pytest_backend_guide.engine import FileResult
from pytest_backend_guide.settings import Settings

SECTION = "coverage"


@dataclass(frozen=True)
class Judge:
    """Judges measured coverage against the configured thresholds.

    Attributes:
        settings: The guide's settings (options, source roots).
        codes: The enabled rules among TEST001 and TEST002.
    """

    settings: Settings
    codes: frozenset[str]

    def outcome(
        self, measurement: Measurement, keep: Callable[[str], bool] | None
    ) -> Outcome:
        """Read the measurement once and judge it.

        Args:
            measurement: Where the data is.
            keep: Filters the files by display path, when only some count.

        Returns:
            Passed (with the total), failed with the violations, or
            skipped when there is no data to judge.
        """
        cov = measurement.data()
        if cov is None:
            return self.skipped(measurement.reason or "nothing was measured")
        try:
            with paused(cov):
                files = read_files(cov, self.settings.rootdir, keep)
        except ReadError as exc:
            return self.skipped(str(exc))
        if not files:
            return self.skipped("coverage.py measured no file of the source roots")
        policy = self.policy(cov)
        where = self.settings.project_path
        violations = [replace(v, path=where) for v in judge(files, policy)]
        if not violations:
            shown = total_line(files, policy) if TOTAL in policy.codes else ""
            return Outcome(FileResult(where), shown)
        return Outcome(FileResult(where, tuple(violations)))

    def skipped(self, reason: str) -> Outcome:
        """Return the outcome of coverage that is not judged.

        Args:
            reason: Why.

        Returns:
            A skip, with the reason.
        """
        where = self.settings.project_path
        return Outcome(FileResult(where, skipped=f"coverage not judged: {reason}"))

    def policy(self, cov: Any) -> Policy:
        """Return the thresholds, with coverage.py's own settings as fallback.

        Args:
            cov: The ``coverage.Coverage`` whose configuration applies.

        Returns:
            The policy.
        """
        options = self.settings.options.get(SECTION, {})
        rootdir = self.settings.rootdir
        roots = tuple(
            relative_path(root, rootdir)
            for root in self.settings.src
            if root != rootdir
        )
        return Policy(
            self.codes,
            resolve_fail_under(options.get("fail-under"), cov.config.fail_under),
            options.get("packages", {}),
            cov.config.precision,
            roots,
        )
