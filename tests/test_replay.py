"""A warm run replays what cached files' items showed, unchanged.

Each cache entry keeps its item's failure text, crash line and counts; a
run that needs nothing more shows them without rebuilding the violations.
Its output is the same as a cold run's in every format, a damaged entry is
still a miss, and runs that need the violations (JSON, SARIF, baseline,
statistics) still read them.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path
from types import ModuleType

import pytest
from cache_entries import read_entry, write_entry
from project_tree import CLEAN, USERS, write

from pytest_backend_guide.cache import ResultCache
from pytest_backend_guide.checks import api, errors
from pytest_backend_guide.discovery import FoundFile
from pytest_backend_guide.engine import FileResult
from pytest_backend_guide.manager import Checkers
from pytest_backend_guide.pattern_rules import load_package_rules
from pytest_backend_guide.registry import Rule, RuleRegistry
from pytest_backend_guide.replay import Replay
from pytest_backend_guide.report.longrepr import crash_line
from pytest_backend_guide.report.terminal import format_result
from pytest_backend_guide.runner import BatchRunner
from pytest_backend_guide.settings import Settings
from pytest_backend_guide.source import SourceError
from pytest_backend_guide.violation import Violation

pytest_plugins = ["pytester"]

ENTRIES = ".pytest_cache/d/backend-guide/*/*/*/*.json"

# Two violations of two rules, a tab in a reported line, a broken file.
BAD = """\
    \"\"\"Handlers.\"\"\"


    def getUser(userId):
    \tpass


    class user_record:
        \"\"\"A record.\"\"\"
"""
BROKEN = "def broken(:\n    pass\n"


def _project(pytester: pytest.Pytester) -> None:
    write(
        pytester.path,
        {"app/users.py": USERS, "app/ok.py": CLEAN, "app/bad.py": BAD},
    )
    (pytester.path / "app" / "broken.py").write_text(BROKEN, encoding="utf-8")


def _shown(result: pytest.RunResult) -> list[str]:
    """The output without what changes from run to run (folders, timings)."""
    return [
        re.sub(r" in [0-9.]+s( \(.*\))?", "", line).strip("= ")
        for line in result.outlines
        if not line.startswith(("rootdir:", "platform ", "plugins:", "cachedir:"))
    ]


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--guide-output-format", "concise"),
        ("-rN",),
        ("-ra", "--tb=line"),
        ("--guide-warn",),
        ("-v",),
    ],
    ids=["full", "concise", "no-summary", "tb-line", "warn", "verbose"],
)
def test_a_warm_run_shows_what_a_cold_run_showed(
    pytester: pytest.Pytester, args: tuple[str, ...]
) -> None:
    _project(pytester)
    cold = pytester.runpytest("--guide", "-m", "guide", "-p", "no:randomly", *args)
    pytester.runpytest("--guide", "-m", "guide")  # fills the cache
    warm = pytester.runpytest("--guide", "-m", "guide", "-p", "no:randomly", *args)
    assert _shown(warm) == _shown(cold)
    assert warm.ret == cold.ret


def test_ci_logs_and_junit_xml_are_the_same_warm(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(pytester)
    monkeypatch.setenv("CI", "true")
    cold = pytester.runpytest("--guide", "-m", "guide", "--junitxml=out.xml")
    cold_xml = _junit(pytester.path / "out.xml")
    warm = pytester.runpytest("--guide", "-m", "guide", "--junitxml=out.xml")
    assert _shown(warm) == _shown(cold)
    assert _junit(pytester.path / "out.xml") == cold_xml


def _junit(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    for volatile in ('time="', 'timestamp="', 'hostname="'):
        while volatile in text:
            start = text.index(volatile)
            end = text.index('"', start + len(volatile))
            text = text[:start] + text[end + 1 :]
    return text


def test_json_and_statistics_read_the_violations_warm(
    pytester: pytest.Pytester,
) -> None:
    _project(pytester)
    pytester.runpytest("--guide", "-m", "guide", "--guide-json", "cold.json")
    warm = pytester.runpytest("--guide", "-m", "guide", "--guide-json", "warm.json")
    cold_data = json.loads((pytester.path / "cold.json").read_text())
    warm_data = json.loads((pytester.path / "warm.json").read_text())
    assert warm_data == cold_data
    assert warm_data["summary"]["violations"] >= 4
    statistics = pytester.runpytest("--guide", "-m", "guide", "--guide-statistics")
    statistics.stdout.fnmatch_lines(["*NAME003*function-name*"])
    assert warm.ret == statistics.ret


def test_a_baseline_run_is_not_replayed(pytester: pytest.Pytester) -> None:
    _project(pytester)
    pytester.runpytest("--guide", "-m", "guide")
    written = pytester.runpytest("--guide", "-m", "guide", "--guide-baseline-write")
    written.stdout.no_fnmatch_line("*NAME003*")  # set aside: written down
    judged = pytester.runpytest("--guide", "-m", "guide")
    judged.stdout.no_fnmatch_line("*NAME003*")  # set aside: in the baseline
    judged.stdout.fnmatch_lines(["*app/broken.py*cannot parse*"])


def _runner(tmp_path: Path, checkers: Checkers, rules: RuleRegistry) -> BatchRunner:
    settings = Settings(
        tmp_path, None, (tmp_path,), enabled=checkers.rules.default_codes()
    )
    cache = ResultCache(tmp_path / "cache", "x" * 64, rules)
    return BatchRunner(settings, checkers.hook, cache, processes=1)


def _files(tmp_path: Path) -> list[FoundFile]:
    (tmp_path / "bad.py").write_text(textwrap.dedent(BAD), encoding="utf-8")
    (tmp_path / "broken.py").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "ok.py").write_text(textwrap.dedent(CLEAN), encoding="utf-8")
    return [FoundFile(name, tmp_path / name) for name in ("bad.py", "broken.py", "ok.py")]


def test_a_replay_holds_the_text_crash_line_and_counts(
    tmp_path: Path, checkers: Checkers
) -> None:
    rules = checkers.rules
    files = _files(tmp_path)
    cold = _runner(tmp_path, checkers, rules).run(files)
    warm_runner = _runner(tmp_path, checkers, rules)
    warm_runner.replay = True
    warm = warm_runner.run(files)
    assert warm_runner.cache_hits == 3
    for path, result in cold.items():
        replay = warm[path]
        assert isinstance(result, FileResult) and isinstance(replay, Replay)
        assert replay.ok == result.ok
        assert replay.error == (result.error is not None)
        assert dict(replay.counts) == {
            code: result.codes.count(code) for code in result.codes
        }
        if result.ok:
            assert replay.crash is None and replay.text == ""
            continue
        for concise in (False, True):
            expected = format_result(result, rules, concise=concise)
            assert replay.failure_text(concise=concise) == expected
        assert replay.crash == crash_line(result, rules)


def test_a_message_with_a_line_break_is_one_concise_line(tmp_path: Path) -> None:
    rules = RuleRegistry([Rule("SHOP001", "shop-rule", "a custom rule")])
    result = FileResult(
        "a.py",
        (
            Violation("a.py", 1, 1, "SHOP001", "first line\nsecond line", "fix it"),
            Violation("a.py", 2, 3, "SHOP001", "plain", None, 5),
        ),
        context=((("a.py", 1), "x = 1"), (("a.py", 2), "y = 22")),
    )
    cache = ResultCache(tmp_path, "f" * 64, rules)
    cache.put("k", result)
    replay = cache.get_replay("k")
    assert replay is not None
    assert replay.failure_text(concise=True) == format_result(result, rules, concise=True)
    assert replay.failure_text(concise=False) == format_result(result, rules)
    assert cache.get("k") == result


def test_an_entry_stored_without_rules_is_read_whole(
    tmp_path: Path, checkers: Checkers
) -> None:
    files = _files(tmp_path)
    settings = Settings(
        tmp_path, None, (tmp_path,), enabled=checkers.rules.default_codes()
    )
    plain = ResultCache(tmp_path / "cache", "x" * 64)  # no rule names: nothing shown
    cold = BatchRunner(settings, checkers.hook, plain, processes=1).run(files)
    warm_runner = _runner(tmp_path, checkers, checkers.rules)
    warm_runner.replay = True
    warm = warm_runner.run(files)
    assert all(isinstance(result, FileResult) for result in warm.values())
    assert _outcomes(warm) == _outcomes(cold)
    assert warm_runner.cache_hits == 3


def _outcomes(results: dict[str, object]) -> list[tuple[str, object, str]]:
    return [
        (path, result.violations, str(result.error))
        for path, result in sorted(results.items())
        if isinstance(result, FileResult)
    ]


@pytest.mark.parametrize(
    "damage",
    [
        lambda shown: {**shown, "text": 3},
        lambda shown: {**shown, "heads": [10_000]},
        lambda shown: {**shown, "heads": ["0"]},
        lambda shown: {**shown, "crash": ["bad.py", "4", "x"]},
        lambda shown: {**shown, "crash": None},
        lambda shown: {**shown, "counts": {"NAME003": "1"}},
        lambda shown: {**shown, "error": 0},
        lambda shown: {**shown, "extra": 1},
        lambda shown: [shown],
    ],
    ids=["text", "heads-range", "heads-type", "crash", "no-crash", "counts", "error", "extra", "list"],
)
def test_a_damaged_shown_part_is_a_miss(
    tmp_path: Path, checkers: Checkers, damage: object
) -> None:
    files = _files(tmp_path)[:1]
    expected = _runner(tmp_path, checkers, checkers.rules).run(files)
    [entry] = (tmp_path / "cache").rglob("*.json")
    data = read_entry(entry)
    data["shown"] = damage(data["shown"])  # type: ignore[operator]
    write_entry(entry, data)
    warm_runner = _runner(tmp_path, checkers, checkers.rules)
    warm_runner.replay = True
    assert warm_runner.run(files) == expected  # checked again: a result
    assert warm_runner.cache_hits == 0
    again = _runner(tmp_path, checkers, checkers.rules)
    again.replay = True
    replayed = again.run(files)["bad.py"]
    assert isinstance(replayed, Replay) and again.cache_hits == 1


def test_a_damaged_byte_in_the_body_is_a_miss_for_a_replay(
    tmp_path: Path, checkers: Checkers
) -> None:
    files = _files(tmp_path)[:1]
    _runner(tmp_path, checkers, checkers.rules).run(files)
    [entry] = (tmp_path / "cache").rglob("*.json")
    raw = bytearray(entry.read_bytes())
    raw[-5] ^= 0x01  # inside the body, which a replay does not decode
    entry.write_bytes(bytes(raw))
    warm_runner = _runner(tmp_path, checkers, checkers.rules)
    warm_runner.replay = True
    assert isinstance(warm_runner.run(files)["bad.py"], FileResult)
    assert warm_runner.cache_hits == 0


def test_a_warm_run_with_a_pack_replays_from_it(pytester: pytest.Pytester) -> None:
    files = {f"app/m{number}.py": BAD for number in range(20)}
    write(pytester.path, files)
    cold = pytester.runpytest("--guide", "-m", "guide", "-p", "no:randomly")
    assert list(pytester.path.glob(".pytest_cache/d/backend-guide/*/*/pack"))
    assert not list(pytester.path.glob(ENTRIES))  # all in the pack
    warm = pytester.runpytest("--guide", "-m", "guide", "-p", "no:randomly")
    assert _shown(warm) == _shown(cold)


def test_xdist_workers_replay_the_same_failures(pytester: pytest.Pytester) -> None:
    pytest.importorskip("xdist")
    _project(pytester)
    cold = pytester.runpytest("--guide", "-m", "guide", "-n", "2", "-p", "no:randomly")
    warm = pytester.runpytest("--guide", "-m", "guide", "-n", "2", "-p", "no:randomly")
    def findings(run: pytest.RunResult) -> list[str]:
        # Workers finish in any order: compare the lines, not their order.
        lines = _shown(run)
        volatile = r"[.FsE]+ +\[|\[gw\d+\]"  # progress, which worker ran it
        return sorted(line for line in lines if not re.match(volatile, line))

    assert findings(warm) == findings(cold)
    warm.stdout.fnmatch_lines(["*8 violations, 3 of 4 checks failed*"])


LOADED_CONFTEST = """
import sys


def pytest_sessionfinish(session):
    with open("loaded.txt", "w", encoding="utf-8") as out:
        out.write("\\n".join(sorted(sys.modules)))
"""
CHECKING_MODULES = (
    "pytest_backend_guide.checks.docstrings.parser",
    "pytest_backend_guide.checks.naming.visitor",
    "pytest_backend_guide.checks.style.layout",
    "pytest_backend_guide.checks.security.names",
    "pytest_backend_guide.checks.security.sql",
    "pytest_backend_guide.checks.database.raw_sql",
    "pytest_backend_guide.checks.async_code.scope",
    "pytest_backend_guide.checks.async_code.blocking",
    "pytest_backend_guide.checks.errors.handlers",
    "pytest_backend_guide.checks.api.handlers",
    "pytest_backend_guide.checks.api.routes",
    # ERR's rule files; without custom rules nothing else reads YAML
    "pytest_backend_guide.pattern_engine",
    "yaml",
)
# ASYNC looks at a file only when its text says async, requests or httpx.
TOUCHED = '''"""Changed."""


async def ping() -> None:
    """Answer a probe."""
'''


def test_a_warm_run_does_not_load_the_checking_code(pytester: pytest.Pytester) -> None:
    _project(pytester)
    (pytester.path / "app" / "probe.py").write_text(TOUCHED, encoding="utf-8")
    pytester.makeconftest(LOADED_CONFTEST)

    def loaded() -> set[str]:
        pytester.runpytest_subprocess("--guide", "-m", "guide")
        text = (pytester.path / "loaded.txt").read_text(encoding="utf-8")
        return set(text.split("\n"))

    assert loaded().issuperset(CHECKING_MODULES)  # cold: files are checked
    assert loaded().isdisjoint(CHECKING_MODULES)  # warm: every file cached
    (pytester.path / "app" / "ok.py").write_text(TOUCHED, encoding="utf-8")
    assert loaded().issuperset(CHECKING_MODULES)  # one file checked again


@pytest.mark.parametrize(
    ("family", "folder"), [(errors, "rules/errors"), (api, "rules/api")]
)
def test_rules_written_out_for_registration_are_their_yaml_files(
    family: ModuleType, folder: str
) -> None:
    from_yaml = [
        rule.as_rule() for rule in load_package_rules("pytest_backend_guide", folder)
    ]
    declared = {rule.code: rule for rule in family.guide_rules()}

    assert from_yaml
    assert [declared[rule.code] for rule in from_yaml] == from_yaml
