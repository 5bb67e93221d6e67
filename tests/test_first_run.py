"""A first run on a real project: --guide-only, selection, summaries, stray config.

The trees are shaped like the back ends the plugin was tried on: a FastAPI
template whose tests need a database driver, a repository whose backend
(and its ``pyproject.toml``) sits in ``backend/``, a Flask app with no
``pyproject.toml`` at all.
"""

from __future__ import annotations

import pytest
from project_tree import CLEAN, USERS, guide, write

pytest_plugins = ["pytester"]

# Shaped like full-stack-fastapi-template's backend: the tests import the
# app, whose package __init__ and conftest need services a lint job lacks.
NEEDS_DEPENDENCIES = {
    "pyproject.toml": '[tool.backend-guide]\nselect = ["NAME", "DOC", "TYPE", "STYLE"]\n',
    "app/__init__.py": 'raise RuntimeError("app imported")\n',
    "app/api/__init__.py": "",
    "app/api/users.py": USERS,
    "app/core/config.py": CLEAN,
    "tests/__init__.py": 'raise RuntimeError("tests package imported")\n',
    "tests/conftest.py": "import psycopg  # the test database fixtures\n",
    "tests/api/test_users.py": """\
        import psycopg  # not installed in a lint-only job


        def test_users():
            pass
    """,
}


def test_guide_only_checks_without_importing_tests(pytester: pytest.Pytester) -> None:
    write(pytester.path, NEEDS_DEPENDENCIES)
    result = pytester.runpytest("--guide-only", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=6, failed=1)
    result.stdout.fnmatch_lines(["*NAME003 function name 'getUser'*"])
    result.stdout.no_fnmatch_line("*imported*")
    result.stdout.no_fnmatch_line("*psycopg*")
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_guide_only_loads_the_rootdir_conftests_only(pytester: pytest.Pytester) -> None:
    # Without arguments pytest would load tests/conftest.py before collecting
    # anything; --guide-only collects nothing there, so it is not loaded.
    write(pytester.path, NEEDS_DEPENDENCIES)
    result = pytester.runpytest("--guide-only", "-p", "no:cacheprovider")
    result.stdout.no_fnmatch_line("*psycopg*")
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_guide_only_leaves_conftests_to_pytest(pytester: pytest.Pytester) -> None:
    write(
        pytester.path,
        {
            "app/users.py": CLEAN,
            "conftest.py": """\
                def pytest_configure(config):
                    print("root conftest loaded")
            """,
        },
    )
    result = pytester.runpytest("--guide-only", "-s", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["root conftest loaded"])
    result.assert_outcomes(passed=2)  # app/users.py, conftest.py


def test_guide_only_narrows_to_the_paths_given(pytester: pytest.Pytester) -> None:
    write(pytester.path, {**NEEDS_DEPENDENCIES, "app/other.py": CLEAN})
    result = pytester.runpytest(
        "--guide-only", "-p", "no:cacheprovider", "app/api", "-v"
    )
    result.stdout.fnmatch_lines(["*app/api/users.py::guide FAILED*"])
    result.assert_outcomes(passed=1, failed=1)  # app/api/__init__.py, users.py


def test_interrupted_collection_says_the_checks_did_not_run(
    pytester: pytest.Pytester,
) -> None:
    write(pytester.path, NEEDS_DEPENDENCIES)
    for name in ("tests/__init__.py", "tests/conftest.py", "app/__init__.py"):
        (pytester.path / name).unlink()
    result = guide(pytester)
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(
        [
            "*- backend-guide -*",
            "the guide checks did not run: the session was interrupted*"
            "'pytest --guide-only' checks without importing the tests",
        ]
    )
    result.stdout.no_fnmatch_line("*checks failed*")


# ARCH002 fails: the package has layer packages but no main.py or config.py.
PROJECT_FAILS = {
    "pyproject.toml": '[tool.backend-guide]\nselect = ["ARCH002", "NAME"]\n',
    "app/api/__init__.py": "",
    "app/core/__init__.py": "",
    "app/users.py": USERS,
    "app/orders.py": CLEAN,
}


def test_project_items_round_trip_through_last_failed(
    pytester: pytest.Pytester,
) -> None:
    write(pytester.path, PROJECT_FAILS)
    first = pytester.runpytest("--guide")
    first.assert_outcomes(passed=3, failed=2)
    rerun = pytester.runpytest("--guide", "--lf")
    rerun.assert_outcomes(failed=2, deselected=3)
    rerun.stdout.fnmatch_lines(
        ["FAILED app/users.py::guide*", "FAILED pyproject.toml::guide?architecture?*"]
    )


def test_project_items_round_trip_through_stepwise(pytester: pytest.Pytester) -> None:
    write(pytester.path, {**PROJECT_FAILS, "app/users.py": CLEAN})
    pytester.runpytest("--guide", "--sw").assert_outcomes(passed=4, failed=1)
    passing = '[tool.backend-guide.architecture]\nrequired = ["api/"]\n'
    write(pytester.path, {"pyproject.toml": PROJECT_FAILS["pyproject.toml"] + passing})
    again = pytester.runpytest("--guide", "--sw", "-v")
    # Stepwise starts again at the item that failed, now passing.
    again.stdout.fnmatch_lines(["*pyproject.toml::guide?architecture? PASSED*"])
    again.stdout.no_fnmatch_line("*app/orders.py::guide*")


def test_guide_items_are_selected_by_node_id(pytester: pytest.Pytester) -> None:
    write(
        pytester.path,
        {**PROJECT_FAILS, "tests/test_a.py": "import psycopg\n"},
    )
    project = guide(pytester, "pyproject.toml::guide[architecture]", "-v")
    project.assert_outcomes(failed=1)
    project.stdout.fnmatch_lines(["*pyproject.toml::guide?architecture? FAILED*"])
    one_file = guide(pytester, "app/users.py::guide", "app/orders.py::guide")
    one_file.assert_outcomes(passed=1, failed=1)
    tests_too = guide(pytester, "app/users.py::guide", "tests/test_a.py")
    tests_too.stdout.fnmatch_lines(["*ModuleNotFoundError*psycopg*"])
    one_file.stdout.no_fnmatch_line("*psycopg*")


def test_a_passing_coverage_check_shows_the_total(pytester: pytest.Pytester) -> None:
    write(
        pytester.path,
        {
            "pyproject.toml": '[tool.backend-guide]\nselect = ["TEST001"]\n',
            "app/__init__.py": "",
            "app/calc.py": "def add(a, b):\n    return a + b\n",
            "tests/test_calc.py": (
                "from app.calc import add\n\n\n"
                "def test_add():\n    assert add(1, 2) == 3\n"
            ),
        },
    )
    result = pytester.runpytest_subprocess("--guide", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=5)  # 3 files, the test, the coverage check
    result.stdout.fnmatch_lines(
        ["*- backend-guide -*", "total coverage 100.0% (fail-under 80%)"]
    )


def test_without_pyproject_project_findings_point_at_the_rootdir(
    pytester: pytest.Pytester,
) -> None:
    # Shaped like microblog: an app package, config.py, tests.py, no pyproject.
    write(
        pytester.path,
        {
            "pyproject.toml": "",
            "app/__init__.py": CLEAN,
            "app/routes.py": CLEAN,
            "config.py": CLEAN,
        },
    )
    (pytester.path / "pyproject.toml").unlink()
    result = guide(pytester, "--guide-select", "ARCH001,TEST004")
    for line in (
        ".:1:1: ARCH001 no backend package found*",
        ".:1:1: TEST004 *",
        "FAILED .::guide?architecture?*",
        "FAILED .::guide?tests?*",
    ):
        result.stdout.fnmatch_lines([line])
    result.stdout.no_fnmatch_line("*pyproject.toml*")


def test_guide_table_spelt_with_underscore_is_warned(pytester: pytest.Pytester) -> None:
    write(
        pytester.path,
        {"pyproject.toml": "[tool.backend_guide]\nline-length = 120\n", "a.py": CLEAN},
    )
    result = guide(pytester, "-m", "guide")
    result.stdout.fnmatch_lines(
        [
            "*PytestConfigWarning: backend-guide: pyproject.toml has"
            " ?tool.backend_guide?, which is ignored: the table is"
            " ?tool.backend-guide? (with a hyphen)"
        ]
    )


def test_guide_table_in_another_pyproject_is_warned(pytester: pytest.Pytester) -> None:
    # Shaped like full-stack-fastapi-template: pytest runs from the repository
    # root, the backend and its configuration live in backend/.
    write(
        pytester.path,
        {
            "pyproject.toml": "[tool.pytest.ini_options]\n",
            "backend/pyproject.toml": '[tool.backend-guide]\nsrc = ["app"]\n',
            "backend/app/main.py": CLEAN,
        },
    )
    result = guide(pytester, "-m", "guide")
    result.stdout.fnmatch_lines(
        [
            "*backend-guide: backend/pyproject.toml has ?tool.backend-guide?, which"
            " is ignored: this run reads pyproject.toml*; run pytest from backend"
            " or pass --guide-config=backend/pyproject.toml"
        ]
    )
    quiet = guide(pytester, "-m", "guide", "--guide-config=backend/pyproject.toml")
    quiet.stdout.no_fnmatch_line("*PytestConfigWarning*")
