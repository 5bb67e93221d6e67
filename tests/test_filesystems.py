"""Hostile file systems: each case ends in one clear result, the rest checked.

Read-only checkouts and caches, special files named ``*.py``, symlinks out
of the project, folders the user cannot enter and file names that are not
UTF-8. The permission cases run as a user who cannot override file modes
(see ``unprivileged.py``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pytest_backend_guide.discovery import FOLDER_PROBLEM, discover, find_python_files
from pytest_backend_guide.reading import (
    FileTooLargeError,
    NotRegularFileError,
    read_regular_file,
)
from pytest_backend_guide.settings import Settings
from project_tree import CLEAN, PROJECT_RULES_OFF, USERS, guide, write
from unprivileged import Unprivileged, unprivileged

__all__ = ["unprivileged"]

pytest_plugins = ["pytester"]

SECRET = "AWS_SECRET_ACCESS_KEY=hunter2-do-not-print"
UNCACHED = ("--guide", "-p", "no:cacheprovider")
CACHE_WARNING = "*backend-guide: cannot use the cache (*); checking uncached"


def _settings(root: Path) -> Settings:
    return Settings(root, None, (root,))


# --- read-only checkouts and caches ---


def test_read_only_checkout_runs_uncached_and_says_so_once(
    unprivileged: Unprivileged,
) -> None:
    write(unprivileged.path, {"app/users.py": USERS, "app/ok.py": CLEAN})
    for folder in (unprivileged.path / "app", unprivileged.path):
        folder.chmod(0o555)  # as a checkout mounted read-only
    result = unprivileged.run("--guide", "-p", "no:randomly")
    out = result.stdout
    assert "INTERNALERROR" not in out + result.stderr
    assert result.returncode == 1, out
    assert "app/users.py:4:5: NAME003" in out
    assert "1 failed, 1 passed" in out
    assert out.count("backend-guide: cannot use the cache") == 1
    assert not (unprivileged.path / ".pytest_cache").exists()


def test_read_only_pytest_cache_runs_uncached(unprivileged: Unprivileged) -> None:
    write(unprivileged.path, {"app/ok.py": CLEAN})
    cache = unprivileged.path / ".pytest_cache"
    (cache / "d" / "backend-guide").mkdir(parents=True)
    for folder in (cache, cache / "d", cache / "d" / "backend-guide"):
        folder.chmod(0o555)
    result = unprivileged.run("--guide", "-p", "no:randomly")
    assert "INTERNALERROR" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stdout
    assert result.stdout.count("backend-guide: cannot use the cache") == 1


def test_a_file_in_the_cache_folder_s_place(pytester: pytest.Pytester) -> None:
    write(pytester.path, {"app/users.py": USERS})
    (pytester.path / ".pytest_cache").write_text("not a folder\n")
    result = pytester.runpytest("--guide")
    result.stdout.fnmatch_lines([CACHE_WARNING])
    result.stdout.no_fnmatch_line("*INTERNALERROR*")
    result.assert_outcomes(failed=1)


def test_the_cache_is_used_when_it_can_be(pytester: pytest.Pytester) -> None:
    write(pytester.path, {"app/ok.py": CLEAN})
    pytester.runpytest("--guide").assert_outcomes(passed=1)
    result = pytester.runpytest("--guide")
    result.assert_outcomes(passed=1)
    result.stdout.no_fnmatch_line("*cannot use the cache*")


# --- special files ---


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_named_py_is_reported_not_read(pytester: pytest.Pytester) -> None:
    write(pytester.path, {"app/ok.py": CLEAN, "app/users.py": USERS})
    os.mkfifo(pytester.path / "app" / "pipe.py")
    result = pytester.runpytest_subprocess(*UNCACHED, timeout=60)
    result.stdout.fnmatch_lines_random(
        [
            "app/pipe.py:1:1: error: a FIFO, not a regular file; not checked",
            "app/users.py:4:5: NAME003 *",
            "*2 failed, 1 passed*",
        ]
    )


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_symlink_to_dev_zero_is_not_read(pytester: pytest.Pytester) -> None:
    write(pytester.path, {"app/ok.py": CLEAN})
    (pytester.path / "app" / "zero.py").symlink_to("/dev/zero")
    result = pytester.runpytest_subprocess(*UNCACHED, timeout=60)
    result.stdout.fnmatch_lines(
        ["app/zero.py:1:1: error: a symlink to a file outside the project; *"]
    )
    result.stdout.no_fnmatch_line("*MemoryError*")
    result.assert_outcomes(passed=1, failed=1)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_symlink_to_a_fifo_inside_the_project_is_reported_by_kind(
    tmp_path: Path,
) -> None:
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "app.py").symlink_to(tmp_path / "pipe")
    [entry] = discover(_settings(tmp_path))
    assert entry.problem == "a FIFO, not a regular file; not checked"


def test_reading_is_bounded_and_regular_only(tmp_path: Path) -> None:
    small = tmp_path / "small.py"
    small.write_bytes(b"x = 1\n")
    assert read_regular_file(small, 6) == b"x = 1\n"
    with pytest.raises(FileTooLargeError) as too_large:
        read_regular_file(small, 5)
    assert too_large.value.size == 6
    with pytest.raises(NotRegularFileError, match="a folder, not a regular file"):
        read_regular_file(tmp_path, 100)
    if os.path.exists("/dev/zero"):
        with pytest.raises(NotRegularFileError, match="a character device"):
            read_regular_file("/dev/zero", 100)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_gitignore_does_not_hang_the_walk(tmp_path: Path) -> None:
    write(tmp_path, {"app/ok.py": CLEAN})
    os.mkfifo(tmp_path / ".gitignore")
    assert [f.relpath for f in find_python_files(_settings(tmp_path))] == ["app/ok.py"]


# --- symlinks ---


def test_a_symlink_out_of_the_project_is_reported_without_its_content(
    pytester: pytest.Pytester, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "secrets.env"
    outside.write_text(SECRET + "\n")
    write(pytester.path, {"app/users.py": USERS})
    (pytester.path / "app" / "settings.py").symlink_to(outside)
    result = guide(pytester, "--junitxml=report.xml")
    result.stdout.fnmatch_lines(
        [
            "app/settings.py:1:1: error: a symlink to a file outside the project; "
            "not followed"
        ]
    )
    assert result.stdout.str().count("_ guide: app/settings.py _") == 1
    assert "hunter2" not in result.stdout.str()
    assert "hunter2" not in (pytester.path / "report.xml").read_text()
    result.assert_outcomes(failed=2)


def test_project_checks_never_read_through_a_symlink_out_of_the_project(
    pytester: pytest.Pytester, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "evil.py"
    outside.write_text("import app.main\n" + SECRET + "\n")
    write(
        pytester.path,
        {
            "pyproject.toml": "[tool.backend-guide]\nselect = ['ARCH01']\n",
            "app/__init__.py": '"""App."""\n',
            "app/main.py": '"""Main."""\n',
        },
    )
    (pytester.path / "app" / "core.py").symlink_to(outside)
    result = guide(pytester)
    assert "hunter2" not in result.stdout.str()
    assert "ARCH012" not in result.stdout.str()  # its imports were never read
    result.stdout.fnmatch_lines(["app/core.py:1:1: error: a symlink to a file out*"])


def test_a_symlink_inside_the_project_is_checked(pytester: pytest.Pytester) -> None:
    write(pytester.path, {"shared/users.py": USERS})
    (pytester.path / "app").mkdir()
    (pytester.path / "app" / "users.py").symlink_to(pytester.path / "shared/users.py")
    result = guide(pytester)
    result.stdout.fnmatch_lines_random(
        ["app/users.py:4:5: NAME003 *", "shared/users.py:4:5: NAME003 *"]
    )
    result.assert_outcomes(failed=2)


def test_a_source_root_outside_the_rootdir_may_hold_symlink_targets(
    tmp_path: Path,
) -> None:
    project, shared = tmp_path / "project", tmp_path / "shared"
    write(shared, {"users.py": USERS})
    (project / "app").mkdir(parents=True)
    (project / "app" / "users.py").symlink_to(shared / "users.py")
    settings = Settings(project, None, (project, shared))
    assert [(f.relpath, f.problem) for f in discover(settings)] == [
        ("../shared/users.py", None),
        ("app/users.py", None),
    ]


# --- folders the user cannot enter ---


def test_an_unreadable_folder_is_reported_once_and_the_rest_checked(
    unprivileged: Unprivileged,
) -> None:
    write(
        unprivileged.path,
        {
            "pyproject.toml": (
                '[tool.pytest.ini_options]\ntestpaths = ["tests"]\n'
                "[tool.backend-guide]\n"
                'ignore = ["ARCH001", "ARCH002", "TEST", "DEP", "SEC002", "SEC003", "DB003", "API001"]\n'
            ),
            "app/__init__.py": '"""App."""\n',
            "app/api/__init__.py": '"""API."""\n',
            "app/core/__init__.py": '"""Core."""\n',
            "app/users.py": USERS,
            "app/pgdata/base.py": CLEAN,
            "tests/test_users.py": "def test_it():\n    pass\n",
        },
    )
    (unprivileged.path / "app" / "pgdata").chmod(0)
    result = unprivileged.run("--guide", "-p", "no:cacheprovider", "-p", "no:randomly")
    out = result.stdout
    assert "INTERNALERROR" not in out + result.stderr
    assert "PermissionError" not in out
    assert out.count("_ guide: app/pgdata/ _") == 1, out
    assert "app/pgdata/:1:1: error: cannot list the folder: Permission denied" in out
    assert "app/users.py:4:5: NAME003" in out
    assert "FAILED pyproject.toml" not in out  # guide[architecture], [imports]...
    assert "2 failed, 7 passed" in out


def test_discovery_reports_a_folder_it_cannot_list(tmp_path: Path) -> None:
    write(tmp_path, {"app/ok.py": CLEAN, "app/locked/hidden.py": CLEAN})
    locked = tmp_path / "app" / "locked"
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("this user reads through file modes (root)")
        found = discover(_settings(tmp_path))
    finally:
        locked.chmod(0o755)
    problem = f"{FOLDER_PROBLEM}: Permission denied; no file in it is checked"
    assert [(f.relpath, f.problem) for f in found] == [
        ("app/locked/", problem),
        ("app/ok.py", None),
    ]


# --- names that are not UTF-8 ---


def test_a_file_name_that_is_not_utf8_is_checked_under_an_escaped_name(
    pytester: pytest.Pytester,
) -> None:
    write(pytester.path, {"app/ok.py": CLEAN})
    try:
        bad = os.path.join(os.fsencode(pytester.path / "app"), b"caf\xe9.py")
        with open(bad, "wb") as stream:
            stream.write(b'"""Caf\xc3\xa9."""\n\ngetUser = 1\n')
    except (OSError, UnicodeError) as exc:
        pytest.skip(f"this file system refuses a name that is not UTF-8: {exc}")
    for _ in range(2):  # the second run reads the cache, and pytest's lastfailed
        result = pytester.runpytest("--guide", "--junitxml=report.xml")
        result.stdout.fnmatch_lines([r"app/caf\xe9.py:3:1: NAME006 *"])
        result.stdout.no_fnmatch_line("*INTERNALERROR*")
        result.stdout.no_fnmatch_line("*UnicodeEncodeError*")
        result.assert_outcomes(passed=1, failed=1)
    lastfailed = pytester.path / ".pytest_cache/v/cache/lastfailed"
    assert json.loads(lastfailed.read_text()) == {r"app/caf\xe9.py::guide": True}
    assert pytester.runpytest("--guide", "--lf").ret == 1
