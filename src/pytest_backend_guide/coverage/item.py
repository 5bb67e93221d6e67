"""The item ``pyproject.toml::guide[coverage]`` and the reports it makes.

The item is collected like the guide's other project items, on
``pyproject.toml``, outside pytest's package tree. Its outcome is decided
after its own teardown (so that session fixtures have torn down, and their
code counted) or, under pytest-xdist, on the controller once every worker
has sent its data; either way the same :class:`Outcome` becomes the same
three reports (setup, call, teardown), which the terminal, ``--junitxml``
and the exit status read like any test's.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

import pytest

from pytest_backend_guide.coverage.run import GUIDE_MARKER
from pytest_backend_guide.engine import FileResult
from pytest_backend_guide.registry import RuleRegistry
from pytest_backend_guide.report.terminal import format_result
from pytest_backend_guide.report.wire import result_to_data

ITEM_NAME = "guide[coverage]"
PASSED: Final = "passed"
FAILED: Final = "failed"
SKIPPED: Final = "skipped"
Status = Literal["passed", "failed", "skipped"]


@dataclass(frozen=True)
class Outcome:
    """How the coverage item ended, as data: the verdict, not its text.

    Attributes:
        status: ``passed``, ``failed`` or ``skipped``.
        text: The reason of a skip, or for a pass the total it was judged
            on (shown in the guide's summary).
        result: The TEST001/TEST002 violations of a failure, on
            ``pyproject.toml``, for the renderers like any item's result.
    """

    status: Status
    text: str = ""
    result: FileResult | None = None

    @property
    def counts(self) -> dict[str, int]:
        """Return the violations per rule code, for the guide's summary."""
        return dict(Counter(self.result.codes)) if self.result else {}


@dataclass(frozen=True)
class Identity:
    """What a report needs to know of the item; plain data, sent by workers.

    Attributes:
        nodeid: ``pyproject.toml::guide[coverage]``; the item's own node id
            object where pytest has one (pytest 9.2's ``NodeId``), so that
            reports made here and by pytest name the same item.
        location: pytest's ``(path, line, headline)`` of the item.
        keywords: The item's keywords (``guide`` among them).
        path: Absolute path of ``pyproject.toml``, where skips point.
    """

    nodeid: Any
    location: tuple[str, int | None, str]
    keywords: tuple[str, ...]
    path: str

    @classmethod
    def of(cls, item: pytest.Item) -> Identity:
        """Return the identity of an item.

        Args:
            item: The coverage item.

        Returns:
            Its identity.
        """
        nodeid = getattr(item, "id", item.nodeid)
        return cls(nodeid, item.location, tuple(item.keywords), str(item.path))

    def as_dict(self) -> dict[str, Any]:
        """Return the identity as plain data, for xdist's channel.

        Returns:
            A dict of strings, tuples and None.
        """
        return {
            "nodeid": str(self.nodeid),
            "location": list(self.location),
            "keywords": list(self.keywords),
            "path": self.path,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Identity:
        """Rebuild an identity sent by a worker.

        Args:
            data: What :meth:`as_dict` returned.

        Returns:
            The identity.
        """
        path, line, headline = data["location"]
        return cls(
            data["nodeid"],
            (path, line, headline),
            tuple(data["keywords"]),
            data["path"],
        )


class CoverageFile(pytest.File):
    """The collector of the coverage item, on ``pyproject.toml``."""

    def collect(self) -> list[CoverageItem]:
        """Return the coverage item.

        Returns:
            The item.
        """
        # The id as a string: pytest 9 parses ids read back (--lf, --sw)
        # into the name ``guide`` and the parameter ``coverage``.
        nodeid = f"{self.nodeid}::{ITEM_NAME}"
        return [CoverageItem.from_parent(self, name=ITEM_NAME, nodeid=nodeid)]


class CoverageItem(pytest.Item):
    """The coverage check; its outcome is decided by the coverage plugin."""

    def __init__(self, **kwargs: Any) -> None:
        """Mark the item.

        Args:
            **kwargs: pytest's node arguments.
        """
        super().__init__(**kwargs)
        self.add_marker(GUIDE_MARKER)

    def runtest(self) -> None:
        """Do nothing: the outcome is decided after the teardown."""

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Locate the item for pytest's reports, as the other guide items.

        Returns:
            ``pyproject.toml``, its first line (0-based), and the headline
            ``guide[coverage]: pyproject.toml`` (a headline equal to the node
            id would be rewritten by pytest as a dotted name).
        """
        return self.path, 0, f"{self.name}: {self.nodeid.split('::', 1)[0]}"


def collect_item(
    session: pytest.Session, path: Path, nodeid: str
) -> CoverageItem | None:
    """Collect the coverage item through pytest's hooks, so reporters count it.

    Args:
        session: The session.
        path: The rootdir's ``pyproject.toml``, or the rootdir without one.
        nodeid: The collector's node id, ``pyproject.toml`` or ``.``.

    Returns:
        The item, or None when its collection failed.
    """
    hook = session.config.hook
    collector = CoverageFile.from_parent(session, path=path, nodeid=nodeid)
    report = hook.pytest_make_collect_report(collector=collector)
    hook.pytest_collectreport(report=report)
    for node in report.result:
        if isinstance(node, CoverageItem):
            hook.pytest_itemcollected(item=node)
            return node
    return None


def call_report(
    identity: Identity, outcome: Outcome, duration: float, rules: RuleRegistry
) -> Any:
    """Return the call-phase report of an outcome.

    A failure's text is the terminal renderer's, as for every guide item;
    its result travels with the report as data (``guide_result``), so that
    the machine renderers see the coverage verdict too.

    Args:
        identity: The item.
        outcome: How it ended.
        duration: Seconds spent deciding.
        rules: The registry, for the renderer's rule names.

    Returns:
        A ``pytest.TestReport``, with ``guide_counts`` for the summary.
    """
    longrepr: Any = None
    extras: dict[str, Any] = {}
    if outcome.status == FAILED and outcome.result is not None:
        longrepr = format_result(outcome.result, rules)
        extras["guide_result"] = result_to_data(outcome.result)
    elif outcome.status == SKIPPED:
        longrepr = (identity.path, 1, f"Skipped: {outcome.text}")
    now = time.time()
    return pytest.TestReport(
        identity.nodeid,
        identity.location,
        dict.fromkeys(identity.keywords, 1),
        outcome.status,
        longrepr,
        "call",
        duration=duration,
        start=now - duration,
        stop=now,
        user_properties=[],
        guide_counts=outcome.counts,
        guide_error=False,
        guide_note=outcome.text if outcome.status == PASSED else "",
        **extras,
    )


def phase_report(identity: Identity, when: Literal["setup", "teardown"]) -> Any:
    """Return a passed setup or teardown report, for a synthesized item.

    Args:
        identity: The item.
        when: ``setup`` or ``teardown``.

    Returns:
        A ``pytest.TestReport``.
    """
    now = time.time()
    return pytest.TestReport(
        identity.nodeid,
        identity.location,
        dict.fromkeys(identity.keywords, 1),
        PASSED,
        None,
        when,
        start=now,
        stop=now,
        user_properties=[],
    )


def log_synthesized(
    hook: Any, identity: Identity, outcome: Outcome, rules: RuleRegistry
) -> None:
    """Report an item that ran elsewhere as if it ran here, all three phases.

    Args:
        hook: pytest's hook relay.
        identity: The item.
        outcome: How it ended.
        rules: The registry, for the renderer's rule names.
    """
    nodeid = str(identity.nodeid)
    hook.pytest_runtest_logstart(nodeid=nodeid, location=identity.location)
    hook.pytest_runtest_logreport(report=phase_report(identity, "setup"))
    report = call_report(identity, outcome, 0.0, rules)
    hook.pytest_runtest_logreport(report=report)
    hook.pytest_runtest_logreport(report=phase_report(identity, "teardown"))
    hook.pytest_runtest_logfinish(nodeid=nodeid, location=identity.location)
