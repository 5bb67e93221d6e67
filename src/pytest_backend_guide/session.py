"""The plugin object of a ``--guide`` session: it adds the items and computes results.

Registered by :func:`pytest_backend_guide.plugin.pytest_configure` under
``--guide`` only. It finds the files, hangs their items on the session,
checks the files in one batch (from the cache, then over the cores) as the
first file item runs, runs guide items with their call phase only, and
counts violations for the summary, here or from xdist workers' reports.
"""

from __future__ import annotations

import bisect
import gc
import time
from collections import Counter
from collections.abc import Generator, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from pytest_backend_guide import __version__
from pytest_backend_guide.baseline import BaselineError
from pytest_backend_guide.baseline_session import BaselineSession
from pytest_backend_guide.cache import ResultCache
from pytest_backend_guide.changed import ChangedError, changed_files, only_changed
from pytest_backend_guide.code_digest import code_digest
from pytest_backend_guide.crash import crash_message
from pytest_backend_guide.custom_rules import with_custom_rules
from pytest_backend_guide.deep import with_deep_stack
from pytest_backend_guide.discovery import FoundFile, discover
from pytest_backend_guide.engine import FileResult, check_project
from pytest_backend_guide.items import (
    ITEM_NAME,
    MARKER,
    GuideCheckItem,
    GuideFiles,
    GuideItem,
    GuideProjectFile,
    GuideProjectItem,
    collect_items,
    project_nodeid,
    report_order,
)
from pytest_backend_guide.manager import Checkers
from pytest_backend_guide.project import FileFact, ProjectCheck, ProjectContext
from pytest_backend_guide.protocol import runs_call_only
from pytest_backend_guide.registry import RuleRegistry
from pytest_backend_guide.replay import Outcome, Replay
from pytest_backend_guide.report.outputs import (
    MachineOutputs,
    ReportWriteError,
    annotations_wanted,
)
from pytest_backend_guide.report.terminal import Tally, shared_hints, summary_lines
from pytest_backend_guide.report.wire import result_from_data, result_to_data
from pytest_backend_guide.runner import (
    BatchRunner,
    Checked,
    CheckerCrash,
    checkers_fingerprint,
)
from pytest_backend_guide.selection import Selection
from pytest_backend_guide.settings import Settings

SESSION_PLUGIN = "backend-guide-session"
"""The name the session plugin is registered under; code reaches it by
:data:`pytest_backend_guide.stash.SESSION_KEY`."""

__all__ = ["SESSION_PLUGIN", "GuideSession"]


class GuideSession:
    """The plugin object registered for one session under ``--guide``."""

    def __init__(
        self,
        config: pytest.Config,
        checkers: Checkers,
        settings: Settings,
        selection: Selection | None = None,
    ) -> None:
        """Hold what every item of the session shares.

        Args:
            config: The pytest config.
            checkers: The loaded checkers.
            settings: The effective settings.
            selection: The guide items the command line selects.
        """
        self.checkers = checkers
        self.settings = settings
        # The checkers' rules and the project's own: names for every code.
        self.rules = with_custom_rules(checkers.rules, settings.custom_rules)
        self.selection = selection or Selection()
        cache = _result_cache(config, checkers, settings, self.rules)
        self.cache = cache
        self.runner = BatchRunner(settings, checkers.hook, cache, rules=self.rules)
        # An xdist worker runs the items it is sent, one by one: it checks
        # each file as its item comes; a lone process checks all at once.
        self.one_by_one = hasattr(config, "workerinput")
        self._results: dict[str, Checked] = {}
        self._heap_frozen = False
        self._facts: dict[str, Mapping[str, Any]] = {}
        self._stream: Generator[tuple[str, Checked], None, None] | None = None
        self.counts: Counter[str] = Counter()
        self.files_reported = 0
        self.files_failed = 0
        self.files_unreadable = 0
        self.files_skipped = 0
        self.selected = 0
        self.notes: list[str] = []
        self.files: tuple[FoundFile, ...] = ()
        self._project: ProjectContext | None = None
        # The digest of the project checks' inputs, once made (None: racy),
        # and when the session began: a file changed after it (while files
        # were checked) is racy, so no result is kept for a state not seen.
        self._project_state: tuple[bytes | None] | None = None
        self._started_ns = time.time_ns()
        self._stored_project: dict[str, FileResult] = {}
        project_codes = {
            code for check in checkers.project_checks.values() for code in check.codes
        }
        option = config.option
        try:
            self.baseline = BaselineSession(
                settings,
                self.rules,
                project_codes,
                write=option.guide_baseline_write,
                show=option.guide_show_baselined,
                warn=option.guide_warn or settings.mode == "warn",
            )
        except BaselineError as exc:
            raise pytest.UsageError(f"backend-guide: {exc}") from None
        # xdist workers gather nothing: the controller judges and writes.
        self.is_worker = hasattr(config, "workerinput")
        self.output_format = option.guide_output_format or settings.output_format
        self.statistics = bool(option.guide_statistics)
        self.outputs = MachineOutputs(
            _path(config, option.guide_json),
            _path(config, option.guide_sarif),
            annotations_wanted(option.guide_no_annotations),
        )
        # Results as data, for the machine reports and the statistics' hints.
        self.wants_data = self.outputs.wanted or self.statistics
        # Cached files are replayed as they were shown when no report needs
        # their violations (see :mod:`pytest_backend_guide.replay`).
        self.runner.replay = not (self.wants_data or self.baseline.active)
        # In report_order, not in the order xdist workers happen to report.
        self.collected: list[FileResult] = []
        self.collected_order: list[tuple[bool, str, str]] = []
        self.output_lines: list[str] = []
        try:
            self.changed = changed_files(config.option.guide_changed, settings.rootdir)
        except ChangedError as exc:
            msg = f"backend-guide: --guide-changed: {exc}"
            raise pytest.UsageError(msg) from None

    def check(self, item: GuideItem) -> Outcome:
        """Return the result of a file item.

        In a lone process the first file item starts checking every file item
        of the session, in their order, and each item takes its result as it
        is ready: items are reported while the workers check later files. An
        xdist worker runs the items it is sent, one by one, and checks each
        file as its item comes.

        Args:
            item: The file's item.

        Returns:
            Its result.

        Raises:
            CheckerCrash: A checker raised on this file.
        """
        relpath = item.found.relpath
        if self.one_by_one:
            self._freeze_heap_once()
            result = self.runner.run([item.found])[relpath]
        else:
            result = self._batch_result(item)
        if isinstance(result, CheckerCrash):
            raise result
        if isinstance(result, Replay):
            return result  # only without a baseline: nothing to set aside
        return self.baseline.filter(result)

    def _batch_result(self, item: GuideItem) -> Checked:
        """Return a file's result from the session's batch, started on first use."""
        relpath = item.found.relpath
        if self._stream is None:
            items = item.session.items
            batch = [other.found for other in items if isinstance(other, GuideItem)]
            self.runner.facts = _facts_asked(
                [item for item in items if not self._replays(item)]
            )
            self._stream = self.runner.results(batch)
        if relpath not in self._results:
            self._pull(self._stream, relpath)
        if relpath in self._results:
            return self._results.pop(relpath)
        return self.runner.run([item.found])[relpath]  # run again, or not in the batch

    def _pull(self, stream: Iterator[tuple[str, Checked]], relpath: str) -> None:
        """Take results from the batch until the one of ``relpath`` (or the end)."""
        for path, result in stream:
            self._results[path] = result
            if not isinstance(result, CheckerCrash) and result.facts:
                self._facts[path] = result.facts
            if path == relpath:
                return

    def _freeze_heap_once(self) -> None:
        """Keep the garbage collector off the heap as it is before the first check.

        Parsing allocates in bursts, and every full collection would scan
        the worker's whole heap (its items and modules) again. -n 2 on
        Django: 1.1-1.2 -> 0.95-1.03 s of checks per worker, same peak
        memory. Undone at the end of the session.
        """
        if not self._heap_frozen:
            gc.freeze()
            self._heap_frozen = True

    def check_project(self, check: ProjectCheck) -> FileResult:
        """Run one project-level check, sharing parsed files between checks.

        Args:
            check: The check.

        Returns:
            Its result.

        Raises:
            CheckerCrash: The check raised: one line naming it.
        """
        project = self._project_context()
        key = self._project_key(check.name) if check.replay else None
        stored = self._stored_project.pop(check.name, None)
        if stored is None and key is not None and self.cache is not None:
            stored = self.cache.get_project(key)
        if stored is not None:  # no input changed since it was computed
            return self.baseline.filter(stored)
        try:
            try:
                result = check_project(check, project)
            except RecursionError:  # a deep tree: once more, with room for it
                result = with_deep_stack(
                    lambda: check_project(check, project), "project"
                )
        except Exception as exc:  # a bug of the check: one short failure
            message = crash_message(exc, check.name)
            raise CheckerCrash(f"pyproject.toml:1:1: error: {message}") from None
        if key is not None and self.cache is not None:
            self.cache.put_project(key, result)
        return self.baseline.filter(result)

    def _replays(self, item: pytest.Item) -> bool:
        """Tell whether a project check's stored result will be shown.

        Asked before the files are checked: the facts of a check that is
        replayed need not be read back and validated from every entry. A
        check whose stored result then fails to load computes its facts
        itself (:meth:`ProjectContext.file_fact`).

        Args:
            item: A collected item.

        Returns:
            True for a project check item whose result is stored for the
            present inputs (kept for :meth:`check_project`).
        """
        if not isinstance(item, GuideProjectItem) or not item.check.replay:
            return False
        key = self._project_key(item.check.name)
        if key is None or self.cache is None:
            return False
        stored = self.cache.get_project(key)
        if stored is None:
            return False
        self._stored_project[item.check.name] = stored
        return True

    def _project_context(self) -> ProjectContext:
        """Return the context project checks share, made on first use."""
        if self._project is None:
            checkable = tuple(found for found in self.files if found.problem is None)
            self._project = ProjectContext(
                self.settings, checkable, self._facts, value_cache=self.cache
            )
        return self._project

    def _project_key(self, name: str) -> str | None:
        """Return the cache key of a project check's result on this tree.

        The digest of its inputs (:mod:`pytest_backend_guide.project_state`)
        is made once per session. Inside a git work tree, the tracked files
        it lists are the project file list the checks then read.

        Args:
            name: The check's name.

        Returns:
            The key, or None without a cache or when a file changed too
            recently for its status to be trusted.
        """
        if self.cache is None:
            return None
        if self._project_state is None:
            self._project_state = (self._state(),)
        state = self._project_state[0]
        if state is None:
            return None
        return self.cache.key(f"project-result:{name}", state)

    def _state(self) -> bytes | None:
        """Digest the project checks' inputs, sharing git's list with them.

        Without git, the tree's shape tells the checks when the files a walk
        lists are the ones stored (see :meth:`ProjectContext.project_files`).
        """
        from pytest_backend_guide.project_files import ProjectFiles, git_tracked_files
        from pytest_backend_guide.project_state import project_state

        settings = self.settings
        project = self._project_context()
        tracked = git_tracked_files(settings)
        state = project_state(settings, self.files, tracked, self._started_ns)
        if tracked is not None:
            listed = ProjectFiles(tracked, True)
            project.memo("host.project-files", lambda: listed)
        else:
            project.walk_shape = state.shape
        return state.inputs

    def pytest_report_header(self) -> str:
        """Say which version runs, with how many rules and which configuration.

        Returns:
            The header line.
        """
        source = self.settings.config_path
        where = source.name if source else "defaults"
        enabled = len(self.settings.enabled)
        return f"backend-guide: {__version__}, {enabled} rules enabled, config: {where}"

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(
        self, session: pytest.Session, items: list[pytest.Item]
    ) -> None:
        """Add one guide item per checked file, before selection by -m or -k.

        The files are found by our own walk and hung on collectors whose
        parent is the session, not a ``Package``: pytest would import a
        package's ``__init__.py`` to set up items below it.

        Args:
            session: The pytest session.
            items: The collected items, extended in place.
        """
        self.files = tuple(discover(self.settings))
        # Project checks see every file; the command line selects file items.
        selection = self.selection
        checked = tuple(
            found
            for found in only_changed(self.files, self.changed)
            if selection.keeps(f"{found.relpath}::{ITEM_NAME}", found.path)
        )
        collectors: list[pytest.Collector] = []
        if checked:
            collectors.append(
                GuideFiles.from_parent(
                    session,
                    name="backend-guide",
                    path=self.settings.rootdir,
                    files=checked,
                )
            )
        enabled = self.settings.enabled
        where = self.settings.project_path
        path = self.settings.rootdir / where
        checks = [
            check
            for check in self.checkers.project_checks.values()
            if enabled.intersection(check.codes)
            and selection.keeps(project_nodeid(where, check.name), path)
        ]
        if checks:
            collectors.append(
                GuideProjectFile.from_parent(
                    session,
                    path=path,
                    nodeid=where,
                    checks=checks,
                )
            )
        items[:0] = collect_items(session, collectors)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        """Attach the violation counts to a guide item's report.

        The counts travel with the report to the xdist controller, where the
        summary is printed.

        Args:
            item: The item.
            call: The phase that ran.

        Yields:
            To let pytest build the report.

        Returns:
            The report, with ``guide_counts`` on guide items.
        """
        report = yield
        if call.when == "call" and isinstance(item, GuideCheckItem) and not item.result:
            # A crash of a checker: no result, but one more failed check.
            crashed = call.excinfo is not None and call.excinfo.errisinstance(
                CheckerCrash
            )
            vars(report).update(guide_counts={}, guide_error=crashed)
        if call.when == "call" and isinstance(item, GuideCheckItem):
            self._attach(report, item)
            # Reported: let the violations go, rather than keep every file's
            # result alive (and scanned by each garbage collection) to the end.
            item.result = None
        return report

    def _attach(self, report: pytest.TestReport, item: GuideCheckItem) -> None:
        """Put a guide item's counts, and what the reports need, on its report.

        Args:
            report: The call phase's report.
            item: The item, its result computed.
        """
        result = item.result
        if isinstance(result, Replay):
            # Replayed only when no baseline or machine report needs more.
            counts = dict(result.counts)
            vars(report).update(guide_counts=counts, guide_error=result.error)
            return
        if result is None:
            return
        # Plain data: travels to the xdist controller with the report.
        extras: dict[str, Any] = {
            "guide_counts": dict(Counter(result.codes)),
            "guide_error": result.error is not None,
        }
        # A skipped check judged nothing: its baseline entries stay as they are.
        if result.skipped is None:
            extras.update(self.baseline.wire(result, item.project_codes))
        if item.note:
            extras["guide_note"] = item.note
        if self.wants_data:
            extras["guide_result"] = result_to_data(result)
        vars(report).update(extras)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Write or judge the baseline; stop the workers; prune; let go of the rest.

        Args:
            session: The pytest session.
        """
        if not self.is_worker:
            try:
                stale_fail = self.baseline.finish(
                    interrupted=bool(session.shouldfail or session.shouldstop)
                )
            except BaselineError as exc:
                raise pytest.UsageError(f"backend-guide: {exc}") from None
            if stale_fail and session.exitstatus == pytest.ExitCode.OK:
                session.exitstatus = pytest.ExitCode.TESTS_FAILED
            try:
                self.output_lines = self.outputs.finish(
                    self.collected,
                    self.rules,
                    self.settings.enabled,
                    self.settings.rootdir,
                )
            except ReportWriteError as exc:
                raise pytest.UsageError(f"backend-guide: {exc}") from None
        if self._stream is not None:
            self._stream.close()
        if self.cache is not None and self.files:
            # Every file the project has, not only those checked: the entries
            # of deleted and renamed files go, those of unselected files stay.
            relpaths = (found.relpath for found in self.files)
            self.cache.finish(relpaths, pack=not self.one_by_one)
        if self._heap_frozen:
            gc.unfreeze()
        self._project = None
        self._project_state = None
        self._stored_project.clear()
        self._results.clear()
        self._facts.clear()

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(
        self, item: pytest.Item, nextitem: pytest.Item | None
    ) -> bool | None:
        """Run a guide item its own way (see :mod:`.protocol`).

        Args:
            item: The item to run.
            nextitem: The item after it.

        Returns:
            True when the item was run here, None to leave it to pytest.
        """
        if not isinstance(item, GuideCheckItem) or not runs_call_only(item):
            return None
        item.run_protocol(nextitem)
        return True

    @pytest.hookimpl(tryfirst=True)
    def pytest_report_teststatus(
        self, report: pytest.TestReport, config: pytest.Config
    ) -> tuple[str, str, str] | None:
        """Under ``--guide-statistics``, print no progress dot for a guide check.

        As ``ruff --statistics``, the output is the table; the check still
        counts in pytest's final line, under its outcome. With ``-v`` pytest
        prints its line per item as usual.

        Args:
            report: A test report.
            config: The pytest config.

        Returns:
            ``(outcome, "", "")`` for a guide check's call, else None.
        """
        if (
            not self.statistics
            or config.get_verbosity() > 0
            or report.when != "call"
            or MARKER not in report.keywords
            or hasattr(report, "wasxfail")
        ):
            return None
        return report.outcome, "", ""

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Count the violations of every guide report, here or from a worker.

        Args:
            report: A test report.
        """
        counts = getattr(report, "guide_counts", None)
        if counts is None:
            return
        note = getattr(report, "guide_note", "")
        if note:
            self.notes.append(note)
        self.baseline.record(vars(report))
        data = getattr(report, "guide_result", None)
        if data is not None:
            order = report_order(report.nodeid)
            at = bisect.bisect(self.collected_order, order)
            self.collected_order.insert(at, order)
            self.collected.insert(at, result_from_data(data))
        if report.skipped:
            self.files_skipped += 1
            return
        self.counts.update(counts)
        self.files_reported += 1
        self.files_failed += int(report.failed)
        self.files_unreadable += int(getattr(report, "guide_error", False))

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Count the guide items selected to run, to tell if some did not.

        Args:
            session: The session, its items selected.
        """
        self.selected = sum(1 for item in session.items if is_guide_item(item))

    def pytest_terminal_summary(self, terminalreporter: Any, exitstatus: int) -> None:
        """Print violations per rule at the end of the session.

        Args:
            terminalreporter: pytest's terminal reporter.
            exitstatus: The session's exit status.
        """
        ran = self.files_reported + self.files_skipped
        not_run = max(self.selected - ran, 0)
        if not ran and not not_run:
            return
        terminalreporter.section("backend-guide", sep="-")
        lines = [*self.notes]
        if self.files_reported:
            lines += summary_lines(
                self.counts,
                Tally(self.files_reported, self.files_failed, self.files_unreadable),
                self.rules,
                shared_hints(self.collected) if self.statistics else None,
            )
        if not_run:
            lines.append(not_run_line(not_run, self.selected, exitstatus))
        extra = [*self.baseline.summary_lines(), *self.output_lines]
        for line in [*lines, *extra]:
            terminalreporter.line(line)


def _path(config: pytest.Config, value: str | None) -> Path | None:
    """Return a report path given on the command line, from where pytest runs."""
    if not value:
        return None
    return Path(config.invocation_params.dir, value)


def is_guide_item(item: pytest.Item) -> bool:
    """Return whether an item is a guide check (the coverage item included).

    Args:
        item: A collected item.

    Returns:
        True for items marked ``guide``.
    """
    return item.get_closest_marker(MARKER) is not None


def not_run_line(not_run: int, selected: int, exitstatus: int) -> str:
    """Say that checks did not run, and why, so the summary never reads as a pass.

    Args:
        not_run: Guide checks selected but not run.
        selected: Guide checks selected.
        exitstatus: The session's exit status.

    Returns:
        The line.
    """
    if not_run == selected:
        head = "the guide checks did not run"
    else:
        head = f"{not_run} of {selected} guide checks did not run"
    if exitstatus == pytest.ExitCode.INTERRUPTED:
        return (
            f"{head}: the session was interrupted (errors during collection?); "
            "'pytest --guide-only' checks without importing the tests"
        )
    return f"{head}: the session stopped early"


def _result_cache(
    config: pytest.Config, checkers: Checkers, settings: Settings, rules: RuleRegistry
) -> ResultCache | None:
    """Return the result cache, unless caching is off for this run."""
    cache = getattr(config, "cache", None)
    if cache is None or config.option.guide_no_cache:
        return None
    code = code_digest(checkers.code_roots)
    fingerprint = checkers_fingerprint(settings, checkers.versions, code)
    try:
        result_cache = ResultCache.open(
            cache.mkdir("backend-guide"), fingerprint, rules
        )
    except OSError as exc:
        # A read-only checkout, a read-only cache, a file in the cache's
        # place: check everything, and say so once, as pytest does.
        if not hasattr(config, "workerinput"):
            message = f"backend-guide: cannot use the cache ({exc}); checking uncached"
            config.issue_config_time_warning(pytest.PytestCacheWarning(message), 2)
        return None
    if not hasattr(config, "workerinput"):
        result_cache.prune()
    return result_cache


def _facts_asked(items: list[pytest.Item]) -> tuple[FileFact, ...]:
    """Return the per-file facts that the session's project checks will ask for."""
    facts: dict[str, FileFact] = {}
    for item in items:
        if isinstance(item, GuideProjectItem):
            for fact in item.check.facts:
                facts.setdefault(fact.kind, fact)
    return tuple(facts.values())
