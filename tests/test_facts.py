"""Facts of project checks: computed by the file stage, cached with results."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_arch_plugin import APP, make

from pytest_backend_guide.cache import ResultCache
from pytest_backend_guide.discovery import FoundFile
from pytest_backend_guide.engine import FileResult, check_bytes
from pytest_backend_guide.hookspecs import hookimpl
from pytest_backend_guide.manager import (
    CheckerError,
    Checkers,
    create_plugin_manager,
    load_checkers,
)
from pytest_backend_guide.project import FileFact, ProjectCheck, ProjectContext
from pytest_backend_guide.runner import BatchRunner
from pytest_backend_guide.settings import Settings
from pytest_backend_guide.source import SourceError, SourceFile

pytest_plugins = ["pytester"]


def _length(source: SourceFile) -> int:
    return len(source.text)


LENGTH = FileFact("length", _length)


def _settings(root: Path) -> Settings:
    return Settings(root, None, (root,), enabled=frozenset())


def test_the_file_stage_computes_declared_facts(checkers: Checkers) -> None:
    def broken(source: SourceFile) -> int:
        raise SourceError(source.path, 1, 1, "cannot parse")

    settings = _settings(Path("."))
    facts = (LENGTH, FileFact("tree", broken))
    result = check_bytes("a.py", b"x = 1\n", settings, checkers.hook, facts)
    assert result.facts == {"length": 6}
    # Facts are not part of the outcome.
    assert result == check_bytes("a.py", b"x = 1\n", settings, checkers.hook)


def test_facts_travel_with_cached_results(tmp_path: Path, checkers: Checkers) -> None:
    path = tmp_path / "a.py"
    path.write_text("x = 1\n", encoding="utf-8")
    files = [FoundFile("a.py", path)]
    settings = _settings(tmp_path)

    def runner() -> BatchRunner:
        cache = ResultCache(tmp_path / "cache", "f" * 64)
        return BatchRunner(settings, checkers.hook, cache, facts=(LENGTH,))

    assert runner().run(files)["a.py"].facts == {"length": 6}
    warm = runner()
    assert warm.run(files)["a.py"].facts == {"length": 6}
    assert warm.cache_hits == 1


def test_the_project_context_prefers_the_file_stage(tmp_path: Path) -> None:
    ctx = ProjectContext(_settings(tmp_path), (), {"a.py": {"length": 6}})
    # a.py does not exist: the answer can only come from the file stage.
    assert ctx.file_fact(LENGTH, "a.py") == (True, 6)


def test_an_unknown_fact_is_computed_from_the_file(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 10\n", encoding="utf-8")
    ctx = ProjectContext(_settings(tmp_path), (), {"a.py": {"other": 1}})
    assert ctx.file_fact(LENGTH, "a.py") == (True, 7)


def test_unreadable_and_unparsable_files_have_no_fact(tmp_path: Path) -> None:
    def parse(source: SourceFile) -> int:
        raise SourceError(source.path, 1, 1, "cannot parse")

    (tmp_path / "b.py").write_text("def (:\n", encoding="utf-8")
    (tmp_path / "latin.py").write_bytes(b"x = '\xff'\n")
    ctx = ProjectContext(_settings(tmp_path), ())
    assert ctx.file_fact(FileFact("tree", parse), "b.py") == (False, None)
    assert ctx.file_fact(LENGTH, "missing.py") == (False, None)
    assert ctx.file_fact(LENGTH, "latin.py") == (False, None)


@pytest.mark.parametrize("facts", ['"imports"', "[1, 2]", '{"imports": "garbage"}'])
def test_damaged_facts_in_the_cache_do_not_break_the_check(
    pytester: pytest.Pytester, facts: str
) -> None:
    make(pytester, APP)
    pytester.runpytest("--guide", "-m", "guide").assert_outcomes(passed=len(APP) + 2)
    entries = list(pytester.path.glob(".pytest_cache/d/backend-guide/*/*/*/*.json"))
    assert any('"imports":' in entry.read_text(encoding="utf-8") for entry in entries)
    for entry in entries:
        text = entry.read_text(encoding="utf-8")
        entry.write_text(text.replace('"facts":{', f'"facts":{facts},"x":{{'))
    again = pytester.runpytest("--guide", "-m", "guide")
    again.assert_outcomes(passed=len(APP) + 2)


def test_warm_run_sees_a_new_forbidden_import(pytester: pytest.Pytester) -> None:
    make(pytester, APP)
    first = pytester.runpytest("--guide", "-m", "guide")
    first.assert_outcomes(passed=len(APP) + 2)
    (pytester.path / "app/models/user.py").write_text(
        "from app.api import users\n\n\nclass User:\n    pass\n", encoding="utf-8"
    )
    second = pytester.runpytest("--guide", "-m", "guide")
    second.stdout.fnmatch_lines(["app/models/user.py:1:1: ARCH010 *"])
    (pytester.path / "app/models/user.py").write_text(
        "class User:\n    pass\n", encoding="utf-8"
    )
    third = pytester.runpytest("--guide", "-m", "guide")
    third.assert_outcomes(passed=len(APP) + 2)


def test_two_different_facts_of_one_kind_are_refused() -> None:
    class Checker:
        @hookimpl
        def guide_project_checks(self) -> list[ProjectCheck]:
            return [ProjectCheck("other", (), lambda ctx: [], (LENGTH,))]

    class Another:
        @hookimpl
        def guide_project_checks(self) -> list[ProjectCheck]:
            return [
                ProjectCheck("more", (), lambda ctx: [], (FileFact("length", len),))
            ]

    manager = create_plugin_manager(load_entry_points=False)
    manager.register(Checker())
    manager.register(Another())
    with pytest.raises(CheckerError, match="file fact 'length' is declared twice"):
        load_checkers(manager)


def test_one_fact_shared_by_two_checks_is_accepted() -> None:
    class Checker:
        @hookimpl
        def guide_project_checks(self) -> list[ProjectCheck]:
            return [
                ProjectCheck("one", (), lambda ctx: [], (LENGTH,)),
                ProjectCheck("two", (), lambda ctx: [], (LENGTH,)),
            ]

    manager = create_plugin_manager(load_entry_points=False)
    manager.register(Checker())
    assert set(load_checkers(manager).project_checks) == {"one", "two"}


def test_results_compare_without_their_facts() -> None:
    assert FileResult("a.py", facts={"length": 1}) == FileResult("a.py")


def test_an_analysis_is_built_once_per_context(tmp_path: Path) -> None:
    ctx = ProjectContext(_settings(tmp_path), ())
    builds: list[int] = []

    def build() -> list[int]:
        builds.append(1)
        return [len(builds)]

    first = ctx.memo("test.analysis", build)
    assert ctx.memo("test.analysis", build) is first
    assert builds == [1]
    other = ProjectContext(_settings(tmp_path), ())
    assert other.memo("test.analysis", build) == [2]


def test_the_context_finds_files_outside_the_checked_ones(tmp_path: Path) -> None:
    (tmp_path / "tests" / "node_modules").mkdir(parents=True)
    (tmp_path / "tests" / "test_a.py").write_text("", encoding="utf-8")
    (tmp_path / "tests" / "node_modules" / "b.py").write_text("", encoding="utf-8")
    ctx = ProjectContext(_settings(tmp_path), ())
    assert ctx.find_files([tmp_path / "tests"]) == ["tests/test_a.py"]
    assert ctx.relpath(tmp_path / "tests" / "test_a.py") == "tests/test_a.py"


def test_layer_entries_are_judged_once_for_options_and_detection() -> None:
    from pytest_backend_guide.helpers.backend_package import layer_names
    from pytest_backend_guide.helpers.parts import layer_name

    assert layer_name(" core . db ") == "core . db"
    assert layer_name("api") == "api"
    for bad in ("", "app/api", "core..db", "*.models", "1api"):
        assert layer_name(bad) is None
    assert layer_names(["api", "app/api", " api ", "core.db"]) == ["api", "core.db"]
