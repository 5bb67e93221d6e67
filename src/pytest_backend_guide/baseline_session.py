"""The baseline in a ``--guide`` session: filter results, gather keys, write.

Each file's result is filtered where it is computed (in an xdist worker,
too); the keys of every violation travel on the item's report to the
process that prints the summary, which judges stale entries and writes the
baseline under ``--guide-baseline-write``.
"""

from __future__ import annotations

from typing import Any

import pytest

from pytest_backend_guide.baseline import (
    Baseline,
    BaselineError,
    BaselineTally,
    baselined_line,
    keys_from_wire,
    keys_to_wire,
    result_keys,
    stale_lines,
)
from pytest_backend_guide.engine import FileResult
from pytest_backend_guide.registry import RuleRegistry
from pytest_backend_guide.report.terminal import violation_line
from pytest_backend_guide.settings import Settings


class BaselineSession:
    """One session's use of the baseline file."""

    def __init__(
        self,
        config: pytest.Config,
        settings: Settings,
        rules: RuleRegistry,
        project_codes: set[str],
    ) -> None:
        """Read the baseline, if there is one.

        Args:
            config: The pytest config.
            settings: The effective settings.
            rules: The registry, for rule names.
            project_codes: Codes that project checks report.

        Raises:
            pytest.UsageError: The baseline file is unreadable.
        """
        self.settings = settings
        self.rules = rules
        self.project_codes = project_codes
        self.write = bool(config.option.guide_baseline_write)
        warn = config.option.guide_warn or settings.mode == "warn"
        self.strict = settings.strict_baseline and not warn
        self.show = bool(config.option.guide_show_baselined)
        self.is_worker = hasattr(config, "workerinput")
        self.path = settings.baseline
        try:
            self.baseline = Baseline.load(self.path) if self.path else None
        except BaselineError as exc:
            raise pytest.UsageError(f"backend-guide: {exc}") from None
        self.tally = BaselineTally()
        self.stale: dict[tuple[str, str, str, str], int] = {}
        self.written: Baseline | None = None

    @property
    def active(self) -> bool:
        """Return whether there is a baseline to apply or one to write."""
        return self.write or self.baseline is not None

    def filter(self, result: FileResult) -> FileResult:
        """Set aside what the baseline holds (everything, while writing one).

        Args:
            result: A computed result.

        Returns:
            The result to report.
        """
        if self.write:
            return Baseline().split(result, everything=True)
        if self.baseline is None:
            return result
        return self.baseline.split(result)

    def annotate(self, report: Any, result: FileResult, codes: tuple[str, ...]) -> None:
        """Attach what the controller needs to a guide item's report.

        Args:
            report: The call report (a :class:`pytest.TestReport`).
            result: The item's result.
            codes: The codes of a project check, empty for a file item.
        """
        if not self.active:
            return
        held: dict[str, int] = {}
        for violation in result.baselined:
            held[violation.code] = held.get(violation.code, 0) + 1
        extras: dict[str, Any] = {
            "guide_keys": keys_to_wire(result_keys(result).items()),
            "guide_scope": [result.path, *codes],
            "guide_baselined": held,
        }
        if self.show:
            extras["guide_baselined_lines"] = [
                violation_line(violation, self.rules) for violation in result.baselined
            ]
        vars(report).update(extras)  # travels to the xdist controller with it

    def record(self, report: pytest.TestReport) -> None:
        """Gather a guide report's keys, here or from an xdist worker.

        Args:
            report: A guide item's call report.
        """
        keys = getattr(report, "guide_keys", None)
        if keys is None:
            return
        tally = self.tally
        tally.seen.update(keys_from_wire(keys))
        path, *codes = report.guide_scope
        if codes:
            tally.project_codes_run.update(codes)
        else:
            tally.checked_paths.add(path)
        tally.baselined.update(report.guide_baselined)
        tally.shown += getattr(report, "guide_baselined_lines", [])

    def finish(self, session: pytest.Session) -> None:
        """Write the baseline, or judge its entries, at the end of the session.

        Args:
            session: The pytest session, whose exit status a strict
                baseline's stale entries turn to failed.

        Raises:
            pytest.UsageError: The baseline could not be written.
        """
        if self.is_worker or not self.active or self.path is None:
            return
        codes = self.project_codes
        if self.write:
            if session.shouldfail or session.shouldstop:
                return  # an interrupted run must not drop the rest's entries
            self.written = self.tally.rewritten(self.baseline, self.settings, codes)
            try:
                self.written.write(self.path)
            except BaselineError as exc:
                raise pytest.UsageError(f"backend-guide: {exc}") from None
            return
        if self.baseline is not None:
            self.stale = self.tally.stale(self.baseline, self.settings, codes)
        if self.stale and self.strict:
            if session.exitstatus == pytest.ExitCode.OK:
                session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def summary_lines(self) -> list[str]:
        """Return what the terminal summary says about the baseline.

        Returns:
            The lines.
        """
        lines: list[str] = []
        tally = self.tally
        if self.written is not None and self.path is not None:
            total = sum(self.written.entries.values())
            lines.append(
                f"wrote {self.path.name}: {total} known violations"
                f" in {len(self.written.entries)} entries"
            )
            return lines
        if self.show and tally.shown:
            lines += ["baselined:", *(f"  {line}" for line in sorted(tally.shown))]
        if tally.baselined:
            lines.append(baselined_line(tally.baselined, self.show))
        if self.stale:
            lines += stale_lines(self.stale, self.strict)
        return lines


def report_scope(item: Any) -> tuple[str, ...]:
    """Return the codes of a project item's check, empty for a file item.

    Args:
        item: A guide item.

    Returns:
        The codes.
    """
    check = getattr(item, "check", None)
    return tuple(check.codes) if check is not None else ()
