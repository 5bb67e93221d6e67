"""Run ``pytest --guide`` as a user who cannot override file modes.

Permission cases (a read-only checkout, a folder of another user) mean
nothing to root, who reads and writes through any mode. When the suite runs
as root, the run under test is a subprocess that gives up the capabilities
to override modes (``CAP_DAC_OVERRIDE`` and ``CAP_DAC_READ_SEARCH``, dropped
from its bounding set before it starts Python): it stays uid 0, so it still
reaches the interpreter wherever root installed it, but a mode is a mode to
it, as to any user. An ordinary user is unprivileged already. When neither
can be arranged the test is skipped with the reason.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE = 1
CAP_DAC_READ_SEARCH = 2
PROBE = """
import os, sys
try:
    os.listdir(sys.argv[1])
except PermissionError:
    sys.exit(0)
sys.exit(1)
"""


def _drop_mode_override() -> None:  # runs in the child, between fork and exec
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def _environment(home: Path) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTEST_", "COV_CORE", "COVERAGE_"))
    }
    env.update(HOME=str(home), PYTHONDONTWRITEBYTECODE="1")
    return env


class Unprivileged:
    """Runs Python in a project folder without the privilege to override modes.

    Attributes:
        path: The project folder.
    """

    def __init__(self, path: Path, drop: bool) -> None:
        self.path = path
        self._drop = drop

    def python(
        self, *args: str, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        """Run ``python ARGS`` in the project folder."""
        return subprocess.run(
            [sys.executable, *args],
            cwd=self.path,
            env=_environment(self.path),
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=_drop_mode_override if self._drop else None,
            check=False,
        )

    def run(
        self, *args: str, timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        """Run ``python -m pytest ARGS`` in the project folder."""
        return self.python("-m", "pytest", *args, timeout=timeout)


@pytest.fixture
def unprivileged(tmp_path: Path) -> Iterator[Unprivileged]:
    """Return a runner without the privilege to override modes, or skip saying why."""
    project = tmp_path / "project"
    project.mkdir()
    locked = tmp_path / "locked"
    locked.mkdir(mode=0)
    try:
        runner = Unprivileged(project, drop=os.geteuid() == 0)
        try:
            probe = runner.python("-c", PROBE, str(locked))
        except (OSError, subprocess.SubprocessError) as exc:
            pytest.skip(f"cannot start a process without the privilege: {exc}")
        if probe.returncode != 0:
            pytest.skip(
                "cannot run without the privilege to override file modes "
                f"(a mode-000 folder stays readable): {probe.stderr.strip()}"
            )
        yield runner
    finally:
        for folder, dirs, _ in os.walk(tmp_path):
            for name in dirs:
                os.chmod(os.path.join(folder, name), 0o755)
        locked.chmod(0o755)
