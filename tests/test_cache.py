"""The result cache: hits, misses, corruption and invalidation."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pytest_backend_guide.cache import ResultCache
from pytest_backend_guide.discovery import FoundFile
from pytest_backend_guide.engine import FileResult
from pytest_backend_guide.manager import Checkers
from pytest_backend_guide.runner import BatchRunner, CheckerCrash
from pytest_backend_guide.settings import Settings
from pytest_backend_guide.source import SourceError
from pytest_backend_guide.violation import Violation

pytest_plugins = ["pytester"]


def test_results_round_trip_through_the_cache(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, "f" * 64)
    result = FileResult(
        "app/a.py",
        (Violation("app/a.py", 3, 5, "NAME003", "bad name", "rename", 9),),
        context=((("app/a.py", 3), "def getUser():"),),
    )
    broken = FileResult("app/b.py", error=SourceError("app/b.py", 2, 4, "cannot parse"))
    cache.put("k1", result)
    cache.put("k2", broken)
    assert cache.get("k1") == result
    restored = cache.get("k2")
    assert restored is not None and str(restored.error) == str(broken.error)
    assert cache.get("missing") is None


def test_corrupt_entries_are_dropped_and_recomputed(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, "f" * 64)
    cache.put("abcd", FileResult("app/a.py"))
    entry = next(tmp_path.rglob("abcd.json"))
    entry.write_bytes(b'{"path": "app/a.py", "violations": [{"pa')
    assert cache.get("abcd") is None
    assert not entry.exists()


def test_key_depends_on_path_and_content(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, "f" * 64)
    assert cache.key("a.py", b"x = 1\n") == cache.key("a.py", b"x = 1\n")
    assert cache.key("a.py", b"x = 1\n") != cache.key("b.py", b"x = 1\n")
    assert cache.key("a.py", b"x = 1\n") != cache.key("a.py", b"x = 2\n")


def test_batch_runner_uses_the_cache(tmp_path: Path, checkers: Checkers) -> None:
    source = tmp_path / "app" / "a.py"
    source.parent.mkdir()
    source.write_text('"""Module."""\n\ngetUser = 1\n', encoding="utf-8")
    settings = Settings(tmp_path, None, (tmp_path,), enabled=frozenset({"NAME006"}))
    files = [FoundFile("app/a.py", source)]
    first = BatchRunner(settings, checkers.hook, ResultCache(tmp_path / "c", "x" * 64))
    cold = first.run(files)
    again = BatchRunner(settings, checkers.hook, ResultCache(tmp_path / "c", "x" * 64))
    warm = again.run(files)
    assert again.cache_hits == 1
    assert warm == cold
    assert warm["app/a.py"].codes == ["NAME006"]
    source.write_text('"""Module."""\n\nGET_USER = 1\n', encoding="utf-8")
    changed = BatchRunner(
        settings, checkers.hook, ResultCache(tmp_path / "c", "x" * 64)
    )
    assert changed.run(files)["app/a.py"].ok
    assert changed.cache_hits == 0


def test_parallel_batch_gives_the_same_results(
    tmp_path: Path, checkers: Checkers
) -> None:
    files = []
    for number in range(240):
        path = tmp_path / f"m{number}.py"
        name = "getUser" if number % 3 == 0 else "get_user"
        path.write_text(f'"""M."""\n\n\ndef {name}() -> None:\n    """D."""\n')
        files.append(FoundFile(path.name, path))
    settings = Settings(tmp_path, None, (tmp_path,), enabled=frozenset({"NAME003"}))
    serial = BatchRunner(settings, checkers.hook, processes=1).run(files)
    runner = BatchRunner(settings, checkers.hook, processes=2)
    parallel = runner.run(files)
    assert runner.used_processes
    assert parallel == serial
    assert sum(1 for result in serial.values() if not result.ok) == 80


def test_warm_run_reports_cached_passes_and_failures(pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml(
        textwrap.dedent(
            """\
            [tool.backend-guide]
            select = ["NAME"]
            """
        )
    )
    (pytester.path / "app").mkdir()
    (pytester.path / "app/good.py").write_text("VALUE = 1\n", encoding="utf-8")
    (pytester.path / "app/bad.py").write_text("def getUser():\n    pass\n")
    first = pytester.runpytest("--guide")
    first.assert_outcomes(passed=1, failed=1)
    entries = list((pytester.path / ".pytest_cache").rglob("*.json"))
    assert any("backend-guide" in str(entry) for entry in entries)
    second = pytester.runpytest("--guide")
    second.assert_outcomes(passed=1, failed=1)
    second.stdout.fnmatch_lines(["app/bad.py:1:5: NAME003 function name 'getUser'*"])
    for entry in (pytester.path / ".pytest_cache/d/backend-guide").rglob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    third = pytester.runpytest("--guide")
    third.assert_outcomes(passed=1, failed=1)
    changed = pytester.runpytest("--guide", "--guide-ignore", "NAME003")
    changed.assert_outcomes(passed=2)
    uncached = pytester.runpytest("--guide", "--guide-no-cache")
    uncached.assert_outcomes(passed=1, failed=1)


def test_a_checker_that_crashes_fails_only_its_file(
    tmp_path: Path, checkers: Checkers, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pytest_backend_guide.runner as runner_module

    original = runner_module.check_bytes

    def crashing(relpath: str, *args: object, **kwargs: object) -> FileResult:
        if relpath == "m7.py":
            msg = "a checker's bug"
            raise RuntimeError(msg)
        return original(relpath, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(runner_module, "check_bytes", crashing)
    files = []
    for number in range(240):
        path = tmp_path / f"m{number}.py"
        path.write_text(f'"""M."""\n\n\ndef f{number}() -> None:\n    """D."""\n')
        files.append(FoundFile(path.name, path))
    settings = Settings(tmp_path, None, (tmp_path,), enabled=frozenset({"NAME003"}))
    runner = BatchRunner(settings, checkers.hook, processes=2)
    results = runner.run(files)
    assert runner.used_processes
    crash = results.pop("m7.py")
    assert isinstance(crash, CheckerCrash)
    assert str(crash).startswith("m7.py:1:1: error: checker 'test_cache' crashed")
    assert "RuntimeError: a checker's bug (test_cache.py:" in str(crash)
    assert len(results) == 239
    assert all(isinstance(result, FileResult) for result in results.values())
