"""Did this run measure something worth judging?

Coverage is judged only on a whole, green run: when no test ran (``-m
guide``, everything deselected), when only part of the suite ran (``-k``,
``--lf``, one test file), when tests failed or errored, or when the run
stopped early, the coverage item is skipped with the reason instead of
failing on a measurement that did not happen.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

GUIDE_MARKER = "guide"


def is_guide(keywords: Any) -> bool:
    """Return whether an item or report belongs to the guide's checks.

    Args:
        keywords: The item's or report's keywords.

    Returns:
        True for guide items (marked ``guide``).
    """
    return bool(keywords.get(GUIDE_MARKER))


@dataclass
class RunTracker:
    """Counts the tests (not guide checks) that ran, failed or were left out.

    Attributes:
        ran: Node ids of tests whose call phase ran.
        failed: Node ids of tests that failed or errored in any phase.
        deselected: How many tests were deselected.
    """

    ran: set[str] = field(default_factory=set)
    failed: set[str] = field(default_factory=set)
    deselected: int = 0

    def record(self, report: Any) -> None:
        """Count one test report.

        Args:
            report: A ``TestReport`` (or a collect report, ignored).
        """
        when = getattr(report, "when", None)
        if when is None or is_guide(report.keywords):
            return
        if when == "call":
            self.ran.add(report.nodeid)
        if report.failed:
            self.failed.add(report.nodeid)

    def record_deselected(self, items: Iterable[Any]) -> None:
        """Count deselected tests.

        Args:
            items: The deselected items.
        """
        self.deselected += sum(1 for item in items if not is_guide(item.keywords))

    def skip_reason(self, stopped: str | None, partial: str | None) -> str | None:
        """Return why coverage must not be judged, if it must not.

        Args:
            stopped: Why the run stopped early, if it did.
            partial: Why only part of the suite ran, if it did.

        Returns:
            The reason, or None when the run can be judged.
        """
        if stopped:
            return f"the run stopped early ({stopped})"
        if not self.ran:
            return "no test ran in this session"
        if self.failed:
            count = len(self.failed)
            noun = "test" if count == 1 else "tests"
            return f"{count} {noun} failed or errored"
        if self.deselected:
            return f"only part of the test suite ran ({self.deselected} deselected)"
        return partial and f"only part of the test suite ran ({partial})"


def partial_run(
    args: Sequence[str], explicit: bool, last_failed: bool, invocation_dir: Path
) -> str | None:
    """Return why the command line runs only part of the suite, if it does.

    Folders given as arguments count as whole suites; single test files,
    node ids (``::``) and ``--lf`` with known failures do not.

    Args:
        args: pytest's resolved arguments (``config.args``).
        explicit: Whether the arguments came from the command line.
        last_failed: Whether ``--lf`` narrows the run to known failures.
        invocation_dir: Where relative arguments are resolved.

    Returns:
        The reason, or None.
    """
    if last_failed:
        return "--lf"
    if not explicit:
        return None
    for arg in args:
        path, _, node = arg.partition("::")
        if node:
            return arg
        if (invocation_dir / path).is_file():
            return path
    return None


def why_not_judged(
    session: pytest.Session, tracker: RunTracker, problems: Sequence[str] = ()
) -> str | None:
    """Return why this session's coverage must not be judged, if it must not.

    Args:
        session: The session, after its tests ran.
        tracker: What ran, failed and was deselected.
        problems: What went wrong while collecting the workers' data.

    Returns:
        The reason, or None when the coverage can be judged.
    """
    config = session.config
    explicit = config.args_source == pytest.Config.ArgsSource.ARGS
    partial = partial_run(
        config.args, explicit, _last_failed(config), config.invocation_params.dir
    )
    stopped = session.shouldfail or session.shouldstop
    reason = tracker.skip_reason(str(stopped) if stopped else None, partial)
    if reason is None and problems:
        reason = "; ".join(problems)
    return reason


def _last_failed(config: pytest.Config) -> bool:
    """Return whether ``--lf`` narrows this run to the last failures."""
    if not config.getoption("lf", False):
        return False
    plugin = config.pluginmanager.get_plugin("lfplugin")
    return bool(getattr(plugin, "lastfailed", None))
