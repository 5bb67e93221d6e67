"""The baseline in one run: filter results, gather keys, judge, write.

Used by the pytest session and by the ``backend-guide`` command alike.
Each file's result is filtered where it is computed (in an xdist worker,
too); the keys of every violation travel (as plain data on the item's
report, under pytest) to the process that prints the summary, which judges
stale entries and writes the baseline under ``--guide-baseline-write``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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
        settings: Settings,
        rules: RuleRegistry,
        project_codes: set[str],
        *,
        write: bool = False,
        show: bool = False,
        warn: bool = False,
    ) -> None:
        """Read the baseline, if there is one.

        Args:
            settings: The effective settings.
            rules: The registry, for rule names.
            project_codes: Codes that project checks report.
            write: Write the baseline at the end (``--guide-baseline-write``).
            show: List the held-back violations (``--guide-show-baselined``).
            warn: Warn mode: stale entries never fail the run.

        Raises:
            BaselineError: The baseline file is unreadable.
        """
        self.settings = settings
        self.rules = rules
        self.project_codes = project_codes
        self.write = write
        self.strict = settings.strict_baseline and not warn
        self.show = show
        self.path = settings.baseline
        self.baseline = Baseline.load(self.path) if self.path else None
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

    def wire(self, result: FileResult, codes: tuple[str, ...]) -> dict[str, Any]:
        """Return what the summary needs of a result, as plain data.

        Args:
            result: A filtered result.
            codes: The codes of a project check, empty for a file's result.

        Returns:
            Attributes for the item's report; none without a baseline.
        """
        if not self.active:
            return {}
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
        return extras

    def record(self, data: Mapping[str, Any]) -> None:
        """Gather what :meth:`wire` returned, here or from an xdist worker.

        Args:
            data: A guide report's attributes.
        """
        keys = data.get("guide_keys")
        if keys is None:
            return
        tally = self.tally
        tally.seen.update(keys_from_wire(keys))
        path, *codes = data["guide_scope"]
        if codes:
            tally.project_codes_run.update(codes)
        else:
            tally.checked_paths.add(path)
        tally.baselined.update(data["guide_baselined"])
        tally.shown += data.get("guide_baselined_lines", [])

    def finish(self, *, interrupted: bool = False) -> bool:
        """Write the baseline, or judge its entries, at the end of the run.

        Args:
            interrupted: The run stopped early (``-x``, Ctrl-C): nothing is
                written, so the entries of unchecked files are not dropped.

        Returns:
            Whether stale entries fail the run (``strict-baseline``).

        Raises:
            BaselineError: The baseline could not be written.
        """
        if not self.active or self.path is None:
            return False
        codes = self.project_codes
        if self.write:
            if not interrupted:
                self.written = self.tally.rewritten(self.baseline, self.settings, codes)
                self.written.write(self.path)
            return False
        if self.baseline is not None:
            self.stale = self.tally.stale(self.baseline, self.settings, codes)
        return bool(self.stale) and self.strict

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
