"""Facts of project checks kept between runs: reuse, invalidation, damage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_arch_plugin import APP, make

from pytest_backend_guide.discovery import FoundFile
from pytest_backend_guide.engine import check_bytes
from pytest_backend_guide.facts import FactCache, content_key
from pytest_backend_guide.hookspecs import hookimpl
from pytest_backend_guide.manager import (
    CheckerError,
    Checkers,
    create_plugin_manager,
    load_checkers,
)
from pytest_backend_guide.project import FileFact, ProjectCheck, ProjectContext
from pytest_backend_guide.settings import Settings
from pytest_backend_guide.source import SourceError, SourceFile

pytest_plugins = ["pytester"]


def _project(root: Path, files: dict[str, str], facts: FactCache) -> ProjectContext:
    found = []
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        found.append(FoundFile(relpath, path))
    settings = Settings(root, None, (root,), enabled=frozenset())
    return ProjectContext(settings, tuple(found), facts)


def _fact(value: object) -> FileFact:
    return FileFact("length", lambda source: value)


def test_a_fact_is_computed_once_per_content(tmp_path: Path) -> None:
    calls: list[str] = []

    def length(source: SourceFile) -> int:
        calls.append(source.path)
        return len(source.text)

    fact = FileFact("length", length)
    store = tmp_path / "store"
    ctx = _project(tmp_path, {"a.py": "x = 1\n"}, FactCache(store))
    assert ctx.file_fact(fact, "a.py") == (True, 6)
    ctx.facts.save()  # type: ignore[union-attr]
    again = _project(tmp_path, {"a.py": "x = 1\n"}, FactCache(store))
    assert again.file_fact(fact, "a.py") == (True, 6)
    assert len(calls) == 1
    changed = _project(tmp_path, {"a.py": "x = 10\n"}, FactCache(store))
    assert changed.file_fact(fact, "a.py") == (True, 7)
    assert len(calls) == 2


def test_facts_of_the_file_stage_are_used_and_stored(tmp_path: Path) -> None:
    store = FactCache(tmp_path / "store")
    key = content_key("a.py", b"x = 1\n")
    ctx = ProjectContext(
        Settings(tmp_path, None, (tmp_path,), enabled=frozenset()),
        (),
        store,
        {"a.py": key},
        {"a.py": {"length": 6}},
    )
    # a.py does not exist: the answer can only come from the file stage.
    assert ctx.file_fact(_fact(-1), "a.py") == (True, 6)
    assert store.get("length", "a.py", key) == (True, 6)


def test_the_file_stage_computes_declared_facts(checkers: Checkers) -> None:
    def broken(source: SourceFile) -> int:
        raise SourceError(source.path, 1, 1, "cannot parse")

    settings = Settings(Path("."), None, (Path("."),), enabled=frozenset())
    facts = (FileFact("length", lambda source: len(source.text)), FileFact("x", broken))
    result = check_bytes("a.py", b"x = 1\n", settings, checkers.hook, facts)
    assert result.facts == {"length": 6}
    assert result == check_bytes("a.py", b"x = 1\n", settings, checkers.hook)


def test_two_different_facts_of_one_kind_are_refused() -> None:
    class Checker:
        @hookimpl
        def guide_project_checks(self) -> list[ProjectCheck]:
            return [ProjectCheck("other", (), lambda ctx: [], (_fact(1),))]

    class Another:
        @hookimpl
        def guide_project_checks(self) -> list[ProjectCheck]:
            return [ProjectCheck("more", (), lambda ctx: [], (_fact(2),))]

    manager = create_plugin_manager(load_entry_points=False)
    manager.register(Checker())
    manager.register(Another())
    with pytest.raises(CheckerError, match="file fact 'length' is declared twice"):
        load_checkers(manager)


def test_known_content_keys_spare_the_read(tmp_path: Path) -> None:
    store = FactCache(tmp_path / "store")
    store.put("length", "a.py", content_key("a.py", b"x = 1\n"), 6)
    ctx = ProjectContext(
        Settings(tmp_path, None, (tmp_path,), enabled=frozenset()),
        (),
        store,
        {"a.py": content_key("a.py", b"x = 1\n")},
    )
    # a.py does not exist: the answer can only come from the store.
    assert ctx.file_fact(_fact(-1), "a.py") == (True, 6)
    assert ctx.file_fact(_fact(-1), "b.py") == (False, None)


@pytest.mark.parametrize(
    "damage",
    [
        b"{not json",
        b'{"version": 0, "files": {}}',
        b'{"version": 1, "files": []}',
        b'{"version": 1, "files": {"a.py": ["k"]}}',
        b"\xff\xfe",
    ],
)
def test_a_damaged_store_is_ignored_and_rewritten(
    tmp_path: Path, damage: bytes
) -> None:
    store = tmp_path / "store"
    store.mkdir()
    (store / "facts-length.json").write_bytes(damage)
    facts = FactCache(store)
    ctx = _project(tmp_path, {"a.py": "x = 1\n"}, facts)
    assert ctx.file_fact(_fact(6), "a.py") == (True, 6)
    facts.save()
    data = json.loads((store / "facts-length.json").read_text(encoding="utf-8"))
    assert data["files"]["a.py"][1] == 6


def test_unreadable_and_unparsable_files_have_no_fact(tmp_path: Path) -> None:
    def parse(source: SourceFile) -> int:
        raise SourceError("b.py", 1, 1, "cannot parse")

    fact = FileFact("tree", parse)
    ctx = _project(tmp_path, {"b.py": "def (:\n"}, FactCache(tmp_path / "s"))
    assert ctx.file_fact(fact, "b.py") == (False, None)
    assert ctx.file_fact(fact, "missing.py") == (False, None)
    (tmp_path / "latin.py").write_bytes(b"x = '\xff'\n")
    assert ctx.file_fact(_fact(1), "latin.py") == (False, None)


def test_warm_run_sees_a_new_forbidden_import(pytester: pytest.Pytester) -> None:
    make(pytester, APP)
    first = pytester.runpytest("--guide", "-m", "guide")
    first.assert_outcomes(passed=len(APP) + 2)
    assert list(
        pytester.path.glob(".pytest_cache/d/backend-guide/*/*/facts-imports.json")
    )
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
