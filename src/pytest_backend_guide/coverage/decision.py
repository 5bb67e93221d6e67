"""Measured data -> the coverage item's outcome, with the guide's thresholds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from pytest_backend_guide.coverage.item import FAILED, PASSED, SKIPPED, Outcome
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
from pytest_backend_guide.registry import RuleRegistry
from pytest_backend_guide.settings import Settings

SECTION = "coverage"


def skipped(reason: str) -> Outcome:
    """Return the outcome of coverage that is not judged.

    Args:
        reason: Why.

    Returns:
        A skip, with the reason.
    """
    return Outcome(SKIPPED, f"coverage not judged: {reason}")


@dataclass(frozen=True)
class Judge:
    """Judges measured coverage against the configured thresholds.

    Attributes:
        settings: The guide's settings (options, source roots).
        rules: The rule registry, for rule names in messages.
        codes: The enabled rules among TEST001 and TEST002.
    """

    settings: Settings
    rules: RuleRegistry
    codes: frozenset[str]

    def outcome(
        self, measurement: Measurement, keep: Callable[[str], bool] | None
    ) -> Outcome:
        """Read the measurement once and judge it.

        Args:
            measurement: Where the data is.
            keep: Filters the files by display path, when only some count.

        Returns:
            Passed, failed with the violations (data, rendered by the
            item's report), or skipped when there is no data to judge.
        """
        cov = measurement.data()
        if cov is None:
            return skipped(measurement.reason or "nothing was measured")
        try:
            with paused(cov):
                files = read_files(cov, self.settings.rootdir, keep)
        except ReadError as exc:
            return skipped(str(exc))
        if not files:
            return skipped("coverage.py measured no file of the source roots")
        policy = self.policy(cov)
        where = self.settings.project_path
        violations = [replace(v, path=where) for v in judge(files, policy)]
        if not violations:
            shown = total_line(files, policy) if TOTAL in policy.codes else ""
            return Outcome(PASSED, shown)
        return Outcome(FAILED, result=FileResult(where, tuple(violations)))

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
