"""The cache pack: a warm run reads one file, and a damaged pack is only misses.

A run that writes more entries than the pack's slack gathers them into one
pack file; a warm run reads every result from it. Entries of older
contents and of files gone leave the pack when it is written again; a
damaged pack, or a damaged entry in it, is recomputed and the pack
rewritten; the output never depends on where a result came from.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from project_tree import CLEAN, USERS, write

from pytest_backend_guide import cache as cache_module
from pytest_backend_guide.cache import PACK, ResultCache
from pytest_backend_guide.cache_pack import Pack, write_pack
from pytest_backend_guide.engine import FileResult
from pytest_backend_guide.violation import Violation

pytest_plugins = ["pytester"]

FOLDER = ".pytest_cache/d/backend-guide/*/*"
FILES = 20  # more than the pack's slack (16)


def _project(root: Path) -> list[str]:
    names = [f"app/module_{n:02}.py" for n in range(FILES)]
    sources: dict[str, str | bytes] = {name: CLEAN for name in names}
    sources["app/users.py"] = USERS
    write(root, sources)
    return [*names, "app/users.py"]


def _pack(root: Path) -> Pack:
    [folder] = root.glob(FOLDER)
    return Pack(folder / PACK)


def _loose(root: Path) -> list[Path]:
    return sorted(root.glob(f"{FOLDER}/??/*.json"))


def _failures(result: pytest.RunResult) -> list[str]:
    """Return the report without the timing line, which differs by run."""
    return [line for line in result.outlines if " in " not in line]


def test_a_cold_run_leaves_one_pack_that_a_warm_run_reads(
    pytester: pytest.Pytester,
) -> None:
    _project(pytester.path)
    cold = pytester.runpytest("--guide")
    cold.assert_outcomes(passed=FILES, failed=1)
    assert len(_pack(pytester.path).index) == FILES + 1
    assert _loose(pytester.path) == []
    warm = pytester.runpytest("--guide")
    warm.assert_outcomes(passed=FILES, failed=1)
    assert _failures(warm) == _failures(cold)


def test_a_garbage_pack_is_recomputed_and_rewritten(pytester: pytest.Pytester) -> None:
    _project(pytester.path)
    cold = pytester.runpytest("--guide")
    [folder] = pytester.path.glob(FOLDER)
    for garbage in (b"", b"backend-guide pack 1\n[" * 50_000, b"\xff" * 100):
        (folder / PACK).write_bytes(garbage)
        again = pytester.runpytest("--guide")
        again.assert_outcomes(passed=FILES, failed=1)
        assert _failures(again) == _failures(cold)
        assert len(_pack(pytester.path).index) == FILES + 1


def test_a_damaged_entry_in_the_pack_is_a_miss_and_is_rewritten(
    pytester: pytest.Pytester,
) -> None:
    names = _project(pytester.path)
    cold = pytester.runpytest("--guide")
    [folder] = pytester.path.glob(FOLDER)
    pack = Pack(folder / PACK)
    key = next(key for key in pack.index if key.startswith(_slot("app/users.py")))
    offset, length = pack.index[key]
    pack.close()
    data = bytearray((folder / PACK).read_bytes())
    start = data.index(b"\n", len(b"backend-guide pack 1\n")) + 1
    data[start + offset : start + offset + length] = b"[" * length
    (folder / PACK).write_bytes(bytes(data))
    for _ in range(2):
        again = pytester.runpytest("--guide")
        again.assert_outcomes(passed=FILES, failed=1)
        assert _failures(again) == _failures(cold)
        again.stdout.fnmatch_lines(["app/users.py:4:5: NAME003 *"])
    repaired = _pack(pytester.path)
    assert len(repaired.index) == len(names)
    assert b"[[[" not in (repaired.raw(key) or b"")


def test_a_touched_file_does_not_rewrite_the_pack(pytester: pytest.Pytester) -> None:
    _project(pytester.path)
    pytester.runpytest("--guide")
    [folder] = pytester.path.glob(FOLDER)
    before = (folder / PACK).stat().st_mtime_ns
    touched = pytester.path / "app/module_03.py"
    touched.write_text(textwrap.dedent(CLEAN) + "\nEDIT = 1\n", encoding="utf-8")
    pytester.runpytest("--guide").assert_outcomes(passed=FILES, failed=1)
    assert (folder / PACK).stat().st_mtime_ns == before
    assert len(_loose(pytester.path)) == 1
    pytester.runpytest("--guide").assert_outcomes(passed=FILES, failed=1)


def test_older_contents_and_files_gone_leave_the_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "PACK_SLACK", 0)
    files = {name: b"x = 1\n" for name in ("a.py", "b.py", "c.py")}
    _run(tmp_path, files)
    assert sorted(_packed_paths(tmp_path)) == ["a.py", "b.py", "c.py"]
    files["a.py"] = b"x = 2\n"
    del files["c.py"]
    files["d.py"] = b"x = 1\n"
    _run(tmp_path, files)
    cache = ResultCache(tmp_path, "f" * 64)
    assert sorted(_packed_paths(tmp_path)) == ["a.py", "b.py", "d.py"]
    assert cache.has(cache.key("a.py", b"x = 2\n"))
    assert not cache.has(cache.key("a.py", b"x = 1\n"))
    assert list(tmp_path.rglob("??/*.json")) == []  # all in the pack


def test_a_run_of_some_files_keeps_the_others_in_the_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "PACK_SLACK", 0)
    files = {name: b"x = 1\n" for name in ("a.py", "b.py", "c.py")}
    _run(tmp_path, files)
    _run(tmp_path, {"b.py": b"x = 3\n"}, every=list(files))
    assert sorted(_packed_paths(tmp_path)) == ["a.py", "b.py", "c.py"]


def test_the_pack_reads_entries_and_refuses_a_bad_index(tmp_path: Path) -> None:
    path = tmp_path / "pack"
    assert write_pack(path, {"k1": b'{"a":1}', "k2": b"[2]"})
    pack = Pack(path)
    assert (pack.raw("k1"), pack.raw("k2"), pack.raw("k3")) == (b'{"a":1}', b"[2]", None)
    pack.close()
    assert pack.raw("k1") is None
    for index in (b"[]", b'{"k1": [0]}', b'{"k1": ["0", 1]}', b'{"k1": [-1, 2]}', b"{"):
        path.write_bytes(b"backend-guide pack 1\n" + index + b"\n[2]")
        damaged = Pack(path)
        assert damaged.index == {} and damaged.damaged, index
    assert Pack(tmp_path / "absent").index == {}


def _slot(relpath: str) -> str:
    return ResultCache(Path("unused"), "f" * 64).key(relpath, b"")[:20]


def _run(root: Path, files: dict[str, bytes], every: list[str] | None = None) -> None:
    """Store each file's result as a run would, then finish the run."""
    cache = ResultCache(root, "f" * 64)
    for name, data in files.items():
        key = cache.key(name, data)
        if not cache.has(key):
            violation = Violation(name, 1, 1, "NAME003", "bad", None, 2)
            cache.put(key, FileResult(name, (violation,)))
    cache.finish(every or list(files), pack=True)


def _packed_paths(root: Path) -> list[str]:
    [pack_file] = root.rglob(PACK)
    pack = Pack(pack_file)
    cache = ResultCache(root, "f" * 64)
    paths = []
    for key in pack.index:
        result = cache.get(key)
        assert result is not None
        paths.append(result.path)
    return paths
