"""Start, stop and combine the coverage.py measurement of one pytest run.

Four sources of data, chosen once per process by :func:`choose`:

- pytest-cov (``--cov``): its measurement is read, never touched; no second
  tracer is started.
- an outer coverage.py (``coverage run -m pytest``): read, never stopped.
- our own: coverage.py started before the initial conftests are imported,
  with the data kept in memory and written once, atomically, at the end.
- under pytest-xdist, the controller's :class:`CombinedMeasurement`: each
  worker measures on its own and sends its data; the controller combines.

coverage.py is imported lazily: nothing here costs anything without
``--guide``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_backend_guide.coverage.configure import own_coverage
from pytest_backend_guide.coverage.datafile import data_file, write_data
from pytest_backend_guide.settings import Settings

PYTEST_COV_PLUGIN = "_cov"
WORKERS_MEASURE = "the xdist workers measure"


class MeasurementError(Exception):
    """The workers' data cannot be combined."""


class Measurement:
    """What one process measures and where its data can be read.

    Attributes:
        reason: Why there is nothing to read, when there is nothing.
        guide_files_only: Whether only the guide's checked files count
            (the measured files were chosen from the guide's source roots).
    """

    reason: str | None = None
    guide_files_only: bool = False

    def data(self) -> Any | None:
        """Return the ``coverage.Coverage`` holding the data to judge.

        Returns:
            The object, or None when nothing was measured.
        """
        return None

    def export(self) -> bytes | None:
        """Stop measuring and return the data, for the xdist controller.

        Returns:
            The serialized data, or None when there is none to send.
        """
        return None

    def finish(self) -> None:
        """Stop measuring and write what this process owns."""

    def abort(self) -> None:
        """Stop measuring without writing anything."""


@dataclass
class NoMeasurement(Measurement):
    """Nothing is measured in this process.

    Attributes:
        reason: Why.
    """

    reason: str | None = None


@dataclass
class OwnMeasurement(Measurement):
    """coverage.py started by the guide, data in memory until the end.

    Attributes:
        cov: The running ``coverage.Coverage``.
        target: The data file to write at the end.
        guide_files_only: Whether the source roots came from the guide.
    """

    cov: Any
    target: str
    guide_files_only: bool = False
    _running: bool = field(default=True, repr=False)

    def data(self) -> Any | None:
        """Return the measuring ``coverage.Coverage``.

        Returns:
            The object.
        """
        return self.cov

    def export(self) -> bytes | None:
        """Stop measuring and serialize the data.

        Returns:
            The data, as ``CoverageData.dumps`` gives it.
        """
        self._stop()
        return bytes(self.cov.get_data().dumps())

    def finish(self) -> None:
        """Stop measuring and write the data file, atomically.

        Raises:
            DataFileError: The data file cannot be written.
        """
        if self._running:
            self._stop()
            write_data(self.cov.get_data(), self.target)

    def abort(self) -> None:
        """Stop measuring, write nothing."""
        self._stop()

    def _stop(self) -> None:
        if self._running:
            self._running = False
            self.cov.stop()


@dataclass
class OuterMeasurement(Measurement):
    """A coverage.py that was running before pytest started; read only.

    Attributes:
        cov: The outer ``coverage.Coverage``.
    """

    cov: Any

    def data(self) -> Any | None:
        """Return the outer ``coverage.Coverage``.

        Returns:
            The object.
        """
        return self.cov

    def export(self) -> bytes | None:
        """Return the outer measurement's data so far, without stopping it.

        Returns:
            The serialized data.
        """
        return bytes(self.cov.get_data().dumps())


@dataclass
class PytestCovMeasurement(Measurement):
    """pytest-cov measures; its data is read where its own report reads it.

    Attributes:
        pluginmanager: pytest's plugin manager, to find pytest-cov's plugin.
    """

    pluginmanager: Any

    def data(self) -> Any | None:
        """Return pytest-cov's ``coverage.Coverage``, if it measured.

        Returns:
            The object, or None (with :attr:`reason` set).
        """
        plugin = self.pluginmanager.get_plugin(PYTEST_COV_PLUGIN)
        controller = getattr(plugin, "cov_controller", None)
        cov = getattr(controller, "cov", None)
        if cov is None:
            self.reason = "pytest-cov did not measure this run"
        return cov


@dataclass
class CombinedMeasurement(Measurement):
    """The xdist controller's view: the workers' data, combined in memory.

    Attributes:
        cov: A ``coverage.Coverage`` configured as the workers' own, not
            started; the workers' data is added to it.
        target: The data file to write at the end; None when an outer
            ``coverage run`` owns the data file.
        guide_files_only: Whether the source roots came from the guide.
        workers: How many workers sent data.
    """

    cov: Any
    target: str | None
    guide_files_only: bool = False
    workers: int = 0
    _written: bool = field(default=False, repr=False)

    def add(self, blob: bytes) -> None:
        """Add one worker's data.

        Args:
            blob: The worker's serialized data.

        Raises:
            MeasurementError: The data does not combine (for instance
                branch data with line data).
        """
        from coverage import CoverageData
        from coverage.exceptions import CoverageException

        try:
            worker = CoverageData(no_disk=True)
            worker.loads(blob)
            self.cov.get_data().update(worker)
        except CoverageException as exc:
            raise MeasurementError(f"cannot combine a worker's data: {exc}") from None
        self.workers += 1

    def data(self) -> Any | None:
        """Return the combined data's ``coverage.Coverage``.

        Returns:
            The object, or None when no worker sent data.
        """
        if not self.workers:
            self.reason = self.reason or "no xdist worker sent coverage data"
            return None
        return self.cov

    def finish(self) -> None:
        """Write the combined data file, once, atomically.

        Raises:
            DataFileError: The data file cannot be written.
        """
        if self.workers and self.target and not self._written:
            self._written = True
            write_data(self.cov.get_data(), self.target)


@dataclass(frozen=True)
class Choice:
    """The facts that decide how a process measures.

    Attributes:
        no_cov: ``--no-cov`` was given.
        pytest_cov: pytest-cov measures (``--cov`` given).
        nothing_runs: No test can run (``--collect-only``, ``-m guide``,
            ``--help``).
        distributed: This process will hand the tests to xdist workers.
    """

    no_cov: bool = False
    pytest_cov: bool = False
    nothing_runs: bool = False
    distributed: bool = False


def choose(
    choice: Choice, settings: Settings, cwd: Path, pluginmanager: Any
) -> Measurement:
    """Decide how this process measures, starting coverage.py when it is ours.

    Args:
        choice: What the command line says.
        settings: The guide's settings (source roots).
        cwd: The invocation directory, where coverage.py looks for its
            configuration and writes its data.
        pluginmanager: pytest's plugin manager.

    Returns:
        The measurement.
    """
    if choice.no_cov:
        return NoMeasurement("--no-cov turned coverage measurement off")
    if choice.pytest_cov:
        return PytestCovMeasurement(pluginmanager)
    if choice.nothing_runs:
        return NoMeasurement("no test runs in this session")
    if choice.distributed:
        return NoMeasurement(WORKERS_MEASURE)
    import coverage

    outer = coverage.Coverage.current()
    if outer is not None:
        return OuterMeasurement(outer)
    cov, guide_files_only = own_coverage(settings, cwd)
    cov.start()
    return OwnMeasurement(cov, data_file(cov), guide_files_only)


def combined(settings: Settings, cwd: Path, *, write: bool) -> CombinedMeasurement:
    """Return the xdist controller's measurement, configured as the workers'.

    Args:
        settings: The guide's settings.
        cwd: The invocation directory.
        write: Whether to write the combined data file at the end.

    Returns:
        The measurement, with no data yet.
    """
    cov, guide_files_only = own_coverage(settings, cwd)
    target = data_file(cov) if write else None
    return CombinedMeasurement(cov, target, guide_files_only)


@contextlib.contextmanager
def paused(cov: Any) -> Iterator[None]:
    """Stop a running coverage.py while its data is analysed, then resume it.

    A running tracer sees the analysis itself run, and coverage.py then
    flushes its data and walks the source folders again for every file
    analysed; paused, it flushes once.

    Args:
        cov: The ``coverage.Coverage`` to read.

    Yields:
        While it is paused.
    """
    import coverage

    running = coverage.Coverage.current() is cov
    if running:
        cov.stop()
    try:
        yield
    finally:
        if running:
            cov.start()
