"""A checked file comes back as what its item shows, rendered where it is checked.

When no report needs the violations themselves (no baseline, JSON, SARIF
or statistics), the runner renders each checked file once, in the process
that checks it, and gives the item its text, crash line and counts: a pool
worker sends the parent that text instead of every violation as objects
to rebuild and render again, and a first cached run stores the same text
without rendering it a second time. The output is the same as from the
violations.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from project_tree import CLEAN, USERS, write

from pytest_backend_guide import replay as replay_module
from pytest_backend_guide import runner as runner_module
from pytest_backend_guide.cache import ResultCache
from pytest_backend_guide.discovery import FoundFile
from pytest_backend_guide.engine import FileResult
from pytest_backend_guide.manager import Checkers
from pytest_backend_guide.registry import RuleRegistry
from pytest_backend_guide.replay import Replay
from pytest_backend_guide.report.longrepr import crash_line
from pytest_backend_guide.report.terminal import format_result
from pytest_backend_guide.runner import BatchRunner, Checked
from pytest_backend_guide.settings import Settings

pytest_plugins = ["pytester"]

# Two rules, a tab in a reported line, a help line; a file that cannot parse.
BAD = """\
    \"\"\"Handlers.\"\"\"


    def getUser(userId):
    \tpass


    class user_record:
        \"\"\"A record.\"\"\"
"""
BROKEN = "def broken(:\n    pass\n"


def _settings(tmp_path: Path, checkers: Checkers) -> Settings:
    return Settings(tmp_path, None, (tmp_path,), enabled=checkers.rules.default_codes())


def _files(tmp_path: Path, copies: int = 1) -> list[FoundFile]:
    texts = {"bad": textwrap.dedent(BAD), "broken": BROKEN, "ok": textwrap.dedent(CLEAN)}
    files = []
    for number in range(copies):
        for stem, text in texts.items():
            name = f"{stem}{number}.py"
            (tmp_path / name).write_text(text, encoding="utf-8")
            files.append(FoundFile(name, tmp_path / name))
    return files


def _shown_runner(
    settings: Settings,
    checkers: Checkers,
    processes: int,
    cache: ResultCache | None = None,
) -> BatchRunner:
    runner = BatchRunner(
        settings, checkers.hook, cache, processes=processes, rules=checkers.rules
    )
    runner.replay = True
    return runner


def _assert_shows(shown: Checked, result: Checked, rules: RuleRegistry) -> None:
    """Assert that a replay shows what the result's item would show."""
    assert isinstance(result, FileResult) and isinstance(shown, Replay)
    assert shown.path == result.path
    assert shown.ok == result.ok
    assert shown.error == (result.error is not None)
    assert list(shown.counts.items()) == [
        (code, result.codes.count(code)) for code in dict.fromkeys(result.codes)
    ]
    assert shown.facts == result.facts
    if result.ok:
        assert shown.crash is None and shown.text == ""
        return
    for concise in (False, True):
        expected = format_result(result, rules, concise=concise)
        assert shown.failure_text(concise=concise) == expected
    assert shown.crash == crash_line(result, rules)


def test_a_checked_file_comes_back_as_what_its_item_shows(
    tmp_path: Path, checkers: Checkers
) -> None:
    files = _files(tmp_path)
    settings = _settings(tmp_path, checkers)
    results = BatchRunner(settings, checkers.hook, processes=1).run(files)
    shown = _shown_runner(settings, checkers, processes=1).run(files)
    assert not results["bad0.py"].ok and not results["broken0.py"].ok
    assert results["ok0.py"].ok
    for path, result in results.items():
        _assert_shows(shown[path], result, checkers.rules)


def test_without_rule_names_a_checked_file_comes_back_whole(
    tmp_path: Path, checkers: Checkers
) -> None:
    files = _files(tmp_path)
    runner = BatchRunner(_settings(tmp_path, checkers), checkers.hook, processes=1)
    runner.replay = True  # but no rules to render with: the standalone CLI's case
    assert all(isinstance(r, FileResult) for r in runner.run(files).values())


def test_pool_workers_send_what_each_item_shows(
    tmp_path: Path, checkers: Checkers
) -> None:
    files = _files(tmp_path, copies=80)  # 240 files: over the pool's threshold
    settings = _settings(tmp_path, checkers)
    results = BatchRunner(settings, checkers.hook, processes=1).run(files)
    pooled = _shown_runner(settings, checkers, processes=2)
    shown = pooled.run(files)
    assert pooled.used_processes
    assert list(shown) == list(results)
    for path, result in results.items():
        _assert_shows(shown[path], result, checkers.rules)


def test_a_first_cached_run_renders_each_failing_file_once(
    tmp_path: Path, checkers: Checkers, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []
    original = replay_module.rendered_result

    def counting(result: FileResult, rules: RuleRegistry) -> object:
        rendered.append(result.path)
        return original(result, rules)

    monkeypatch.setattr(replay_module, "rendered_result", counting)
    files = _files(tmp_path)
    settings = _settings(tmp_path, checkers)
    rules = checkers.rules
    cache = ResultCache(tmp_path / "cache", "x" * 64, rules)
    first = _shown_runner(settings, checkers, 1, cache).run(files)
    assert sorted(rendered) == ["bad0.py", "broken0.py"]
    for found in files:
        stored = cache.get_replay(cache.key(found.relpath, found.path.read_bytes()))
        assert stored == first[found.relpath]
    warm_cache = ResultCache(tmp_path / "cache", "x" * 64, rules)
    warm_runner = _shown_runner(settings, checkers, 1, warm_cache)
    assert warm_runner.run(files) == first
    assert warm_runner.cache_hits == 3
    assert len(rendered) == 2  # a replay is not rendered again


def _pool_project(pytester: pytest.Pytester) -> None:
    tree = {"app/users.py": USERS, "app/ok.py": CLEAN, "app/broken.py": BROKEN}
    for number in range(30):
        tree[f"app/bad{number:02}.py"] = BAD
    write(pytester.path, tree)


def _lines_without_report_files(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith("wrote ")]


@pytest.mark.parametrize(
    "options",
    [
        ["-rN"],
        ["-ra", "--tb=line"],
        ["--guide-output-format", "concise"],
        ["--guide-warn"],
    ],
)
def test_a_pooled_run_shows_what_the_violations_show(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, options: list[str]
) -> None:
    monkeypatch.setattr(runner_module, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(runner_module, "_usable_cores", lambda: 2)
    _pool_project(pytester)
    cold = ["--guide", "-m", "guide", "-p", "no:cacheprovider", *options]
    shown = pytester.runpytest(*cold)
    # A JSON report needs the violations: the workers send them whole.
    whole = pytester.runpytest(*cold, "--guide-json", "report.json")
    assert shown.ret == whole.ret
    # Under --tb=line, pytest 8 shows only the first violation (DOC003).
    shown.stdout.fnmatch_lines(["*app/bad00.py:4:5: *"])
    assert _lines_without_report_files(
        re_timeless(shown.stdout.str())
    ) == _lines_without_report_files(re_timeless(whole.stdout.str()))


def test_a_pooled_junit_report_holds_the_same_failures(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner_module, "PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(runner_module, "_usable_cores", lambda: 2)
    _pool_project(pytester)
    cold = ["--guide", "-m", "guide", "-p", "no:cacheprovider"]
    pytester.runpytest(*cold, "--junitxml", "shown.xml")
    pytester.runpytest(*cold, "--junitxml", "whole.xml", "--guide-json", "r.json")
    shown = re_timeless((pytester.path / "shown.xml").read_text(encoding="utf-8"))
    whole = re_timeless((pytester.path / "whole.xml").read_text(encoding="utf-8"))
    assert "NAME003" in shown
    assert shown == whole


def re_timeless(text: str) -> str:
    """Return a run's text without its durations, timestamps and host name."""
    text = re.sub(r" in [0-9.]+s( \([0-9:]+\))?", " in Xs", text)
    return re.sub(r'(time|timestamp|hostname)="[^"]*"', r'\1="X"', text)
