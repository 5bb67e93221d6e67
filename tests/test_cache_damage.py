"""A damaged cache is a miss, and the cache's size follows the project's files.

Any entry that does not load and validate (garbage, deep nesting, a field of
the wrong type, an import fact of the right shape but wrong types) is
recomputed and rewritten; storing a file's new content removes the entry of
its old content; a run removes the entries of deleted and renamed files.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cache_entries import read_entry, write_entry
from project_tree import CLEAN, USERS, write
from test_arch_plugin import APP, make

from pytest_backend_guide.cache import ResultCache
from pytest_backend_guide.discovery import FoundFile
from pytest_backend_guide.engine import FileResult
from pytest_backend_guide.helpers.import_scan import from_json
from pytest_backend_guide.manager import Checkers
from pytest_backend_guide.runner import BatchRunner
from pytest_backend_guide.settings import Settings
from pytest_backend_guide.violation import Violation

pytest_plugins = ["pytester"]

ENTRIES = ".pytest_cache/d/backend-guide/*/*/*/*.json"


def _entries(root: Path) -> list[Path]:
    return sorted(root.glob(ENTRIES))


def _rewrite_entries(root: Path, change: Callable[[Any], Any]) -> None:
    for entry in _entries(root):
        write_entry(entry, change(read_entry(entry)))


@pytest.mark.parametrize(
    "garbage",
    [b"[" * 200_000, b"{" * 50_000 + b"}" * 50_000, b"\xff\xfe\x00", b"null", b""],
    ids=["deep-list", "deep-dict", "bytes", "null", "empty"],
)
def test_a_garbage_entry_is_recomputed_and_rewritten(
    pytester: pytest.Pytester, garbage: bytes
) -> None:
    write(pytester.path, {"app/users.py": USERS, "app/ok.py": CLEAN})
    pytester.runpytest("--guide").assert_outcomes(passed=1, failed=1)
    entries = _entries(pytester.path)
    assert len(entries) == 2
    for entry in entries:
        entry.write_bytes(garbage)
    for _ in range(2):
        result = pytester.runpytest("--guide")
        result.assert_outcomes(passed=1, failed=1)
        result.stdout.fnmatch_lines(["app/users.py:4:5: NAME003 *"])
        result.stdout.no_fnmatch_line("*RecursionError*")
    for entry in _entries(pytester.path):
        assert read_entry(entry)["path"] in ("app/ok.py", "app/users.py")


@pytest.mark.parametrize(
    "damage",
    [
        lambda v: [None, *v[1:]],  # a path that is not a string
        lambda v: [v[0], "4", *v[2:]],  # a line that is a string
        lambda v: v[:5],  # fields missing
        lambda v: [*v, "extra"],  # one field too many
        lambda v: {"path": v[0]},  # not a list
    ],
    ids=["path", "line", "short", "long", "mapping"],
)
def test_a_violation_of_the_wrong_types_is_a_miss(
    tmp_path: Path, checkers: Checkers, damage: Callable[[Any], Any]
) -> None:
    source = tmp_path / "a.py"
    source.write_text('"""Module."""\n\ngetUser = 1\n', encoding="utf-8")
    settings = Settings(tmp_path, None, (tmp_path,), enabled=frozenset({"NAME006"}))
    files = [FoundFile("a.py", source)]
    cache_dir = tmp_path / "cache"
    cold = BatchRunner(settings, checkers.hook, ResultCache(cache_dir, "x" * 64))
    expected = cold.run(files)
    [entry] = cache_dir.rglob("*.json")
    data = read_entry(entry)
    data["violations"] = [damage(v) for v in data["violations"]]
    write_entry(entry, data)
    warm = BatchRunner(settings, checkers.hook, ResultCache(cache_dir, "x" * 64))
    assert warm.run(files) == expected
    assert warm.cache_hits == 0
    [rewritten] = cache_dir.rglob("*.json")
    again = BatchRunner(settings, checkers.hook, ResultCache(cache_dir, "x" * 64))
    assert again.run(files) == expected
    assert again.cache_hits == 1, rewritten.read_text()


def test_entries_of_the_wrong_types_are_refused(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, "f" * 64)
    good = FileResult("a.py", (Violation("a.py", 1, 1, "NAME003", "bad", None, 4),))
    key = cache.key("a.py", b"x")
    cache.put(key, good)
    assert cache.get(key) == good
    [entry] = tmp_path.rglob("*.json")
    for damaged in (
        {"path": 1, "violations": [], "error": None, "context": []},
        {"path": "a.py", "violations": [], "error": ["a", "1", 1, "x"], "context": []},
        {"path": "a.py", "violations": [], "error": None, "context": [["a.py", 1]]},
        {"path": "a.py", "violations": [], "error": None, "context": [], "facts": []},
        {"path": "a.py", "violations": [[True] * 8], "error": None, "context": []},
        ["a.py"],
    ):
        write_entry(entry, damaged)
        assert cache.get(key) is None, damaged
        assert not entry.exists()  # gone, to be rewritten


@pytest.mark.parametrize(
    "imports",
    [
        [["1", 0, None, "app.models", 0, [], False]],  # a line that is a string
        [[1, 0, None, 5, 0, [], False]],  # a module that is a number
        [[1, 0, None, "app.models", 0, [3], False]],  # a name that is a number
        [[1, 0, None, "app.models", 0, [], "no"]],  # a flag that is a string
        [[1, 0, None, "app.models", 0]],  # fields missing
        {"module": "app.models"},  # not a list
    ],
    ids=["line", "module", "name", "flag", "short", "mapping"],
)
def test_an_import_fact_of_wrong_types_is_recomputed_and_rewritten(
    pytester: pytest.Pytester, imports: object
) -> None:
    make(pytester, APP)
    pytester.runpytest("--guide", "-m", "guide").assert_outcomes(passed=len(APP) + 2)

    def damage(data: dict[str, object]) -> dict[str, object]:
        return {**data, "facts": {"imports": imports}}

    _rewrite_entries(pytester.path, damage)
    for _ in range(2):
        again = pytester.runpytest("--guide", "-m", "guide")
        again.assert_outcomes(passed=len(APP) + 2)
    for entry in _entries(pytester.path):
        facts = read_entry(entry)["facts"]
        from_json(facts["imports"])  # valid again: the entry was rewritten


def test_the_import_fact_checks_its_types() -> None:
    good = [[1, 0, 12, "app.models", 0, ["User"], False]]
    assert from_json(good)[0].names == ("User",)
    for bad in ([[True, 0, 12, "m", 0, [], False]], [[1, 0, 12, "m", 0, "ab", False]]):
        with pytest.raises(TypeError):
            from_json(bad)


def test_an_entry_without_an_asked_fact_is_rewritten_with_it(
    pytester: pytest.Pytester,
) -> None:
    make(pytester, APP)
    pytester.runpytest("--guide", "-m", "guide").assert_outcomes(passed=len(APP) + 2)
    _rewrite_entries(pytester.path, lambda data: {**data, "facts": {}})
    pytester.runpytest("--guide", "-m", "guide").assert_outcomes(passed=len(APP) + 2)
    for entry in _entries(pytester.path):
        assert "imports" in read_entry(entry)["facts"]


def test_the_cache_follows_the_files_not_the_runs(pytester: pytest.Pytester) -> None:
    names = ["app/a.py", "app/b.py", "app/c.py"]
    write(pytester.path, {name: CLEAN for name in names})
    for edit in range(30):
        target = pytester.path / names[edit % 3]
        target.write_text(textwrap.dedent(CLEAN) + f"\nEDIT = {edit}\n")
        pytester.runpytest("--guide").assert_outcomes(passed=3)
    assert len(_entries(pytester.path)) == 3
    result = pytester.runpytest("--guide")
    result.assert_outcomes(passed=3)


def test_storing_a_new_content_removes_the_old_entry_only(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, "f" * 64)
    old, new = cache.key("a.py", b"x = 1\n"), cache.key("a.py", b"x = 2\n")
    other = cache.key("b.py", b"x = 1\n")
    cache.put(old, FileResult("a.py"))
    cache.put(other, FileResult("b.py"))
    assert cache.has(old) and cache.has(other)
    cache.put(new, FileResult("a.py"))
    assert cache.has(new) and cache.has(other)
    assert not cache.has(old)


def _entry_paths(root: Path) -> list[str]:
    return sorted(read_entry(e)["path"] for e in _entries(root))


def test_deleted_and_renamed_files_lose_their_entries(
    pytester: pytest.Pytester,
) -> None:
    names = ["app/a.py", "app/b.py", "app/c.py"]
    write(pytester.path, {name: CLEAN for name in names})
    pytester.runpytest("--guide").assert_outcomes(passed=3)
    assert _entry_paths(pytester.path) == names
    (pytester.path / "app/a.py").unlink()
    (pytester.path / "app/b.py").rename(pytester.path / "app/renamed.py")
    pytester.runpytest("--guide").assert_outcomes(passed=2)
    assert _entry_paths(pytester.path) == ["app/c.py", "app/renamed.py"]
    result = pytester.runpytest("--guide")  # warm: both from the cache
    result.assert_outcomes(passed=2)
    assert _entry_paths(pytester.path) == ["app/c.py", "app/renamed.py"]


def test_renaming_a_file_back_and_forth_keeps_one_entry(
    pytester: pytest.Pytester,
) -> None:
    write(pytester.path, {"app/a.py": CLEAN, "app/b.py": CLEAN})
    for turn in range(10):
        old, new = ("a", "z") if turn % 2 == 0 else ("z", "a")
        (pytester.path / f"app/{old}.py").rename(pytester.path / f"app/{new}.py")
        pytester.runpytest("--guide").assert_outcomes(passed=2)
        assert len(_entries(pytester.path)) == 2


def test_a_run_of_some_files_keeps_the_others_entries(
    pytester: pytest.Pytester,
) -> None:
    names = ["app/a.py", "app/b.py", "app/c.py"]
    write(pytester.path, {name: CLEAN for name in names})
    pytester.runpytest("--guide").assert_outcomes(passed=3)
    pytester.runpytest("--guide", "-k", "b.py").assert_outcomes(passed=1)
    assert _entry_paths(pytester.path) == names
    (pytester.path / "app/a.py").unlink()
    pytester.runpytest("--guide", "-k", "c.py").assert_outcomes(passed=1)
    assert _entry_paths(pytester.path) == ["app/b.py", "app/c.py"]


def test_keep_only_removes_unlisted_entries_and_keeps_values(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, "f" * 64)
    for name in ("a.py", "b.py", "gone.py"):
        cache.put(cache.key(name, b"x = 1\n"), FileResult(name))
    value_key = cache.key("project-value:scan", b"content")
    cache.put_value(value_key, {"found": 1})
    cache.keep_only(["a.py", "b.py"])
    assert cache.has(cache.key("a.py", b"x = 1\n"))
    assert cache.has(cache.key("b.py", b"x = 1\n"))
    assert not cache.has(cache.key("gone.py", b"x = 1\n"))
    assert cache.get_value(value_key) == (True, {"found": 1})
    cache.put(cache.key("gone.py", b"x = 2\n"), FileResult("gone.py"))
    cache.keep_only(["a.py", "b.py", "gone.py"])  # a new list: kept
    assert cache.has(cache.key("gone.py", b"x = 2\n"))
    cache.keep_only(["a.py"])
    stems = sorted(path.stem for path in tmp_path.rglob("*.json"))
    assert stems == sorted([cache.key("a.py", b"x = 1\n"), value_key])


def test_a_new_value_of_a_kind_replaces_the_old_one(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, "f" * 64)
    keys = [cache.key("project-value:scan", str(n).encode()) for n in range(5)]
    for number, key in enumerate(keys):
        cache.put_value(key, number)
    other = cache.key("project-value:other", b"0")
    cache.put_value(other, "kept")
    assert cache.get_value(keys[-1]) == (True, 4)
    assert cache.get_value(other) == (True, "kept")
    assert [cache.get_value(key)[0] for key in keys[:-1]] == [False] * 4
