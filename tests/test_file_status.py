"""A file's status stands for its bytes, except just after it changed."""

from __future__ import annotations

import os
import time
from pathlib import Path

from pytest_backend_guide.file_status import RACY_NS, status_digest
from pytest_backend_guide.project import ProjectContext
from pytest_backend_guide.settings import Settings


def _old(path: Path, text: str) -> None:
    """Write a file and date it an hour back, past the racy window."""
    path.write_text(text, encoding="utf-8")
    past = time.time_ns() - 3600 * 1_000_000_000
    os.utime(path, ns=(past, past))


def test_same_files_same_digest_and_an_edit_changes_it(tmp_path: Path) -> None:
    _old(tmp_path / "a.cfg", "x = 1\n")
    # ctime cannot be set back: judge the files a window later.
    later = time.time_ns() + RACY_NS + 1
    first = status_digest(tmp_path, ["a.cfg", "gone.cfg"], later)
    assert first is not None
    assert status_digest(tmp_path, ["a.cfg", "gone.cfg"], later) == first
    _old(tmp_path / "a.cfg", "x = 2\n")  # same size, same mtime: ctime differs
    assert status_digest(tmp_path, ["a.cfg", "gone.cfg"], later + 1) != first
    assert status_digest(tmp_path, ["a.cfg"], later + 1) != first


def test_a_file_changed_just_now_gives_no_digest(tmp_path: Path) -> None:
    (tmp_path / "a.cfg").write_text("x = 1\n", encoding="utf-8")
    assert status_digest(tmp_path, ["a.cfg"], time.time_ns()) is None


def test_the_project_context_digests_relative_to_its_rootdir(tmp_path: Path) -> None:
    (tmp_path / "a.cfg").write_text("x = 1\n", encoding="utf-8")
    ctx = ProjectContext(Settings(tmp_path, None, (tmp_path,)), [])
    assert ctx.status_digest(["a.cfg"]) is None  # written a moment ago
    assert ctx.status_digest(["missing.cfg"]) is not None
