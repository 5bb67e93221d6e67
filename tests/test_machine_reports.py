"""JSON, SARIF, GitHub annotations, concise output and statistics, end to end."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from git_repo import init_repo
from project_tree import CLEAN, PROJECT_RULES_OFF, USERS, guide, write

from pytest_backend_guide.cli import main
from pytest_backend_guide.engine import FileResult
from pytest_backend_guide.items import project_nodeid, report_order
from pytest_backend_guide.manager import load_checkers
from pytest_backend_guide.report.machine import RunData, annotation_lines
from pytest_backend_guide.violation import Violation

pytest_plugins = ["pytester"]

SCHEMA = Path(__file__).parent / "schemas" / "sarif-2.1.0.json"
TWO = USERS + '\n\n    def putUser() -> None:\n        """Put."""\n'  # line 16


def validate_sarif(document: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text())
    validator = jsonschema.validators.validator_for(schema)
    validator(schema).validate(document)


def test_json_has_every_violation_and_a_summary(pytester: pytest.Pytester) -> None:
    write(pytester.path, {"app/users.py": USERS, "app/clean.py": CLEAN})
    result = guide(pytester, "--guide-json=out/guide.json")
    result.stdout.fnmatch_lines(["wrote */out/guide.json"])
    data = json.loads((pytester.path / "out/guide.json").read_text())
    assert data["violations"] == [
        {
            "path": "app/users.py",
            "line": 4,
            "column": 5,
            "end_line": 4,
            "end_column": 12,
            "code": "NAME003",
            "name": "function-name",
            "message": "function name 'getUser' is not snake_case",
            "help": "rename to 'get_user'",
            "symbol": "app.users.getUser",
            "baselined": False,
        }
    ]
    assert data["summary"] == {
        "violations": 1,
        "baselined": 0,
        "suppressed": 0,
        "errors": 0,
        "checks": 2,
        "checks_failed": 1,
        "by_code": {"NAME003": 1},
    }
    assert data["tool"]["name"] == "backend-guide"


def test_sarif_is_valid_and_carries_baselined_results_as_suppressed(
    pytester: pytest.Pytester,
) -> None:
    write(pytester.path, {"app/users.py": USERS, "app/bad.py": b"def (:\n"})
    guide(pytester, "--guide-baseline-write")
    write(pytester.path, {"app/users.py": TWO})
    result = guide(pytester, "--guide-sarif=guide.sarif", "-n", "2")
    result.assert_outcomes(passed=0, failed=2)
    document = json.loads((pytester.path / "guide.sarif").read_text())
    validate_sarif(document)
    (run,) = document["runs"]
    rules = run["tool"]["driver"]["rules"]
    name003 = next(rule for rule in rules if rule["id"] == "NAME003")
    assert name003["name"] == "function-name"
    assert name003["helpUri"].endswith("/rules/naming/#name003-function-name")
    assert name003["defaultConfiguration"] == {"level": "error"}
    by_line = {
        r["locations"][0]["physicalLocation"]["region"]["startLine"]: r
        for r in run["results"]
    }
    known, new = by_line[4], by_line[16]
    assert known["suppressions"][0]["kind"] == "external"
    assert "suppressions" not in new
    assert new["ruleId"] == "NAME003"
    assert rules[new["ruleIndex"]]["id"] == "NAME003"
    location = new["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "app/users.py"}
    assert location["region"] == {"startLine": 16, "startColumn": 5, "endColumn": 12}
    notifications = run["invocations"][0]["toolExecutionNotifications"]
    assert "app/bad.py" in json.dumps(notifications)


SILENCED = {
    "app/users.py": USERS.replace(
        "dict[str, int]:\n", "dict[str, int]:  # guide: ignore[NAME003] -- mirrors the API\n", 1
    ),
    "app/orders.py": USERS.replace("getUser", "getOrder").replace(
        "dict[str, int]:\n", "dict[str, int]:  # guide: ignore\n", 1
    ),
    "app/items.py": USERS.replace("getUser", "getItem"),
}


def sarif_results(path: Path) -> list[dict[str, Any]]:
    document = json.loads(path.read_text())
    validate_sarif(document)
    (run,) = document["runs"]
    return sorted(run["results"], key=lambda r: json.dumps(r, sort_keys=True))


def test_suppressed_lines_are_sarif_in_source_suppressions_and_counted_in_json(
    pytester: pytest.Pytester,
) -> None:
    write(pytester.path, SILENCED)
    plain = guide(pytester)
    reports = ["--guide-sarif=guide.sarif", "--guide-json=guide.json"]
    cold = pytester.runpytest("--guide", *reports, "-n", "2")
    cold.assert_outcomes(failed=1, passed=2)
    # The terminal says what it said without reports: the silenced lines stay silent.
    assert "getUser" not in cold.stdout.str() and "getOrder" not in cold.stdout.str()
    def failure_lines(run: pytest.RunResult) -> list[str]:
        return [line for line in run.stdout.lines if line.startswith("app/items.py:")]

    assert failure_lines(cold) == failure_lines(plain) == [
        "app/items.py:4:5: NAME003 function name 'getItem' is not snake_case"
        " (function-name)"
    ]
    results = sarif_results(pytester.path / "guide.sarif")
    by_path = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r for r in results}
    assert len(results) == 3
    assert by_path["app/users.py"]["suppressions"] == [
        {"kind": "inSource", "justification": "mirrors the API"}
    ]
    assert by_path["app/orders.py"]["suppressions"] == [{"kind": "inSource"}]
    assert by_path["app/orders.py"]["ruleId"] == "NAME003"
    assert "suppressions" not in by_path["app/items.py"]
    summary = json.loads((pytester.path / "guide.json").read_text())["summary"]
    assert (summary["violations"], summary["suppressed"]) == (1, 2)
    # Warm: the suppressions come from the result cache, as they were.
    entries = list((pytester.path / ".pytest_cache/d/backend-guide").rglob("*.json"))
    assert any("mirrors the API" in entry.read_text() for entry in entries)
    # The cold run's results came from two xdist workers in the order they
    # finished; the file still lists them in path order, byte for byte.
    first = (pytester.path / "guide.sarif").read_text()
    warm = pytester.runpytest("--guide", *reports)
    warm.assert_outcomes(failed=1, passed=2)
    assert (pytester.path / "guide.sarif").read_text() == first


def test_the_command_carries_suppressed_lines_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, SILENCED)
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    assert main(["check", "--sarif", "g.sarif", "--json", "g.json"], out) == 1
    assert "getUser" not in out.getvalue()
    results = sarif_results(tmp_path / "g.sarif")
    kinds = sorted(str(r.get("suppressions")) for r in results)
    assert kinds == [
        "None",
        "[{'kind': 'inSource', 'justification': 'mirrors the API'}]",
        "[{'kind': 'inSource'}]",
    ]
    assert json.loads((tmp_path / "g.json").read_text())["summary"]["suppressed"] == 2


def test_paths_are_relative_to_the_repository_root(pytester: pytest.Pytester) -> None:
    write(pytester.path, {"backend/app/users.py": USERS, "README": "x"})
    (pytester.path / "backend/pyproject.toml").write_text(PROJECT_RULES_OFF)
    init_repo(pytester.path)
    result = pytester.runpytest(
        "--guide", "-p", "no:cacheprovider", "--rootdir=backend", "backend",
        "--guide-sarif=guide.sarif",
    )
    result.assert_outcomes(failed=1)
    document = json.loads((pytester.path / "guide.sarif").read_text())
    validate_sarif(document)
    (found,) = document["runs"][0]["results"]
    uri = found["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "backend/app/users.py"


def test_annotations_in_github_actions(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(pytester.path, {"app/users.py": USERS})
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = guide(pytester)
    result.stdout.fnmatch_lines(
        [
            "::error file=app/users.py,line=4,col=5,title=NAME003::function name"
            " 'getUser' is not snake_case (function-name)"
        ]
    )
    assert "::error" not in guide(pytester, "--guide-no-annotations").stdout.str()
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    assert "::error" not in guide(pytester).stdout.str()


def test_annotation_text_is_escaped() -> None:
    found = Violation("a,b:c.py", 2, 3, "NAME003", "50% bad\nreally")
    data = RunData([FileResult("a,b:c.py", (found,))], load_checkers().rules, frozenset())
    assert annotation_lines(data) == [
        "::error file=a%2Cb%3Ac.py,line=2,col=3,title=NAME003::50%25 bad%0Areally"
        " (function-name)"
    ]


def test_concise_output_is_one_line_per_violation(pytester: pytest.Pytester) -> None:
    config = PROJECT_RULES_OFF + 'output-format = "concise"\n'
    write(pytester.path, {"pyproject.toml": config, "app/users.py": TWO})
    result = guide(pytester)
    result.stdout.fnmatch_lines(
        [
            "*_ guide: app/users.py _*",
            "app/users.py:4:5: NAME003 function name 'getUser' is not snake_case*",
            "app/users.py:16:5: NAME003 function name 'putUser' is not snake_case*",
            "*- backend-guide -*",
        ]
    )
    assert "^^^^" not in result.stdout.str()
    full = guide(pytester, "--guide-output-format=full")
    assert "  help: rename to 'get_user'" in full.stdout.str()


def statistics_output(result: pytest.RunResult) -> list[str]:
    """Return what a run printed, without blank lines and pytest's timing."""
    lines = [line for line in result.stdout.lines if line.strip()]
    return [line.split(" in ")[0] if line.endswith("s") else line for line in lines]


@pytest.mark.parametrize("how", [["--guide"], ["--guide-only"], ["--guide", "-n", "2"]])
def test_statistics_print_only_the_table(pytester: pytest.Pytester, how: list[str]) -> None:
    write(pytester.path, {"app/users.py": TWO, "app/other.py": USERS})
    result = pytester.runpytest(*how, "-p", "no:cacheprovider", "--guide-statistics")
    result.assert_outcomes(failed=2)
    # As ruff --statistics: no header, no progress dots, no failure texts,
    # no short summary; the table, then pytest's final line.
    assert statistics_output(result)[-3:] == [
        "3  NAME003  function-name",
        "3 violations, 2 of 2 checks failed",
        "2 failed",
    ]
    lines = statistics_output(result)
    if "-n" in how:  # xdist says how it starts its workers
        lines = [line for line in lines if "workers" not in line and "nodes" not in line]
    assert lines[0].strip("- ") == "backend-guide"
    assert len(lines) == 4


def test_statistics_leave_pytests_own_lines_to_v_and_warn_texts_out(
    pytester: pytest.Pytester,
) -> None:
    write(pytester.path, {"app/users.py": USERS, "app/clean.py": CLEAN})
    result = guide(pytester, "--guide-statistics", "--guide-warn")
    result.assert_outcomes(passed=2)
    assert statistics_output(result) == [
        "--------------------- backend-guide warnings (mode = warn) ---------------------",
        "1 violation in 1 checks would have failed the run (mode = warn: none did)",
        "-------------------------------- backend-guide ---------------------------------",
        "1  NAME003  function-name",
        "1 violation, 0 of 2 checks failed",
        "2 passed",
    ]
    verbose = guide(pytester, "--guide-statistics", "-v")
    verbose.stdout.fnmatch_lines(["app/clean.py::guide PASSED*", "app/users.py::guide FAILED*"])
    assert "getUser" not in verbose.stdout.str()


def test_the_command_writes_the_same_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {"app/users.py": USERS})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    out = io.StringIO()
    args = ["check", "--json", "g.json", "--sarif", "g.sarif", "--output-format=concise"]
    assert main(args, out) == 1
    text = out.getvalue()
    assert text.startswith("app/users.py:4:5: NAME003 function name 'getUser'")
    assert "::error file=app/users.py,line=4,col=5,title=NAME003::" in text
    validate_sarif(json.loads((tmp_path / "g.sarif").read_text()))
    assert json.loads((tmp_path / "g.json").read_text())["summary"]["violations"] == 1
    out = io.StringIO()
    assert main(["check", "--statistics", "--no-annotations"], out) == 1
    assert out.getvalue().splitlines()[0] == "1  NAME003  function-name"


def test_results_are_reported_in_path_order_whichever_worker_finishes_first() -> None:
    # xdist workers report files in the order they finish them; the JSON and
    # SARIF files must not depend on it (a busy machine reordered them).
    arrived = [
        project_nodeid("pyproject.toml", "dependencies"),
        "app/users.py::guide",
        project_nodeid("pyproject.toml", "architecture"),
        "app/api/orders.py::guide",
        "app-tools.py::guide",
        "app/items.py::guide",
    ]
    assert sorted(arrived, key=report_order) == [
        "app-tools.py::guide",
        "app/api/orders.py::guide",
        "app/items.py::guide",
        "app/users.py::guide",
        "pyproject.toml::guide[architecture]",
        "pyproject.toml::guide[dependencies]",
    ]
