"""The plugin's own code follows the guide it enforces."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_own_source_passes_pytest_guide() -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--guide",
            "-m",
            "guide",
            "-p",
            "no:cacheprovider",
            "-q",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert completed.returncode == 0, (
        completed.stdout[-6000:] + completed.stderr[-2000:]
    )
    assert " passed" in completed.stdout
