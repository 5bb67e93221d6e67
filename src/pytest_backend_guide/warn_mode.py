"""``mode = "warn"`` (``--guide-warn``): every check reports, nothing fails.

For a trial period. Each failing guide report becomes a passing one as it
is logged (before pytest's terminal, ``--lf`` cache and JUnit XML see it,
and before an xdist worker sends it), keeping its text; the texts and how
many violations would have failed the run are printed at the end.
"""

from __future__ import annotations

from typing import Any

import pytest

WARN_PLUGIN = "backend-guide-warn"


class WarnMode:
    """The plugin object registered under warn mode."""

    def __init__(self, show_texts: bool = True) -> None:
        """Start with nothing softened.

        Args:
            show_texts: Print the failure texts at the end; not under
                ``--guide-statistics``, which shows only the table.
        """
        self.show_texts = show_texts
        self.texts: list[str] = []
        self.violations = 0
        self.checks = 0

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Turn a failing guide report into a passing one that keeps its text.

        Args:
            report: A test report; only guide reports (which carry
                ``guide_counts``) are touched.
        """
        counts = getattr(report, "guide_counts", None)
        if counts is None:
            return
        if report.failed and report.when == "call":
            vars(report).update(
                guide_warned=str(report.longrepr), outcome="passed", longrepr=None
            )
        text = getattr(report, "guide_warned", None)
        if text is not None:
            self.texts.append(text)
            self.violations += sum(counts.values())
            self.checks += 1

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        """Print what would have failed.

        Args:
            terminalreporter: pytest's terminal reporter.
        """
        if not self.checks:
            return
        terminalreporter.section("backend-guide warnings (mode = warn)", sep="-")
        for text in self.texts if self.show_texts else ():
            terminalreporter.line(text)
        noun = "violation" if self.violations == 1 else "violations"
        terminalreporter.line(
            f"{self.violations} {noun} in {self.checks} checks would have failed"
            " the run (mode = warn: none did)"
        )
