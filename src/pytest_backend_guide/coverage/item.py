"""The item ``pyproject.toml::guide[coverage]``: a guide check like the others.

It is collected like the guide's project items, on ``pyproject.toml``,
outside pytest's package tree, and reports through the same item, report
and summary machinery as every guide check (:mod:`pytest_backend_guide.items`),
so warn mode, the machine reports, the baseline and the tally see its
verdict. Only when it is judged differs: after its own teardown (so that
session fixtures have torn down, and their code counted), or, under
pytest-xdist, on the controller once every worker has sent its data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pytest_backend_guide.engine import FileResult
from pytest_backend_guide.items import GuideCheckItem
from pytest_backend_guide.protocol import (
    run_call_after_teardown,
    run_call_phase,
    run_fixture_phase,
)

ITEM_NAME = "guide[coverage]"


@dataclass(frozen=True)
class Outcome:
    """How the coverage check ended, as data.

    Attributes:
        result: The TEST001/TEST002 result on ``pyproject.toml``: its
            violations, or the reason it was skipped.
        note: For a pass, the total it was judged on (shown in the guide's
            summary).
    """

    result: FileResult
    note: str = ""


Decide = Callable[[], Outcome]


class CoverageFile(pytest.File):
    """The collector of the coverage item, on ``pyproject.toml``."""

    def __init__(self, *, decide: Decide, codes: frozenset[str], **kwargs: Any) -> None:
        """Keep what the item needs.

        Args:
            decide: Judges the run's coverage, when it is time to.
            codes: The enabled rules among TEST001 and TEST002.
            **kwargs: pytest's node arguments.
        """
        super().__init__(**kwargs)
        self.decide = decide
        self.codes = codes

    @classmethod
    def on(
        cls,
        session: pytest.Session,
        path: Path,
        where: str,
        decide: Decide,
        codes: frozenset[str],
    ) -> CoverageFile:
        """Return the collector, its parent the session.

        Args:
            session: The session.
            path: The rootdir's ``pyproject.toml``, or the rootdir without one.
            where: ``pyproject.toml`` (or ``.``): the collector's node id.
            decide: Judges the run's coverage.
            codes: The enabled rules among TEST001 and TEST002.

        Returns:
            The collector.
        """
        return cls.from_parent(
            session, path=path, nodeid=where, decide=decide, codes=codes
        )

    def collect(self) -> list[CoverageItem]:
        """Return the coverage item.

        Returns:
            The item.
        """
        # The id as a string: pytest 9 parses ids read back (--lf, --sw)
        # into the name ``guide`` and the parameter ``coverage``.
        nodeid = f"{self.nodeid}::{ITEM_NAME}"
        return [CoverageItem.from_parent(self, name=ITEM_NAME, nodeid=nodeid)]


class CoverageItem(GuideCheckItem):
    """The coverage check; the coverage plugin decides when it is judged."""

    parent: CoverageFile
    judged_here = True
    """False on an xdist worker: it runs the item's fixtures, the controller judges."""

    @property
    def project_codes(self) -> tuple[str, ...]:
        """Return TEST001/TEST002, those enabled."""
        return tuple(sorted(self.parent.codes))

    def compute(self) -> FileResult:
        """Judge the run's coverage.

        Returns:
            The result, with what the baseline holds set aside.
        """
        outcome = self.parent.decide()
        self.note = outcome.note
        return self.guide.baseline.filter(outcome.result)

    def run_protocol(self, nextitem: pytest.Item | None) -> None:
        """Tear down first, then judge; on an xdist worker, only tear down.

        Its teardown, as the last item's, tears the session fixtures down;
        the call comes after, so that everything the tests ran counts. A
        worker reports the fixtures' phases only when they fail.

        Args:
            nextitem: The item after it (none: it runs last).
        """
        if self.judged_here:
            run_call_after_teardown(self, nextitem)
            return
        phases = [
            run_fixture_phase(self, "setup", nextitem),
            run_fixture_phase(self, "teardown", nextitem),
        ]
        if any(report.failed for report in phases):
            ihook = self.ihook
            ihook.pytest_runtest_logstart(nodeid=self.nodeid, location=self.location)
            for report in phases:
                ihook.pytest_runtest_logreport(report=report)
            ihook.pytest_runtest_logfinish(nodeid=self.nodeid, location=self.location)

    def judge_now(self) -> None:
        """Judge and report the item outside the run loop (its call phase only).

        For the xdist controller, which judges once every worker is done,
        and for a run that stopped before the item ran.
        """
        run_call_phase(self)
