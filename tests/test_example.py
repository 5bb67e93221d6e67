"""The bundled example backend reports exactly the violations its README lists."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sample_backend"
TABLE_ROW = re.compile(
    r"^\| `(?P<path>[^`:]+):(?P<line>\d+)` \| (?P<code>[A-Z]+\d{3}) \|", re.M
)
REPORTED = re.compile(
    r"^(?P<path>[\w/.]+\.(?:py|toml)):(?P<line>\d+):\d+: (?P<code>[A-Z]+\d{3}) ", re.M
)


def planted() -> set[tuple[str, int, str]]:
    text = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    return {(m["path"], int(m["line"]), m["code"]) for m in TABLE_ROW.finditer(text)}


def test_example_reports_exactly_the_planted_violations(tmp_path: Path) -> None:
    pytest.importorskip("coverage")
    if importlib.util.find_spec("fastapi") is not None:
        pytest.skip(
            "the example's coverage violation assumes its requirements are absent"
        )
    project = tmp_path / "sample_backend"
    shutil.copytree(
        EXAMPLE, project, ignore=shutil.ignore_patterns("__pycache__", ".*")
    )
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "--guide", "-p", "no:cacheprovider", "-q"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    reported = {
        (m["path"], int(m["line"]), m["code"])
        for m in REPORTED.finditer(completed.stdout)
    }
    expected = planted()
    assert len(expected) >= 8, "the README's table of planted violations was not found"
    assert reported == expected, completed.stdout[-4000:]
    assert completed.returncode == 1
    assert " failed" in completed.stdout
