"""pytest's hooks for measuring and judging coverage (TEST001, TEST002).

:class:`CoveragePlugin` is registered by
:func:`pytest_backend_guide.coverage.startup.register`, before the initial
conftests load. It appends the item ``pyproject.toml::guide[coverage]``
after every test, judges the run when the item runs last (or, under
pytest-xdist, on the controller once every worker has sent its data), and
finishes the measurement. The item reports like every guide check.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from pytest_backend_guide.coverage.datafile import DataFileError
from pytest_backend_guide.coverage.decision import Judge
from pytest_backend_guide.coverage.item import CoverageFile, CoverageItem, Outcome
from pytest_backend_guide.coverage.measure import (
    WORKERS_MEASURE,
    Choice,
    CombinedMeasurement,
    Measurement,
    MeasurementError,
    NoMeasurement,
    OuterMeasurement,
    OwnMeasurement,
    choose,
    combined,
)
from pytest_backend_guide.coverage.run import RunTracker, is_guide, why_not_judged
from pytest_backend_guide.discovery import find_python_files
from pytest_backend_guide.items import collect_items
from pytest_backend_guide.settings import Settings
from pytest_backend_guide.stash import SESSION_KEY

PLUGIN_NAME = "backend-guide-coverage"
WORKER_KEY = "backend_guide_coverage"
XDIST_CONTROLLER = "dsession"
SINGLE, WORKER, CONTROLLER = "single", "worker", "controller"


class CoveragePlugin:
    """Measures (or finds the measurement of) one session and judges it."""

    def __init__(
        self,
        config: pytest.Config,
        settings: Settings,
        codes: frozenset[str],
    ) -> None:
        """Hold what the judgement needs.

        Args:
            config: The pytest config.
            settings: The guide's settings.
            codes: The enabled rules among TEST001 and TEST002.
        """
        self.config = config
        self.settings = settings
        self.judge = Judge(settings, codes)
        self.measurement: Measurement = NoMeasurement("coverage was not started")
        self.tracker = RunTracker()
        self.role = SINGLE
        self.item: CoverageItem | None = None
        self.selected = False
        self.decided = False
        self.worker_selected = False
        self.stopped: str | None = None
        self.problems: list[str] = []

    def start(self, choice: Choice) -> None:
        """Start measuring, or find who measures.

        Args:
            choice: What the command line says.

        Raises:
            UsageError: coverage.py cannot start (its configuration is wrong).
        """
        try:
            self.measurement = choose(
                choice,
                self.settings,
                self.config.invocation_params.dir,
                self.config.pluginmanager,
            )
        except Exception as exc:  # noqa: BLE001 - any of coverage.py's errors
            raise pytest.UsageError(cannot_start(exc)) from None

    @pytest.hookimpl(tryfirst=True)
    def pytest_configure(self, config: pytest.Config) -> None:
        """Wrap the run loop between pytest-cov's wrapper and the terminal's.

        Registered now, after pytest-cov and before the terminal reporter,
        the wrapper sees pytest-cov's combined data and reports before the
        terminal writes its final progress.

        Args:
            config: The pytest config.
        """
        config.pluginmanager.register(RunLoop(self), f"{PLUGIN_NAME}-loop")

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        """Learn this process's part under xdist and measure accordingly.

        Args:
            session: The session.
        """
        config = session.config
        if hasattr(config, "workerinput"):
            self.role = WORKER
        elif config.pluginmanager.has_plugin(XDIST_CONTROLLER):
            self.role = CONTROLLER
            if self._measures_here():
                outer = isinstance(self.measurement, OuterMeasurement)
                self.measurement.abort()
                try:
                    self.measurement = combined(
                        self.settings, config.invocation_params.dir, write=not outer
                    )
                except Exception as exc:  # noqa: BLE001 - any of coverage.py's errors
                    raise pytest.UsageError(cannot_start(exc)) from None
        elif isinstance(self.measurement, NoMeasurement) and self._measures_here():
            self.start(Choice())  # xdist was expected but runs the tests here

    def _measures_here(self) -> bool:
        measurement = self.measurement
        if isinstance(measurement, (OwnMeasurement, OuterMeasurement)):
            return True
        return (
            isinstance(measurement, NoMeasurement)
            and measurement.reason == WORKERS_MEASURE
        )

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_collection_modifyitems(
        self, session: pytest.Session, items: list[pytest.Item]
    ) -> Iterator[None]:
        """Append the coverage item before selection, and keep it last after.

        The item exists only when tests were collected: without tests there
        is nothing to measure (TEST004 reports that). Added before ``-m``,
        ``-k`` and ``--lf`` select items, it is selected like any other.

        Args:
            session: The session.
            items: The collected items, changed in place.

        Yields:
            To let the other plugins select and reorder.

        Returns:
            Nothing.
        """
        if any(not is_guide(item.keywords) for item in items):
            collected = collect_items(session, [self._collector(session)])
            if collected and isinstance(collected[0], CoverageItem):
                self.item = collected[0]
                self.item.judged_here = self.role != WORKER
                items.append(self.item)
        yield
        if self.item is not None and self.item in items:
            self.selected = True
            if items[-1] is not self.item:
                items.remove(self.item)
                items.append(self.item)

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        """Count the tests left out of this run.

        Args:
            items: The deselected items.
        """
        self.tracker.record_deselected(items)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Count the tests that ran and failed, here or on a worker.

        Args:
            report: A test report.
        """
        self.tracker.record(report)

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """Take a finished xdist worker's data and what it knows of the item.

        Args:
            node: The worker's controller.
            error: Why the worker went down, if it crashed.
        """
        output = getattr(node, "workeroutput", {}).get(WORKER_KEY)
        worker = getattr(getattr(node, "gateway", None), "id", "a worker")
        measurement = self.measurement
        combining = isinstance(measurement, CombinedMeasurement)
        if output is None:
            if combining:
                self.problems.append(f"{worker} sent no coverage data")
            return
        self.worker_selected = self.worker_selected or bool(output.get("selected"))
        self.tracker.deselected = max(self.tracker.deselected, output["deselected"])
        if not isinstance(measurement, CombinedMeasurement):
            return  # pytest-cov combines its own data, or nothing is measured
        if output.get("problem"):
            self.problems.append(f"{worker}: {output['problem']}")
        if output.get("data") is not None:
            try:
                measurement.add(output["data"])
            except MeasurementError as exc:
                self.problems.append(f"{worker}: {exc}")

    def report_unrun(self, session: pytest.Session, stopped: str | None) -> None:
        """Report the item as skipped when the run stopped before it ran.

        Args:
            session: The session.
            stopped: Why the run stopped; nothing is reported without one.
        """
        if not stopped or self.decided or self.role == WORKER:
            return
        self.stopped = stopped
        item = self.item if self.selected else None
        if item is None and self.worker_selected:
            item = self.controller_item(session)
        if item is not None:
            item.judge_now()

    def controller_item(self, session: pytest.Session) -> CoverageItem:
        """Return the coverage item on the xdist controller, which collects none.

        Built as the workers built it, so it has the same node id.

        Args:
            session: The controller's session.

        Returns:
            The item.
        """
        item = self._collector(session).collect()[0]
        item.judged_here = True
        return item

    def _collector(self, session: pytest.Session) -> CoverageFile:
        """Return the collector of the coverage item, on ``pyproject.toml``."""
        where = self.settings.project_path
        path = self.settings.rootdir / where
        def decide() -> Outcome:
            return self.decide(session)

        return CoverageFile.on(session, path, where, decide, self.judge.codes)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Stop measuring: send the data to the controller, or write it.

        Args:
            session: The session.
        """
        if self.role == WORKER:
            session.config.workeroutput[WORKER_KEY] = self._worker_output()  # type: ignore[attr-defined]
            return
        try:
            self.measurement.finish()
        except DataFileError as exc:
            warnings.warn(pytest.PytestWarning(f"backend-guide: {exc}"), stacklevel=1)

    def pytest_unconfigure(self) -> None:
        """Stop a measurement that the session did not finish."""
        self.measurement.abort()

    def _worker_output(self) -> dict[str, Any]:
        output: dict[str, Any] = {
            "selected": self.item is not None and self.selected,
            "deselected": self.tracker.deselected,
            "data": None,
            "problem": None,
        }
        try:
            output["data"] = self.measurement.export()
        except Exception as exc:  # noqa: BLE001 - the controller reports it
            output["problem"] = f"cannot export coverage data: {exc}"
        if output["data"] is None and self.measurement.reason:
            output["problem"] = self.measurement.reason
        return output

    def decide(self, session: pytest.Session) -> Outcome:
        """Judge the run's coverage, or say why it cannot be judged.

        Args:
            session: The session.

        Returns:
            The outcome of the coverage item.
        """
        self.decided = True
        if self.stopped:
            return self.judge.skipped(f"the run stopped early ({self.stopped})")
        reason = why_not_judged(session, self.tracker, self.problems)
        if reason is not None:
            return self.judge.skipped(reason)
        keep = None
        if self.measurement.guide_files_only:
            keep = self._guide_files(session.config)
        return self.judge.outcome(self.measurement, keep)

    def _guide_files(self, config: pytest.Config) -> Callable[[str], bool]:
        """Return a test for the files the guide checks, found once per session."""
        session = config.stash.get(SESSION_KEY, None)
        files = getattr(session, "files", ()) or find_python_files(self.settings)
        return frozenset(found.relpath for found in files).__contains__


def cannot_start(exc: Exception) -> str:
    """Say that the coverage gate cannot run, in coverage.py's own words.

    Not a skip: a run whose coverage cannot be measured must not pass as if
    it had been judged.

    Args:
        exc: What coverage.py raised while reading its configuration or
            starting.

    Returns:
        The usage error's message.
    """
    what = str(exc) or type(exc).__name__
    if not isinstance(exc, _coverage_errors()):
        what = f"{type(exc).__name__}: {what}"
    return (
        f"backend-guide: coverage.py cannot start: {what}\n"
        "(TEST001/TEST002 judge the run's coverage: fix coverage.py's "
        "configuration, or turn the two rules off)"
    )


def _coverage_errors() -> tuple[type[Exception], ...]:
    """Return coverage.py's own exception class, whose messages stand alone."""
    from coverage.exceptions import CoverageException

    return (CoverageException,)


class RunLoop:
    """The run-loop wrapper of :class:`CoveragePlugin`, registered on its own."""

    def __init__(self, plugin: CoveragePlugin) -> None:
        """Keep the plugin.

        Args:
            plugin: The coverage plugin.
        """
        self.plugin = plugin

    @pytest.hookimpl(wrapper=True)
    def pytest_runtestloop(self, session: pytest.Session) -> Iterator[None]:
        """Judge on the controller once every worker is done; skip a stopped run.

        This runs after pytest-cov's wrapper has combined its data, before
        the terminal's writes the final progress, and before pytest computes
        the exit status, so that a failure reported here fails the run.

        Args:
            session: The session.

        Yields:
            To let the tests run.

        Returns:
            The result of the run loop.
        """
        try:
            result = yield
        except (session.Failed, session.Interrupted) as exc:
            self.plugin.report_unrun(session, str(exc) or "interrupted")
            raise
        plugin = self.plugin
        if plugin.role == CONTROLLER and plugin.worker_selected:
            plugin.controller_item(session).judge_now()
        else:
            stopped = session.shouldfail or session.shouldstop
            plugin.report_unrun(session, str(stopped) if stopped else None)
        return result
