"""A warm run replays project checks whose inputs did not change.

Each project check's result is kept under a digest of everything project
checks read (:mod:`pytest_backend_guide.project_state`). These tests run
real trees, and real git repositories where git decides: after each kind
of change a warm run reports exactly what a cold run does, and a run where
nothing changed runs no project check at all.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from git_repo import git, init_repo
from project_tree import write

# Imported here, before any in-process run: pytester's runs drop the modules
# they import, and a patched module must be the one the runs use.
from pytest_backend_guide import project_files, project_state
from pytest_backend_guide import session as session_module

pytest_plugins = ["pytester"]

GITHUB = "ghp_" + "1234567890abcdefABCDEF1234567890abcd"
ROUTES = '''\
    """Routes."""
    from fastapi import APIRouter

    from app.services.orders import total

    router = APIRouter(prefix="/orders")


    @router.get("/")
    def list_orders() -> int:
        """List orders.

        Returns:
            The total.
        """
        return total()
'''
ORDERS = '''\
    """Orders."""
    from app.api.routes import router


    def total() -> int:
        """Return the total.

        Returns:
            It.
        """
        return len(router.routes)
'''
TREE: dict[str, str | bytes] = {
    "pyproject.toml": (
        '[project]\nname = "shop"\ndependencies = ["fastapi"]\n\n'
        '[tool.backend-guide]\nsrc = ["app"]\n'
    ),
    "app/__init__.py": '"""Shop."""\n',
    "app/api/__init__.py": '"""API."""\n',
    "app/api/routes.py": ROUTES,
    "app/services/__init__.py": '"""Services."""\n',
    "app/services/orders.py": ORDERS,
    "deploy/values.yaml": f"token: {GITHUB}\n",
    "requirements.txt": "fastapi\n",
    ".env": "SECRET=x\n",
    "tests/test_orders.py": '"""Tests."""\n\n\ndef test_nothing() -> None:\n    """-."""\n',
}
ARGS = ("--guide", "-m", "guide", "-rN")
CHECKS = 8
"""Project checks on by default: architecture, imports, tests, dependencies,
configuration, secrets, migrations, api."""


@pytest.fixture
def runs(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., tuple[list[str], int]]]:
    """Run ``pytest --guide`` on the tree: its output and how many checks ran.

    The racy-file guard is off (the tree was written a moment ago), unless
    a test puts it back.
    """
    monkeypatch.setattr(project_state, "RACY_NS", 0)
    computed: list[str] = []
    real = session_module.check_project

    def counting(check: Any, ctx: Any) -> Any:
        computed.append(check.name)
        return real(check, ctx)

    monkeypatch.setattr(session_module, "check_project", counting)

    def run(*extra: str) -> tuple[list[str], int]:
        computed.clear()
        result = pytester.runpytest(*ARGS, *extra)
        return _shown(result), len(computed)

    yield run


def _shown(result: pytest.RunResult) -> list[str]:
    """The output without what changes from run to run (folders, timings)."""
    return [
        re.sub(r" in [0-9.]+s( \(.*\))?", "", line).strip("= ")
        for line in result.outlines
        if not line.startswith(("rootdir:", "platform ", "plugins:", "cachedir:"))
    ]


def _same_size_edit(path: Path, text: str) -> None:
    """Rewrite a file with as many bytes and its mtime put back."""
    before = path.stat()
    assert len(text.encode()) == before.st_size
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def _rename(root: Path, old: str, new: str) -> None:
    (root / new).parent.mkdir(parents=True, exist_ok=True)
    (root / old).rename(root / new)


CHANGES: dict[str, Callable[[Path], object]] = {
    "python-edit": lambda root: write(root, {"app/services/orders.py": '"""O."""\n'}),
    "test-added": lambda root: write(
        root, {"tests/test_services.py": "def test_x() -> None:\n    from app.services import orders\n"}
    ),
    "test-removed": lambda root: (root / "tests" / "test_orders.py").unlink(),
    "module-renamed": lambda root: _rename(
        root, "app/services/orders.py", "app/services/order.py"
    ),
    "manifest-same-size-edit": lambda root: _same_size_edit(
        root / "requirements.txt", "flask==1"
    ),
    "secret-file-renamed": lambda root: _rename(
        root, "deploy/values.yaml", "deploy/old/values.yaml"
    ),
    "empty-folder-made": lambda root: (root / "app" / "core").mkdir(),
    "gitignore-added": lambda root: write(root, {".gitignore": "deploy/\n"}),
    "config-changed": lambda root: write(
        root,
        {"pyproject.toml": str(TREE["pyproject.toml"]) + 'ignore = ["ARCH001"]\n'},
    ),
    "folder-removed": lambda root: shutil.rmtree(root / "tests"),
}


def test_an_unchanged_tree_replays_every_project_check(
    pytester: pytest.Pytester, runs: Callable[..., tuple[list[str], int]]
) -> None:
    write(pytester.path, TREE)
    cold, checks = runs("--guide-no-cache")
    assert checks == CHECKS and any("SEC002" in line for line in cold)
    assert any("ARCH010" in line for line in cold)
    first, ran = runs()
    assert first == cold and ran == CHECKS
    warm, ran = runs()
    assert warm == cold and ran == 0


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_warm_run_after_a_change_reports_what_a_cold_run_does(
    pytester: pytest.Pytester,
    runs: Callable[..., tuple[list[str], int]],
    change: str,
) -> None:
    write(pytester.path, TREE)
    before, _ = runs()
    assert runs()[1] == 0
    CHANGES[change](pytester.path)
    warm, ran = runs()
    cold, _ = runs("--guide-no-cache")
    assert warm == cold and ran > 0
    assert warm != before or change == "empty-folder-made"
    again, ran = runs()
    assert again == cold and ran == 0


def test_git_tracking_a_file_is_a_change(
    pytester: pytest.Pytester, runs: Callable[..., tuple[list[str], int]]
) -> None:
    write(pytester.path, {**TREE, ".gitignore": ".env\n.pytest_cache/\n"})
    init_repo(pytester.path)
    before, _ = runs()
    assert runs()[1] == 0
    assert not any(".env" in line for line in before)
    git(pytester.path, "add", "-f", ".env")  # no file of the tree changes
    warm, ran = runs()
    cold, _ = runs("--guide-no-cache")
    assert warm == cold and ran > 0
    assert any(".env:1:1: SEC002" in line for line in warm)
    git(pytester.path, "rm", "-q", "--cached", "deploy/values.yaml")
    warm, ran = runs()
    cold, _ = runs("--guide-no-cache")
    assert warm == cold and ran > 0
    assert not any("values.yaml" in line for line in warm)


def test_git_commits_that_change_no_tracked_file_still_replay(
    pytester: pytest.Pytester, runs: Callable[..., tuple[list[str], int]]
) -> None:
    write(pytester.path, {**TREE, ".gitignore": ".pytest_cache/\n"})
    init_repo(pytester.path)
    cold, _ = runs()
    git(pytester.path, "commit", "-q", "--allow-empty", "-m", "nothing")
    git(pytester.path, "status", "--short")  # refreshes the index
    warm, ran = runs()
    assert warm == cold and ran == 0


def test_damaged_entries_are_a_miss_and_rewritten(
    pytester: pytest.Pytester, runs: Callable[..., tuple[list[str], int]]
) -> None:
    write(pytester.path, TREE)
    cold, _ = runs()
    values = sorted(pytester.path.glob(".pytest_cache/d/backend-guide/*/*/values/*"))
    results = [path for path in values if b'"violations"' in path.read_bytes()]
    assert len(results) == CHECKS
    damage = [b"", b"[" * 100_000, b'{"value": {"path": 1}}', b'{"value": null}']
    for path, garbage in zip(results, damage):
        path.write_bytes(garbage)
    for path in results[len(damage) :]:
        path.unlink()  # a missing entry is a miss too
    warm, ran = runs()
    assert warm == cold and ran == CHECKS
    assert runs() == (cold, 0)  # rewritten


def test_a_file_changed_just_now_is_not_trusted(
    pytester: pytest.Pytester,
    runs: Callable[..., tuple[list[str], int]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write(pytester.path, TREE)
    runs()
    monkeypatch.setattr(project_state, "RACY_NS", 2_000_000_000)
    _same_size_edit(pytester.path / "requirements.txt", "flask==1")
    warm, ran = runs()
    cold, _ = runs("--guide-no-cache")
    assert warm == cold and ran == CHECKS  # recomputed: its status is not trusted


def test_machine_reports_of_a_replay_equal_a_cold_run(
    pytester: pytest.Pytester, runs: Callable[..., tuple[list[str], int]]
) -> None:
    write(pytester.path, TREE)
    runs("--guide-no-cache", "--guide-json", "cold.json")
    runs()
    _, ran = runs("--guide-json", "warm.json")
    assert ran == 0
    cold = (pytester.path / "cold.json").read_text(encoding="utf-8")
    assert (pytester.path / "warm.json").read_text(encoding="utf-8") == cold


def test_a_check_that_asks_not_to_be_replayed_runs_every_time(
    pytester: pytest.Pytester, runs: Callable[..., tuple[list[str], int]]
) -> None:
    # The module the run will load: an earlier in-process run may have
    # dropped it from sys.modules and left a stale one on its package.
    dependencies = importlib.import_module("pytest_backend_guide.checks.dependencies")
    check = dependencies.DEPENDENCIES_CHECK
    object.__setattr__(check, "replay", False)  # frozen: set it for this test
    try:
        write(pytester.path, TREE)
        cold, _ = runs()
        assert runs() == (cold, 1)
    finally:
        object.__setattr__(check, "replay", True)


def test_only_checks_that_opt_in_are_replayed() -> None:
    from pytest_backend_guide import ProjectCheck
    from pytest_backend_guide.manager import load_checkers

    outside = ProjectCheck("outside", (), lambda ctx: [])
    assert outside.replay is False  # a check from before replays runs every time
    built_in = load_checkers().project_checks.values()
    assert {check.name for check in built_in if not check.replay} == set()
    assert len(list(built_in)) == CHECKS


@pytest.fixture
def walks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Count the walks that list the project's files (without git)."""
    walked: list[str] = []
    real = project_files.walked_project_files

    def counting(settings: Any) -> tuple[str, ...]:
        walked.append("walk")
        return real(settings)

    monkeypatch.setattr(project_files, "walked_project_files", counting)
    return walked


@pytest.mark.parametrize(
    ("change", "walked"),
    [
        ("python-edit", 0),
        ("manifest-same-size-edit", 0),
        ("test-added", 1),
        ("module-renamed", 1),
        ("gitignore-added", 1),
        ("empty-folder-made", 1),
    ],
)
def test_the_walked_file_list_is_kept_while_the_tree_keeps_its_shape(
    pytester: pytest.Pytester,
    runs: Callable[..., tuple[list[str], int]],
    walks: list[str],
    change: str,
    walked: int,
) -> None:
    write(pytester.path, TREE)
    runs()
    assert walks == ["walk"]
    CHANGES[change](pytester.path)
    walks.clear()
    warm, ran = runs()
    assert ran == CHECKS and len(walks) == walked
    assert warm == runs("--guide-no-cache")[0]


def test_a_gitignore_edited_in_place_is_walked_again(
    pytester: pytest.Pytester,
    runs: Callable[..., tuple[list[str], int]],
    walks: list[str],
) -> None:
    write(pytester.path, {**TREE, ".gitignore": "build/\n"})
    runs()
    _same_size_edit(pytester.path / ".gitignore", "deploy\n")
    write(pytester.path, {"app/services/orders.py": '"""O."""\n'})
    walks.clear()
    warm, _ = runs()
    assert walks == ["walk"] and not any("values.yaml" in line for line in warm)
    assert warm == runs("--guide-no-cache")[0]


def test_facts_are_read_back_only_for_checks_that_run(
    pytester: pytest.Pytester,
    runs: Callable[..., tuple[list[str], int]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pytest_backend_guide.runner import BatchRunner

    asked: list[list[str]] = []
    real = BatchRunner.results

    def spying(self: BatchRunner, batch: Any) -> Any:
        asked.append(sorted(fact.kind for fact in self.facts))
        return real(self, batch)

    monkeypatch.setattr(BatchRunner, "results", spying)
    write(pytester.path, TREE)
    cold, _ = runs()
    assert asked[-1]  # a cold run reads every fact
    assert runs() == (cold, 0) and asked[-1] == []  # all replayed: none
    values = pytester.path.glob(".pytest_cache/d/backend-guide/*/*/values/*")
    imports = [path for path in values if b"ARCH011" in path.read_bytes()]
    assert len(imports) == 1
    imports[0].unlink()
    warm, ran = runs()  # only the imports check runs: only its fact is read
    assert warm == cold and ran == 1 and asked[-1] == ["imports"]
