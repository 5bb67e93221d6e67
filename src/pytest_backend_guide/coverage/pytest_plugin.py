"""pytest's hooks for measuring and judging coverage (TEST001, TEST002).

:class:`CoveragePlugin` is registered by
:func:`pytest_backend_guide.coverage.startup.register`, before the initial
conftests load. It appends the item ``pyproject.toml::guide[coverage]``
after every test, decides its outcome once the tests are done (or, under
pytest-xdist, once every worker has sent its data), and finishes the
measurement.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from pytest_backend_guide.coverage.datafile import DataFileError
from pytest_backend_guide.coverage.decision import Judge, skipped
from pytest_backend_guide.coverage.item import (
    SKIPPED,
    CoverageItem,
    Identity,
    Outcome,
    call_report,
    collect_item,
    log_synthesized,
)
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
from pytest_backend_guide.registry import RuleRegistry
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
        rules: RuleRegistry,
        settings: Settings,
        codes: frozenset[str],
    ) -> None:
        """Hold what the judgement needs.

        Args:
            config: The pytest config.
            rules: The rule registry, for rule names in messages.
            settings: The guide's settings.
            codes: The enabled rules among TEST001 and TEST002.
        """
        self.config = config
        self.settings = settings
        self.judge = Judge(settings, rules, codes)
        self.measurement: Measurement = NoMeasurement("coverage was not started")
        self.tracker = RunTracker()
        self.role = SINGLE
        self.item: CoverageItem | None = None
        self.selected = False
        self.decided = False
        self.identity: Identity | None = None
        self.problems: list[str] = []

    def start(self, choice: Choice) -> None:
        """Start measuring, or find who measures.

        Args:
            choice: What the command line says.
        """
        try:
            self.measurement = choose(
                choice,
                self.settings,
                self.config.invocation_params.dir,
                self.config.pluginmanager,
            )
        except Exception as exc:  # noqa: BLE001 - a broken tracer must not stop pytest
            self.measurement = NoMeasurement(f"coverage.py cannot start: {exc}")

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
                self.measurement = combined(
                    self.settings, config.invocation_params.dir, write=not outer
                )
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
            where = self.settings.project_path
            self.item = collect_item(session, self.settings.rootdir / where, where)
            if self.item is not None:
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

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(
        self, item: pytest.Item, nextitem: pytest.Item | None
    ) -> bool | None:
        """Run the coverage item: tear down first, then judge.

        The item's setup and teardown run as pytest runs them (its teardown,
        as the last item's, tears the session fixtures down); the call's
        outcome is decided after that, so that everything the tests ran
        counts. On an xdist worker nothing is judged: the controller does.

        Args:
            item: The item to run.
            nextitem: The item after it.

        Returns:
            True for the coverage item (it is handled), else None.
        """
        if item is not self.item:
            return None
        from _pytest.runner import runtestprotocol

        ihook = item.ihook
        if self.role == WORKER:
            reports = runtestprotocol(item, log=False, nextitem=nextitem)
            if any(report.failed for report in reports):
                _log_all(ihook, item, reports)
            return True
        self.decided = True
        ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
        reports = runtestprotocol(item, log=False, nextitem=nextitem)
        ihook.pytest_runtest_logreport(report=reports[0])
        if reports[0].passed:
            started = time.perf_counter()
            outcome = self.decide(item.session)
            duration = time.perf_counter() - started
            rules = self.judge.rules
            report = call_report(Identity.of(item), outcome, duration, rules)
            ihook.pytest_runtest_logreport(report=report)
        ihook.pytest_runtest_logreport(report=reports[-1])
        ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
        return True

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
        if output.get("identity"):
            self.identity = Identity.from_dict(output["identity"])
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
        identity = self.identity
        if identity is None and self.item is not None and self.selected:
            identity = Identity.of(self.item)
        if identity is None:
            return
        self.decided = True
        reason = f"coverage not judged: the run stopped early ({stopped})"
        outcome = Outcome(SKIPPED, reason)
        log_synthesized(session.config.hook, identity, outcome, self.judge.rules)

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
        identity = None
        if self.item is not None and self.selected:
            identity = Identity.of(self.item).as_dict()
        output: dict[str, Any] = {
            "identity": identity,
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
        reason = why_not_judged(session, self.tracker, self.problems)
        if reason is not None:
            return skipped(reason)
        keep = None
        if self.measurement.guide_files_only:
            keep = self._guide_files(session.config)
        return self.judge.outcome(self.measurement, keep)

    def _guide_files(self, config: pytest.Config) -> Callable[[str], bool]:
        """Return a test for the files the guide checks, found once per session."""
        session = config.stash.get(SESSION_KEY, None)
        files = getattr(session, "files", ()) or find_python_files(self.settings)
        return frozenset(found.relpath for found in files).__contains__


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
        if plugin.role == CONTROLLER and plugin.identity is not None:
            plugin.decided = True
            outcome = plugin.decide(session)
            rules = plugin.judge.rules
            log_synthesized(session.config.hook, plugin.identity, outcome, rules)
        else:
            stopped = session.shouldfail or session.shouldstop
            plugin.report_unrun(session, str(stopped) if stopped else None)
        return result


def _log_all(ihook: Any, item: pytest.Item, reports: list[pytest.TestReport]) -> None:
    """Log reports of an item as pytest's own protocol would."""
    ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    for report in reports:
        ihook.pytest_runtest_logreport(report=report)
    ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
