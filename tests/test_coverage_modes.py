"""TEST001 end to end, in every way pytest runs: plain, pytest-cov, xdist, coverage run.

Coverage tracing and in-process pytester runs interact badly (pytester
unloads coverage.py's C tracer between runs), so these runs are subprocesses.
"""

from __future__ import annotations

import io
import json
import sys
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from pathlib import Path

import coverage
import pytest

pytest_plugins = ["pytester"]

SELECT_TEST = '[tool.backend-guide]\nselect = ["TEST"]\n'
FUNCTIONS = 50  # app/core/calc.py: 100 statements, 50 run on import
ONE_TRACER = """\
    import coverage


    def test_one_tracer_measures():
        assert len(coverage.Coverage._instances) == 1
"""


def write(root: Path, files: Mapping[str, str]) -> None:
    """Write a project tree: path -> dedented text."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content), encoding="utf-8")


def calc_project(root: Path, *calls: range, toml: str = SELECT_TEST) -> None:
    """Write app/core/calc.py and one test module per range of calls.

    Each call runs one more of its 100 statements: 29 calls make 79%.
    """
    calc = "".join(f"def f{i}():\n    return {i}\n\n\n" for i in range(FUNCTIONS))
    files = {
        "pyproject.toml": toml,
        "app/__init__.py": "",
        "app/core/__init__.py": "",
        "app/core/calc.py": calc,
    }
    for number, span in enumerate(calls):
        body = "".join(f"    assert calc.f{i}() == {i}\n" for i in span)
        files[f"tests/test_calc_{number}.py"] = (
            f"from app.core import calc\n\n\ndef test_calls_{number}():\n{body}"
        )
    write(root, files)


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """Run ``pytest --guide`` in a subprocess."""
    return pytester.runpytest_subprocess("--guide", "-p", "no:cacheprovider", *args)


def coverage_run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """Run ``coverage run -m pytest --guide`` in a subprocess."""
    return pytester.run(
        sys.executable,
        "-m",
        "coverage",
        "run",
        *args,
        "-m",
        "pytest",
        "--guide",
        "-p",
        "no:cacheprovider",
    )


def junit_case(path: Path, name: str) -> ET.Element:
    """Return the ``testcase`` element of one item in a JUnit XML file."""
    cases = [
        case for case in ET.parse(path).iter("testcase") if case.get("name") == name
    ]
    assert len(cases) == 1, [case.attrib for case in ET.parse(path).iter("testcase")]
    return cases[0]


def total_in_data_file(root: Path, include: str) -> float:
    """Return the total coverage that coverage.py reads from root/.coverage."""
    cov = coverage.Coverage(data_file=str(root / ".coverage"), config_file=False)
    cov.load()
    return cov.report(file=io.StringIO(), include=[include])


# -- 1. plain `pytest --guide` --------------------------------------------


def test_plain_run_below_threshold_fails_with_the_least_covered_files(
    pytester: pytest.Pytester,
) -> None:
    calc_project(pytester.path, range(29))
    result = run(pytester, "--junitxml=report.xml")
    result.assert_outcomes(passed=6, failed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "*_ guide[[]coverage]: pyproject.toml _*",
            (
                "pyproject.toml:1:1: TEST001 total coverage 79.0% is below fail-under 80%"
                " (coverage-below-threshold)"
            ),
            "  help: test the least-covered files first:",
            "    app/core/calc.py  79.0%  missing 118, 122, 126, *",
            "*- backend-guide -*",
            "1  TEST001  coverage-below-threshold",
            "FAILED pyproject.toml::guide[[]coverage]*",
        ]
    )
    case = junit_case(pytester.path / "report.xml", "guide[coverage]")
    failure = case.find("failure")
    assert failure is not None
    assert "TEST001 total coverage 79.0% is below fail-under 80%" in failure.text


def test_plain_run_above_threshold_passes(pytester: pytest.Pytester) -> None:
    calc_project(pytester.path, range(31))
    result = run(pytester, "-v")
    result.assert_outcomes(passed=7)
    assert result.ret == pytest.ExitCode.OK
    lines = result.stdout.lines
    last_item = [line for line in lines if " PASSED" in line][-1]
    assert last_item.startswith("pyproject.toml::guide[coverage] PASSED")


def test_plain_run_writes_the_data_file_in_one_piece(
    pytester: pytest.Pytester,
) -> None:
    calc_project(pytester.path, range(31))
    (pytester.path / ".coverage").write_text("stale", encoding="utf-8")
    run(pytester).assert_outcomes(passed=7)
    assert total_in_data_file(pytester.path, "*/app/*") == pytest.approx(81.0)
    leftovers = [p.name for p in pytester.path.iterdir() if "guide-coverage" in p.name]
    assert leftovers == []


def test_coverage_configuration_is_honoured(pytester: pytest.Pytester) -> None:
    calc_project(
        pytester.path,
        range(31),
        toml=SELECT_TEST
        + textwrap.dedent(
            """\
            [tool.coverage.run]
            data_file = "build.coverage"

            [tool.coverage.report]
            fail_under = 85
            """
        ),
    )
    (pytester.path / "build").mkdir()
    result = run(pytester)
    result.stdout.fnmatch_lines(
        ["*TEST001 total coverage 81.0% is below fail-under 85%*"]
    )
    assert (pytester.path / "build.coverage").is_file()
    assert not (pytester.path / ".coverage").exists()


def test_guide_threshold_wins_over_coverage_fail_under(
    pytester: pytest.Pytester,
) -> None:
    toml = SELECT_TEST + textwrap.dedent(
        """\
        [tool.backend-guide.coverage]
        fail-under = 75

        [tool.coverage.report]
        fail_under = 95
        """
    )
    calc_project(pytester.path, range(29), toml=toml)
    run(pytester).assert_outcomes(passed=7)


def test_coverage_source_omit_branch_and_exclusions(pytester: pytest.Pytester) -> None:
    write(
        pytester.path,
        {
            "pyproject.toml": SELECT_TEST
            + textwrap.dedent(
                """\
                [tool.backend-guide.coverage]
                fail-under = 100

                [tool.coverage.run]
                source = ["app"]
                omit = ["*/legacy.py"]
                branch = true

                [tool.coverage.report]
                exclude_lines = ["pragma: no cover", "if DEBUG:"]
                """
            ),
            "app/__init__.py": "",
            "app/legacy.py": "def old():\n    return 1\n",
            "app/rules.py": """\
                DEBUG = False


                def sign(value):
                    if DEBUG:
                        print(value)
                    result = 1
                    if value < 0:
                        result = -1
                    return result
            """,
            "tests/test_rules.py": """\
                from app.rules import sign


                def test_sign():
                    assert sign(-2) == -1
            """,
        },
    )
    result = run(pytester)
    result.assert_outcomes(passed=6, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*TEST001 total coverage 87.5% is below fail-under 100%*",
            "    app/rules.py  87.5%  missing 8->10",
        ]
    )
    assert "legacy.py" not in result.stdout.str().split("FAILURES")[1]


def test_module_level_lines_and_session_teardown_count(
    pytester: pytest.Pytester,
) -> None:
    db_project(pytester.path)
    result = run(pytester)
    result.assert_outcomes(passed=8)


# -- 2. pytest-cov ----------------------------------------------------------


def test_pytest_cov_measurement_is_reused(pytester: pytest.Pytester) -> None:
    calc_project(pytester.path, range(29))
    write(pytester.path, {"tests/test_tracer.py": ONE_TRACER})
    result = run(pytester, "--cov=app", "--cov-report=term-missing")
    result.assert_outcomes(passed=8, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*TEST001 total coverage 79.0% is below fail-under 80%*",
            "*tests coverage*",
            "app/core/calc.py * 100 * 21 * 79% *",
            "TOTAL * 100 * 21 * 79%",
        ]
    )


def test_pytest_cov_fail_under_stays_its_own(pytester: pytest.Pytester) -> None:
    calc_project(pytester.path, range(31))
    result = run(pytester, "--cov=app", "--cov-fail-under=90")
    result.assert_outcomes(passed=7)
    result.stdout.fnmatch_lines(["*FAIL Required test coverage of 90% not reached*"])
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    lower = run(pytester, "--cov=app", "--cov-fail-under=70", "--cov-report=")
    lower.assert_outcomes(passed=7)
    assert lower.ret == pytest.ExitCode.OK


def test_pytest_cov_with_guide_threshold_failing(pytester: pytest.Pytester) -> None:
    calc_project(pytester.path, range(29))
    result = run(pytester, "--cov=app", "--cov-fail-under=70", "--cov-report=")
    result.assert_outcomes(passed=6, failed=1)
    result.stdout.fnmatch_lines(["*Required test coverage of 70% reached*"])
    assert result.ret == pytest.ExitCode.TESTS_FAILED


# -- 3. pytest-xdist, with and without pytest-cov ---------------------------


@pytest.mark.parametrize(
    "cov", [(), ("--cov=app", "--cov-report=")], ids=["own", "cov"]
)
def test_xdist_judges_the_combined_data_of_all_workers(
    pytester: pytest.Pytester, cov: Sequence[str]
) -> None:
    pytest.importorskip("xdist")
    # Each worker runs one module: 66% and 65% alone, 81% together.
    calc_project(pytester.path, range(16), range(16, 31))
    result = run(pytester, "-n", "2", "--dist", "loadfile", "-v", *cov)
    result.assert_outcomes(passed=9)
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["pyproject.toml::guide[[]coverage] PASSED*"])


@pytest.mark.parametrize(
    "cov", [(), ("--cov=app", "--cov-report=")], ids=["own", "cov"]
)
def test_xdist_failure_shows_in_terminal_junit_and_exit_status(
    pytester: pytest.Pytester, cov: Sequence[str]
) -> None:
    pytest.importorskip("xdist")
    calc_project(pytester.path, range(15), range(15, 29))
    result = run(pytester, "-n", "2", "--dist", "loadfile", "--junitxml=r.xml", *cov)
    result.assert_outcomes(passed=8, failed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(
        [
            "*_ guide[[]coverage]: pyproject.toml _*",
            "pyproject.toml:1:1: TEST001 total coverage 79.0% is below fail-under 80%*",
            "1  TEST001  coverage-below-threshold",
            "FAILED pyproject.toml::guide[[]coverage]*",
        ]
    )
    case = junit_case(pytester.path / "r.xml", "guide[coverage]")
    assert case.get("classname") == "pyproject.toml"
    assert case.find("failure") is not None


def test_xdist_writes_the_combined_data_file(pytester: pytest.Pytester) -> None:
    pytest.importorskip("xdist")
    calc_project(pytester.path, range(16), range(16, 31))
    run(pytester, "-n", "2", "--dist", "loadfile").assert_outcomes(passed=9)
    assert total_in_data_file(pytester.path, "*/app/*") == pytest.approx(81.0)
    leftovers = [p.name for p in pytester.path.iterdir() if p.name.startswith(".cov")]
    assert leftovers == [".coverage"]


# -- 5. coverage run -m pytest ------------------------------------------------


def test_outer_coverage_run_is_used(pytester: pytest.Pytester) -> None:
    calc_project(pytester.path, range(29))
    write(pytester.path, {"tests/test_tracer.py": ONE_TRACER})
    result = coverage_run(pytester, "--source=app")
    result.assert_outcomes(passed=8, failed=1)
    result.stdout.fnmatch_lines(
        ["*TEST001 total coverage 79.0% is below fail-under 80%*"]
    )
    assert total_in_data_file(pytester.path, "*/app/*") == pytest.approx(79.0)


# -- every mode: conftest imports and session teardown are measured -----------


def db_project(root: Path) -> None:
    """Write a project whose lines run at import, in a fixture and at teardown."""
    write(
        root,
        {
            "pyproject.toml": SELECT_TEST
            + "\n[tool.backend-guide.coverage]\nfail-under = 100\n",
            "app/__init__.py": "",
            "app/core/__init__.py": "",
            "app/core/db.py": """\
                STATE = {"open": False}


                def connect():
                    STATE["open"] = True


                def close():
                    STATE["open"] = False
            """,
            "conftest.py": """\
                import pytest

                from app.core import db


                @pytest.fixture(scope="session")
                def database():
                    db.connect()
                    yield db
                    db.close()
            """,
            "tests/test_db.py": """\
                def test_open(database):
                    assert database.STATE["open"]
            """,
        },
    )


@pytest.mark.parametrize(
    "args",
    [
        ("-n", "2"),
        ("--cov=app", "--cov-report="),
        ("--cov=app", "--cov-report=", "-n", "2"),
    ],
    ids=["xdist", "cov", "cov-xdist"],
)
def test_every_line_run_reads_100_percent(
    pytester: pytest.Pytester, args: Sequence[str]
) -> None:
    if "-n" in args:
        pytest.importorskip("xdist")
    db_project(pytester.path)
    result = run(pytester, *args)
    result.assert_outcomes(passed=8)
    assert result.ret == pytest.ExitCode.OK


def test_every_line_run_reads_100_percent_under_coverage_run(
    pytester: pytest.Pytester,
) -> None:
    db_project(pytester.path)
    result = coverage_run(pytester, "--source=app")
    result.assert_outcomes(passed=8)
    assert total_in_data_file(pytester.path, "*/app/*") == pytest.approx(100.0)


def test_the_coverage_verdict_reaches_the_machine_reports(
    pytester: pytest.Pytester,
) -> None:
    calc_project(pytester.path, range(29))
    result = run(pytester, "--guide-json=guide.json")
    result.assert_outcomes(passed=6, failed=1)
    data = json.loads((pytester.path / "guide.json").read_text(encoding="utf-8"))
    found = [(v["path"], v["line"], v["code"]) for v in data["violations"]]
    assert found == [("pyproject.toml", 1, "TEST001")]
    assert data["violations"][0]["message"] == (
        "total coverage 79.0% is below fail-under 80%"
    )
