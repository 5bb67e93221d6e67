"""A pytest plugin that notes when each phase of a ``--guide`` run ends.

Loaded by ``phases.py`` with ``-p phase_stamps`` (this folder on
``PYTHONPATH``). It reads ``time.perf_counter()`` (a clock shared by all
processes of the machine) at pytest's hooks and, at exit, writes the
stamps as JSON to the file named by ``GUIDE_PHASES_OUT``.
"""

from __future__ import annotations

import atexit
import json
import os
import time
from pathlib import Path

import pytest

# Imported for ``-p``, before the plugins of entry points (the guide's).
STAMPS: dict[str, float] = {"started": time.perf_counter()}


def _stamp(name: str) -> None:
    STAMPS.setdefault(name, time.perf_counter())


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    """Note the end of pytest's configuration (the guide's included)."""
    _stamp("configured")


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """Note the end of collection."""
    _stamp("collected")


def pytest_runtest_logstart(nodeid: str, location: tuple[str, int | None, str]) -> None:
    """Note the end of the file items: the first project item starts."""
    if nodeid.startswith("pyproject.toml::"):
        _stamp("file items done")


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """Note the end of the items."""
    _stamp("items done")


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter: object) -> None:
    """Note the end of the terminal summary."""
    _stamp("summary printed")


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Note the end of pytest's clean-up; write the stamps at exit."""
    _stamp("unconfigured")
    atexit.register(_write)


def _write() -> None:
    _stamp("exit")
    target = os.environ.get("GUIDE_PHASES_OUT")
    if target:
        Path(target).write_text(json.dumps(STAMPS), encoding="utf-8")
