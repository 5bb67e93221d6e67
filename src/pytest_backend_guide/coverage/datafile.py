"""Where coverage data is written, and writing it in one piece."""

from __future__ import annotations

import os
import uuid
from typing import Any


class DataFileError(Exception):
    """The data file cannot be written."""


def data_file(cov: Any) -> str:
    """Return the absolute path coverage.py would write the data to.

    Args:
        cov: The ``coverage.Coverage``.

    Returns:
        ``data_file`` from the configuration (``.coverage``), with a
        machine and process suffix when ``parallel`` is on.
    """
    target = os.path.abspath(str(cov.config.data_file))
    if cov.config.parallel:
        target += f".{_host()}.{os.getpid()}.X{uuid.uuid4().hex[:6]}x"
    return target


def write_data(data: Any, target: str) -> None:
    """Write coverage data to a file, all at once or not at all.

    The data goes to a temporary file beside the target, which then
    replaces the target: a reader never sees a half-written data file.

    Args:
        data: A ``coverage.CoverageData``.
        target: The data file's absolute path.

    Raises:
        DataFileError: The file cannot be written.
    """
    from coverage import CoverageData
    from coverage.exceptions import CoverageException

    folder = os.path.dirname(target)
    temporary = os.path.join(folder, f".guide-coverage-{uuid.uuid4().hex}.tmp")
    try:
        disk = CoverageData(basename=temporary)
        disk.update(data)
        _close(disk)
        os.replace(temporary, target)
    except (OSError, CoverageException) as exc:
        _remove(temporary)
        raise DataFileError(f"cannot write {target}: {exc}") from None


def _close(data: Any) -> None:
    """Close a data file's database, with coverage.py's older and newer API."""
    close = getattr(data, "close", None)
    if close is None:  # pragma: no cover - old coverage.py closes on its own
        return
    try:
        close(force=True)
    except TypeError:  # pragma: no cover - coverage.py without ``force``
        close()


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _host() -> str:
    import socket

    return socket.gethostname()
