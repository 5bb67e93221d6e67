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


def test_every_family_is_fenced_by_our_own_forbid_entries() -> None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    with (ROOT / "pyproject.toml").open("rb") as file:
        table = tomllib.load(file)["tool"]["backend-guide"]["architecture"]
    checks = ROOT / "src" / "pytest_backend_guide" / "checks"
    families = sorted(
        path.name for path in checks.iterdir() if (path / "__init__.py").is_file()
    )
    assert families, "no family found"
    for family in families:
        assert f"checks.{family} -> checks" in table["forbid"], family
        assert f"checks.{family} -> checks.{family}" in table["allow"], family
    assert "checks -> discovery" in table["forbid"]
