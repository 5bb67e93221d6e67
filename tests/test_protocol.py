"""Guide items run with their call phase only: what reporters still see."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from project_tree import CLEAN, USERS, guide, write

pytest_plugins = ["pytester"]

RECORD_PHASES = """\
    import pytest

    PHASES = []


    def pytest_runtest_logreport(report):
        if "::guide" in report.nodeid:
            PHASES.append((report.nodeid, report.when, report.outcome))


    def pytest_terminal_summary(terminalreporter):
        for nodeid, when, outcome in PHASES:
            terminalreporter.line(f"phase {nodeid} {when} {outcome}")
"""


def test_guide_items_report_one_call_phase(pytester: pytest.Pytester) -> None:
    write(
        pytester.path,
        {
            "app/api/users.py": USERS,
            "app/clean.py": CLEAN,
            "conftest.py": RECORD_PHASES,
        },
    )
    result = guide(pytester, "-m", "guide")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(
        [
            "phase app/api/users.py::guide call failed",
            "phase app/clean.py::guide call passed",
            "phase conftest.py::guide call passed",
        ]
    )
    assert "setup" not in result.stdout.str().split("phase", 1)[1]


def test_junit_xml_has_a_case_per_item_with_the_violations(
    pytester: pytest.Pytester,
) -> None:
    write(
        pytester.path,
        {
            "app/api/users.py": USERS,
            "app/clean.py": CLEAN,
            "tests/test_a.py": "def test_a():\n    pass\n",
        },
    )
    guide(pytester, "--junitxml=report.xml")
    root = ET.parse(pytester.path / "report.xml").getroot()
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == (
        "4",
        "1",
        "0",
    )
    cases = {
        f"{case.get('classname')}::{case.get('name')}": case
        for case in suite.iter("testcase")
    }
    assert sorted(cases) == [
        "app.api.users::guide",
        "app.clean::guide",
        "tests.test_a::guide",
        "tests.test_a::test_a",
    ]
    failure = cases["app.api.users::guide"].find("failure")
    assert failure is not None
    assert "NAME003 function name 'getUser' is not snake_case" in (failure.text or "")
    assert [case.find("failure") for case in cases.values()].count(None) == 3


def test_marks_on_a_guide_item_keep_their_meaning(pytester: pytest.Pytester) -> None:
    write(
        pytester.path,
        {
            "app/api/users.py": USERS,
            "app/clean.py": CLEAN,
            "conftest.py": """\
                import pytest


                def pytest_collection_modifyitems(items):
                    for item in items:
                        if item.nodeid == "app/api/users.py::guide":
                            item.add_marker(pytest.mark.xfail(reason="legacy"))
                        if item.nodeid == "app/clean.py::guide":
                            item.add_marker(pytest.mark.skip(reason="generated"))
            """,
        },
    )
    result = guide(pytester, "-m", "guide", "-rsx")
    result.assert_outcomes(passed=1, skipped=1, xfailed=1)
    result.stdout.fnmatch_lines(["SKIPPED * generated", "XFAIL * legacy"])


def test_session_fixtures_are_torn_down_once_around_guide_items(
    pytester: pytest.Pytester,
) -> None:
    write(
        pytester.path,
        {
            "app/clean.py": CLEAN,
            "app/api/users.py": USERS,
            "tests/conftest.py": """\
                import pytest


                @pytest.fixture(scope="session")
                def resource():
                    print("\\nSETUP")
                    yield
                    print("\\nTEARDOWN")


                def pytest_collection_modifyitems(items):
                    # Tests first, guide items after: the last item is a guide item.
                    items.sort(key=lambda item: "::guide" in item.nodeid)
            """,
            "tests/test_a.py": (
                "def test_a(resource):\n    pass\n\n\ndef test_b(resource):\n    pass\n"
            ),
        },
    )
    result = guide(pytester, "-s")
    result.assert_outcomes(passed=5, failed=1)
    output = result.stdout.str()
    assert output.count("SETUP") == 1
    assert output.count("TEARDOWN") == 1
    assert output.index("TEARDOWN") > output.index("users.py")


def test_exitfirst_stops_at_the_first_failing_file(pytester: pytest.Pytester) -> None:
    write(pytester.path, {"app/a.py": USERS, "app/b.py": USERS})
    result = guide(pytester, "-x")
    result.assert_outcomes(failed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_last_failed_reruns_the_failing_files(pytester: pytest.Pytester) -> None:
    write(pytester.path, {"app/a.py": USERS, "app/b.py": CLEAN})
    pytester.runpytest("--guide").assert_outcomes(passed=1, failed=1)
    rerun = pytester.runpytest("--guide", "--lf")
    rerun.assert_outcomes(failed=1, deselected=1)
    rerun.stdout.fnmatch_lines(["FAILED app/a.py::guide*"])


def test_item_location_is_the_one_pytest_would_compute(
    pytester: pytest.Pytester,
) -> None:
    write(
        pytester.path,
        {
            "app/api/users.py": USERS,
            "conftest.py": """\
                import pytest


                def pytest_collection_finish(session):
                    for item in session.items:
                        expected = pytest.Item.location.func(item)
                        assert item.location == expected, (item.location, expected)
                        print("location", *item.location)
            """,
        },
    )
    result = guide(pytester, "-m", "guide", "-s")
    result.stdout.fnmatch_lines(["location app/api/users.py 0 guide: app/api/users.py"])
    result.assert_outcomes(passed=1, failed=1)


def test_without_the_switch_nothing_heavy_is_imported() -> None:
    import subprocess
    import sys

    code = (
        "import sys, pytest_backend_guide.plugin\n"
        "heavy = ['pytest_backend_guide.session', 'pytest_backend_guide.engine',"
        " 'pytest_backend_guide.runner', 'pathspec', 'multiprocessing']\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_a_checker_crash_fails_its_file_and_the_rest_is_checked(
    pytester: pytest.Pytester,
) -> None:
    files = {f"app/m{number}.py": CLEAN for number in range(210)}
    files["app/m7.py"] = USERS
    files["conftest.py"] = """\
        import pytest_backend_guide.runner as runner


        original = runner.check_bytes


        def crashing(relpath, *args, **kwargs):
            if relpath == "app/m7.py":
                raise RuntimeError("a checker's bug")
            return original(relpath, *args, **kwargs)


        runner.check_bytes = crashing
    """
    write(pytester.path, files)
    result = pytester.runpytest_subprocess(
        "--guide", "-p", "no:cacheprovider", "-m", "guide"
    )
    result.assert_outcomes(passed=210, failed=1)
    assert "Traceback" not in result.stdout.str()
    result.stdout.fnmatch_lines(
        [
            "app/m7.py:1:1: error: checker 'conftest' crashed: RuntimeError: "
            "a checker's bug (conftest.py:*); no rule was checked here",
            "*1 of 211 checks failed (1 could not be checked)",
            "FAILED app/m7.py::guide*",
        ]
    )
