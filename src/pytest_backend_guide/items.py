"""The guide's collectors and items: one item per file, one per project check.

Every item hangs on a collector whose parent is the session, never on a
``Package``: pytest would import a package's ``__init__.py`` to set up
items below it, and the checked code is never imported.
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pytest_backend_guide.crash import CheckerCrash
from pytest_backend_guide.protocol import GuideFailure, run_call_phase
from pytest_backend_guide.replay import Outcome, Replay
from pytest_backend_guide.report.longrepr import failure_repr, shown_repr
from pytest_backend_guide.report.terminal import format_result
from pytest_backend_guide.stash import SESSION_KEY

if TYPE_CHECKING:
    from pytest_backend_guide.discovery import FoundFile
    from pytest_backend_guide.engine import FileResult
    from pytest_backend_guide.project import ProjectCheck
    from pytest_backend_guide.session import GuideSession

MARKER = "guide"
ITEM_NAME = "guide"


class GuideFiles(pytest.Collector):
    """The parent of every file item: one collector, not one per file.

    A collector per file would cost pytest a setup and a teardown per item;
    the items keep their own node ids (``app/api/users.py::guide``). Its
    parent is the session, not a ``Package``: pytest would import a
    package's ``__init__.py`` to set up items below it.
    """

    def __init__(self, *, files: tuple[FoundFile, ...], **kwargs: Any) -> None:
        """Keep the files.

        Args:
            files: The files to check.
            **kwargs: pytest's node arguments.
        """
        super().__init__(**kwargs)
        self.files = files

    def collect(self) -> list[GuideItem]:
        """Return one guide item per file.

        Returns:
            The items.
        """
        return [
            GuideItem.from_parent(
                self,
                name=ITEM_NAME,
                path=found.path,
                nodeid=f"{found.relpath}::{ITEM_NAME}",
                found=found,
            )
            for found in self.files
        ]


class GuideProjectFile(pytest.File):
    """The collector of the project-level checks, on ``pyproject.toml``."""

    def __init__(self, *, checks: list[ProjectCheck], **kwargs: Any) -> None:
        """Keep the checks.

        Args:
            checks: The enabled project-level checks.
            **kwargs: pytest's node arguments.
        """
        super().__init__(**kwargs)
        self.checks = checks

    def collect(self) -> list[GuideProjectItem]:
        """Return one item per check, named ``guide[<check>]``.

        Returns:
            The items.
        """
        return [
            GuideProjectItem.from_parent(
                self,
                name=f"{ITEM_NAME}[{check.name}]",
                nodeid=project_nodeid(self.nodeid, check.name),
                check=check,
            )
            for check in self.checks
        ]


def project_nodeid(file_nodeid: str, check: str) -> str:
    """Return the node id of a project item, ``pyproject.toml::guide[<check>]``.

    Given as a string, not left to pytest: pytest 9 derives a child's id
    with the whole name as one segment, but parses ids read back (``--lf``,
    ``--sw``, the command line) as the name ``guide`` with the parameter
    ``<check>``; the two would never compare equal.

    Args:
        file_nodeid: The node id of the collector (``pyproject.toml``).
        check: The check's name.

    Returns:
        The node id.
    """
    return f"{file_nodeid}::{ITEM_NAME}[{check}]"


def report_order(nodeid: str) -> tuple[bool, str, str]:
    """Return where an item's result goes in the machine reports.

    Files in path order (the order of a run without xdist), then the
    project checks by name: the same whichever worker finishes first.

    Args:
        nodeid: A guide item's node id.

    Returns:
        A sort key.
    """
    is_project = nodeid.endswith("]")  # see project_nodeid
    return is_project, nodeid.split("::", 1)[0], nodeid


class GuideCheckItem(pytest.Item):
    """A guide check: passes, or fails listing every violation."""

    def __init__(self, **kwargs: Any) -> None:
        """Mark the item.

        Args:
            **kwargs: pytest's node arguments.
        """
        super().__init__(**kwargs)
        self.result: Outcome | None = None
        # A line for the guide's summary when the check passes (coverage's total).
        self.note = ""
        self.add_marker(MARKER)

    @property
    def guide(self) -> GuideSession:
        """Return the session plugin that computes results."""
        return self.config.stash[SESSION_KEY]

    def __repr__(self) -> str:
        """Name the item by its node id, which says which file it checks."""
        return f"<{type(self).__name__} {self.nodeid}>"

    @property
    def display_path(self) -> str:
        """Return the checked path, relative to the rootdir."""
        return self.nodeid.split("::", 1)[0]

    @property
    def project_codes(self) -> tuple[str, ...]:
        """Return the codes a project-level check judges; none for a file's check."""
        return ()

    def compute(self) -> Outcome:
        """Return the result of this item's check."""
        raise NotImplementedError

    def run_protocol(self, nextitem: pytest.Item | None) -> None:
        """Run the item and log its reports: its call phase only.

        Args:
            nextitem: The item after it.
        """
        run_call_phase(self)

    def runtest(self) -> None:
        """Run the check.

        Raises:
            GuideFailure: There are violations, or the file cannot be checked.
        """
        self.result = self.compute()
        if self.result.skipped:
            # Reported at the item, not at this line of the plugin.
            raise pytest.skip.Exception(self.result.skipped, _use_item_location=True)
        if not self.result.ok:
            raise GuideFailure(self.result)

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
    ) -> str | Any:
        """Report violations like a linter rather than as a traceback.

        Args:
            excinfo: The failure.
            style: pytest's traceback style, used for unexpected errors.

        Returns:
            The failure text.
        """
        if isinstance(excinfo.value, CheckerCrash):
            return str(excinfo.value)  # one line, not the checker's traceback
        if isinstance(excinfo.value, GuideFailure):
            guide = self.guide
            concise = guide.output_format == "concise"
            result = excinfo.value.result
            if isinstance(result, Replay):  # cached: shown as it was stored
                crash = result.crash or (result.path, 1, result.path)
                return shown_repr(result.failure_text(concise=concise), crash)
            text = format_result(result, guide.rules, concise=concise)
            # The text in the failures section; one line in pytest's summary.
            return failure_repr(result, text, guide.rules)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Locate the item for pytest's reports.

        Returns:
            The file, its first line (0-based, so that skips are reported at
            ``path:1``), and the failure's headline, ``guide: <path>``.
            (pytest rewrites a headline that ends its node id as a dotted
            Python name, so the headline must not be the node id itself.)
        """
        return self.path, 0, f"{self.name}: {self.display_path}"


class GuideItem(GuideCheckItem):
    """The check of one Python file."""

    def __init__(self, *, found: FoundFile, **kwargs: Any) -> None:
        """Keep the file.

        Args:
            found: The file to check.
            **kwargs: pytest's node arguments.
        """
        super().__init__(**kwargs)
        self.found = found
        # -k matches the file's name and folders, as it would for a test module.
        self.extra_keyword_matches.update(found.relpath.split("/"))

    @cached_property
    def location(self) -> tuple[str, int | None, str]:
        """Locate the item as pytest would, from the path we already know.

        pytest derives it from :meth:`reportinfo` through a relative-path
        computation that cost more than the check of a cached file.

        Returns:
            The file relative to the rootdir, line 0 and the headline.
        """
        relpath = self.found.relpath.replace("/", os.sep)
        return relpath, 0, f"{self.name}: {self.found.relpath}"

    def compute(self) -> Outcome:
        """Check the file.

        Returns:
            Its result, or the replay of its cached result.
        """
        return self.guide.check(self)


class GuideProjectItem(GuideCheckItem):
    """One project-level check."""

    def __init__(self, *, check: ProjectCheck, **kwargs: Any) -> None:
        """Keep the check.

        Args:
            check: The project-level check.
            **kwargs: pytest's node arguments.
        """
        super().__init__(**kwargs)
        self.check = check

    @property
    def project_codes(self) -> tuple[str, ...]:
        """Return the codes of the check."""
        return tuple(self.check.codes)

    def compute(self) -> FileResult:
        """Run the check.

        Returns:
            Its result.
        """
        return self.guide.check_project(self.check)


def collect_items(
    session: pytest.Session, collectors: list[pytest.Collector]
) -> list[pytest.Item]:
    """Collect our collectors through pytest's hooks, so that reporters count them.

    Args:
        session: The session, the collectors' parent.
        collectors: The collectors.

    Returns:
        Their items.
    """
    hook = session.config.hook
    items: list[pytest.Item] = []
    for collector in collectors:
        report = hook.pytest_make_collect_report(collector=collector)
        hook.pytest_collectreport(report=report)
        for item in report.result:
            if isinstance(item, pytest.Item):
                hook.pytest_itemcollected(item=item)
                items.append(item)
    return items
