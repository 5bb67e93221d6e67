"""The coverage verdict reports like any guide check: warn mode, baseline, outputs.

Real coverage runs in subprocesses (see test_coverage_modes): 29 of 100
statements run make 79%, under the default fail-under of 80.
"""

from __future__ import annotations

import json

import pytest
from test_coverage_modes import calc_project, run
from test_machine_reports import validate_sarif

pytest_plugins = ["pytester"]

SHORTFALL = "TEST001 total coverage 79.0% is below fail-under 80%"


def test_warn_mode_counts_a_coverage_shortfall_without_failing(
    pytester: pytest.Pytester,
) -> None:
    calc_project(pytester.path, range(29))
    result = run(pytester, "--guide-warn", "--junitxml=out.xml")
    result.assert_outcomes(passed=7)
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(
        [
            "*backend-guide warnings (mode = warn)*",
            f"pyproject.toml:1:1: {SHORTFALL} (coverage-below-threshold)",
            "1 violation in 1 checks would have failed the run (mode = warn: none did)",
            "1  TEST001  coverage-below-threshold",
        ]
    )
    assert 'failures="0"' in (pytester.path / "out.xml").read_text()


def test_warn_mode_under_xdist_counts_the_controllers_verdict(
    pytester: pytest.Pytester,
) -> None:
    toml = '[tool.backend-guide]\nselect = ["TEST"]\nmode = "warn"\n'
    calc_project(pytester.path, range(15), range(15, 29), toml=toml)
    result = run(pytester, "-n", "2")
    result.assert_outcomes(passed=9)
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["1 violation in 1 checks would have failed*"])


def test_a_baselined_shortfall_passes_and_a_new_one_fails(
    pytester: pytest.Pytester,
) -> None:
    calc_project(pytester.path, range(29))
    written = run(pytester, "--guide-baseline-write")
    written.assert_outcomes(passed=7)
    written.stdout.fnmatch_lines(["wrote .guide-baseline.json: 1 known violations*"])
    baseline = json.loads((pytester.path / ".guide-baseline.json").read_text())
    entries = [(e["path"], e["code"]) for e in baseline["violations"]]
    assert entries == [("pyproject.toml", "TEST001")]
    held = run(pytester)
    held.assert_outcomes(passed=7)
    held.stdout.fnmatch_lines(["1 baselined violation not shown: TEST 1"])
    # Less coverage is a different shortfall: not the one the baseline holds.
    (pytester.path / "tests/test_calc_0.py").write_text(
        "from app.core import calc\n\n\ndef test_calls_0():\n"
        "    assert calc.f0() == 0\n"
    )
    worse = run(pytester)
    worse.assert_outcomes(passed=6, failed=1)
    worse.stdout.fnmatch_lines(["*TEST001 total coverage 51.0% is below*"])


def test_a_skipped_coverage_item_leaves_its_baseline_entry_alone(
    pytester: pytest.Pytester,
) -> None:
    toml = '[tool.backend-guide]\nselect = ["TEST"]\nstrict-baseline = true\n'
    calc_project(pytester.path, range(29), toml=toml)
    run(pytester, "--guide-baseline-write").assert_outcomes(passed=7)
    checks_only = run(pytester, "-m", "guide")
    checks_only.assert_outcomes(passed=5, skipped=1, deselected=1)
    assert checks_only.ret == pytest.ExitCode.OK
    assert "no longer match" not in checks_only.stdout.str()


def test_sarif_annotations_statistics_and_concise_output_under_xdist(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    calc_project(pytester.path, range(15), range(15, 29))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    result = run(
        pytester,
        "-n",
        "2",
        "--guide-sarif=guide.sarif",
        "--guide-statistics",
        "--guide-output-format=concise",
    )
    result.assert_outcomes(passed=8, failed=1)
    document = json.loads((pytester.path / "guide.sarif").read_text())
    validate_sarif(document)
    (found,) = document["runs"][0]["results"]
    assert found["ruleId"] == "TEST001"
    result.stdout.fnmatch_lines(
        [
            "1  TEST001  coverage-below-threshold*",
            # '%' is escaped in workflow commands
            "::error file=pyproject.toml,line=1,col=1,title=TEST001::total coverage"
            " 79.0%25 is below fail-under 80%25*",
        ]
    )


def test_concise_output_is_one_line(pytester: pytest.Pytester) -> None:
    calc_project(pytester.path, range(29))
    result = run(pytester, "--guide-output-format=concise")
    result.assert_outcomes(passed=6, failed=1)
    result.stdout.fnmatch_lines([f"pyproject.toml:1:1: {SHORTFALL}*"])
    assert "least-covered" not in result.stdout.str()
