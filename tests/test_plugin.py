"""End-to-end runs of ``pytest --guide`` on real project trees."""

from __future__ import annotations

import os
import textwrap
import xml.etree.ElementTree as ET

import pytest
from project_tree import CLEAN, PROJECT_RULES_OFF, USERS, guide, write

pytest_plugins = ["pytester"]


def test_violation_is_reported_like_a_linter(pytester: pytest.Pytester) -> None:
    write(pytester.path, {"app/api/users.py": USERS, "app/api/orders.py": CLEAN})
    result = guide(pytester)
    result.stdout.fnmatch_lines(
        [
            "*_ guide: app/api/users.py _*",
            "app/api/users.py:4:5: NAME003 function name 'getUser' is not snake_case"
            " (function-name)",
            "    def getUser(user_id: int) -> dict[str, int]:",
            "        ^^^^^^^",
            "  help: rename to 'get_user'",
            "*- backend-guide -*",
            "1  NAME003  function-name",
            "1 violation, 1 of 2 checks failed",
        ]
    )
    result.assert_outcomes(passed=1, failed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_items_are_one_per_file_and_marked(pytester: pytest.Pytester) -> None:
    test_module = "def test_a():\n    pass\n"
    write(
        pytester.path,
        {"app/a.py": CLEAN, "app/b.py": CLEAN, "tests/test_a.py": test_module},
    )
    result = guide(pytester, "--collect-only", "-q")
    result.stdout.fnmatch_lines(
        [
            "app/a.py::guide",
            "app/b.py::guide",
            "tests/test_a.py::guide",
            "tests/test_a.py::test_a",
        ]
    )
    only_guide = guide(pytester, "-m", "guide", "-q")
    only_guide.assert_outcomes(passed=3, deselected=1)
    by_file = guide(pytester, "-m", "guide", "-k", "b.py or test_a.py", "-q")
    by_file.assert_outcomes(passed=2, deselected=2)
    tree = guide(pytester, "--collect-only")
    tree.stdout.fnmatch_lines(["*<GuideItem app/a.py::guide>"])


def test_without_the_switch_the_plugin_does_nothing(pytester: pytest.Pytester) -> None:
    test_module = "def test_a():\n    pass\n"
    write(pytester.path, {"app/api/users.py": USERS, "tests/test_a.py": test_module})
    result = pytester.runpytest("-p", "no:cacheprovider", "-q")
    result.assert_outcomes(passed=1)
    assert "guide" not in result.stdout.str()
    markers = pytester.runpytest("--markers")
    assert "guide:" not in markers.stdout.str()


def test_collect_only_checks_nothing(pytester: pytest.Pytester) -> None:
    write(pytester.path, {"app/api/users.py": USERS, "app/broken.py": "def broken(:\n"})
    result = guide(pytester, "--collect-only")
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["*2 tests collected*"])
    assert "NAME003" not in result.stdout.str()


def test_checked_code_is_never_imported(pytester: pytest.Pytester) -> None:
    write(
        pytester.path,
        {
            "app/__init__.py": 'raise RuntimeError("imported app")\n',
            "app/api/__init__.py": "import package_that_is_not_installed\n",
            "app/api/users.py": USERS,
            "app/core/__init__.py": "import sys\nsys.exit(3)\n",
            "app/core/logic.py": CLEAN,
        },
    )
    result = guide(pytester)
    result.assert_outcomes(passed=4, failed=1)
    result.stdout.fnmatch_lines(["app/api/users.py:4:5: NAME003 *"])
    assert "RuntimeError" not in result.stdout.str()
    assert "ModuleNotFoundError" not in result.stdout.str()


def test_broken_files_fail_alone_and_the_rest_is_checked(
    pytester: pytest.Pytester,
) -> None:
    write(
        pytester.path,
        {
            "app/syntax.py": "def broken(:\n    pass\n",
            "app/latin.py": b"name = 'caf\xe9'\n",
            "app/empty.py": "",
            "app/api/users.py": USERS,
        },
    )
    (pytester.path / "app/dangling.py").symlink_to(pytester.path / "app/missing.py")
    result = guide(pytester)
    result.stdout.fnmatch_lines_random(
        [
            "app/syntax.py:1:12: error: cannot parse: invalid syntax",
            "app/latin.py:1:12: error: cannot decode as utf-8: byte 0xe9 is invalid*",
            "app/dangling.py:1:1: error: cannot read: No such file or directory",
            "app/api/users.py:4:5: NAME003 *",
        ]
    )
    result.assert_outcomes(passed=1, failed=4)


def test_symlink_loops_and_huge_files_are_handled(pytester: pytest.Pytester) -> None:
    write(
        pytester.path,
        {
            "pyproject.toml": PROJECT_RULES_OFF + "max-file-size = 2000\n",
            "app/ok.py": CLEAN,
            "app/generated.py": "DATA = [\n" + "    1,\n" * 1000 + "]\n",
        },
    )
    (pytester.path / "app/loop").symlink_to(
        pytester.path / "app", target_is_directory=True
    )
    result = guide(pytester, "-rs")
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(
        ["*app/generated.py: 7,011 bytes is over max-file-size (2,000)*"]
    )


def test_empty_project_collects_nothing(pytester: pytest.Pytester) -> None:
    write(pytester.path, {})
    result = guide(pytester)
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_inline_suppression(pytester: pytest.Pytester) -> None:
    write(
        pytester.path,
        {
            "app/a.py": '''\
                """Module."""


                def getUser() -> None:  # guide: ignore[NAME003] -- mirrors the vendor API
                    """Do it."""


                def getAll() -> None:  # guide: ignore
                    """Do it."""


                def getOne() -> None:  # guide: ignore[STYLE001]
                    """Do it."""


                TEXT = "# guide: ignore[NAME003]"; getTwo = 1
            ''',
        },
    )
    result = guide(pytester)
    out = result.stdout.str()
    result.stdout.fnmatch_lines(
        [
            "app/a.py:12:5: NAME003 function name 'getOne' is not snake_case*",
            "app/a.py:16:*'getTwo'*",
        ]
    )
    assert "'getUser'" not in out
    assert "'getAll'" not in out


def test_configuration_selects_and_ignores(pytester: pytest.Pytester) -> None:
    long_line = "VALUE = " + '"' + "x" * 90 + '"\n'
    write(
        pytester.path,
        {
            "pyproject.toml": """\
                [tool.backend-guide]
                line-length = 120
                ignore = ["NAME003", "ARCH", "DOC", "TEST", "DEP", "SEC002", "SEC003", "DB003", "API001"]
                per-file-ignores = { "legacy/" = ["STYLE"] }
                exclude = ["generated/"]
            """,
            "app/api/users.py": USERS,
            "app/long.py": long_line,
            "legacy/old.py": "if True:\n\tVALUE = 1\n",
            "generated/bad.py": "def broken(:\n",
        },
    )
    result = guide(pytester, "-v")
    result.assert_outcomes(passed=3)
    assert "generated/bad.py" not in result.stdout.str()

    narrowed = guide(pytester, "--guide-select", "STYLE001", "--guide-ignore", "DOC")
    narrowed.assert_outcomes(passed=3)
    widened = guide(pytester, "--guide-select", "NAME,STYLE", "--guide-ignore", "DOC")
    widened.assert_outcomes(passed=2, failed=1)


def test_gitignore_is_honoured(pytester: pytest.Pytester) -> None:
    write(
        pytester.path,
        {
            ".gitignore": "build_output/\n*_pb2.py\n",
            "app/.gitignore": "scratch.py\n",
            "app/ok.py": CLEAN,
            "app/scratch.py": "def broken(:\n",
            "app/user_pb2.py": "def broken(:\n",
            "build_output/x.py": "def broken(:\n",
            ".venv/lib/site.py": "def broken(:\n",
            "env2/pyvenv.cfg": "home = /usr\n",
            "env2/lib/mod.py": "def broken(:\n",
        },
    )
    result = guide(pytester, "--collect-only", "-q")
    result.stdout.fnmatch_lines(["app/ok.py::guide", "1 test collected*"])


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        (
            "[tool.backend-guide]\nline-lenght = 100\n",
            "pyproject.toml:2: [tool.backend-guide] line-lenght: unknown key 'line-lenght'"
            " (did you mean 'line-length'?)",
        ),
        (
            '[tool.backend-guide]\nline-length = "long"\n',
            "[tool.backend-guide] line-length: expected an integer, got a string ('long')",
        ),
        (
            '[tool.backend-guide]\nselect = ["NAME03"]\n',
            "[tool.backend-guide] select: unknown rule code 'NAME03'"
            " (did you mean 'NAME003'?)",
        ),
        (
            "[tool.backend-guide.namings]\nx = 1\n",
            "unknown table 'namings' (did you mean 'naming'?)",
        ),
        (
            '[tool.backend-guide.naming]\nignore-name = ["x"]\n',
            "[tool.backend-guide.naming] ignore-name: unknown key 'ignore-name'"
            " (did you mean 'ignore-names'?)",
        ),
    ],
)
def test_configuration_errors_are_usage_errors(
    pytester: pytest.Pytester, toml: str, expected: str
) -> None:
    write(pytester.path, {"pyproject.toml": toml, "app/a.py": CLEAN})
    result = guide(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "ERROR: backend-guide: " in result.stderr.str()
    assert expected in result.stderr.str()


def test_unknown_code_on_the_command_line(pytester: pytest.Pytester) -> None:
    write(pytester.path, {"app/a.py": CLEAN})
    result = guide(pytester, "--guide-select", "NAME,STYLE00,STYEL001")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert (
        "ERROR: backend-guide: --guide-select: unknown rule code 'STYEL001'"
        " (did you mean 'STYLE001'?)" in result.stderr.str()
    )


def test_explicit_config_file(pytester: pytest.Pytester) -> None:
    write(
        pytester.path,
        {
            "ci/guide.toml": '[tool.backend-guide]\nignore = ["NAME", "ARCH", "TEST", "DEP", "SEC002", "SEC003", "DB003", "API001"]\n',
            "app/api/users.py": USERS,
        },
    )
    guide(pytester).assert_outcomes(failed=1)
    guide(pytester, "--guide-config=ci/guide.toml").assert_outcomes(passed=1)
    missing = guide(pytester, "--guide-config=nope.toml")
    assert missing.ret == pytest.ExitCode.USAGE_ERROR
    missing.stderr.fnmatch_lines(["*--guide-config: no such file: *nope.toml"])
    (pytester.path / "ci/broken.toml").write_text(
        "[tool.backend-guide\n", encoding="utf-8"
    )
    broken = guide(pytester, "--guide-config=ci/broken.toml")
    assert broken.ret == pytest.ExitCode.USAGE_ERROR
    broken.stderr.fnmatch_lines(["ERROR: backend-guide: *broken.toml: invalid TOML: *"])


def test_rule_list(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--guide-rules")
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(
        [
            "NAME003  function-name * on *",
            "NAME008  exception-name * off  *",
            "STYLE001 line-too-long * on   *",
            "",
            "Not checked by default: database migrations (migrations/ folders,*"
            " set exclude-migrations = false in ?tool.backend-guide? to check them.",
        ]
    )


def test_xdist_runs_the_checks_and_the_summary(pytester: pytest.Pytester) -> None:
    pytest.importorskip("xdist")
    write(
        pytester.path,
        {
            "app/api/users.py": USERS,
            "app/a.py": CLEAN,
            "app/b.py": CLEAN,
            "tests/test_a.py": "def test_a():\n    pass\n",
        },
    )
    result = pytester.runpytest_subprocess(
        "--guide", "-n", "2", "-p", "no:cacheprovider", "--junitxml=report.xml"
    )
    result.assert_outcomes(passed=4, failed=1)
    suite = ET.parse(pytester.path / "report.xml").getroot().find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("5", "1")
    result.stdout.fnmatch_lines(
        [
            "app/api/users.py:4:5: NAME003 *",
            "1  NAME003  function-name",
            "1 violation, 1 of 4*",
        ]
    )


def test_outside_plugin_adds_its_own_rule(pytester: pytest.Pytester) -> None:
    site = pytester.mkdir("site")
    (site / "no_todo_checker.py").write_text(
        textwrap.dedent(
            '''\
            """An outside checker: no TODO comments."""
            from pytest_backend_guide import Rule, hookimpl


            @hookimpl
            def guide_rules():
                return [Rule("ACME001", "no-todo", "a TODO comment")]


            @hookimpl
            def guide_check_file(ctx):
                for number, line in enumerate(ctx.source.lines, start=1):
                    col = line.find("# TODO")
                    if col >= 0:
                        yield ctx.violation("ACME001", number, col + 1, "TODO left in code")
            '''
        ),
        encoding="utf-8",
    )
    dist = site / "no_todo_checker-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: no-todo-checker\nVersion: 1.0\n"
    )
    (dist / "entry_points.txt").write_text(
        "[pytest_backend_guide]\nno_todo = no_todo_checker\n", encoding="utf-8"
    )
    write(pytester.path, {"app/a.py": '"""Module."""\n\nVALUE = 1  # TODO: remove\n'})
    env = os.environ.get("PYTHONPATH", "")
    pytester._monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [str(site), env]))
    )
    result = pytester.runpytest_subprocess("--guide", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["app/a.py:3:12: ACME001 TODO left in code (no-todo)"])
    rules = pytester.runpytest_subprocess("--guide-rules")
    rules.stdout.fnmatch_lines(["ACME001  no-todo*"])


TWO_NAMES = USERS + '\n\n    def putUser() -> None:\n        """Put."""\n'  # line 16


@pytest.mark.parametrize("ci", ["true", ""], ids=["CI=true", "no-CI"])
@pytest.mark.parametrize("workers", [[], ["-n", "2"]], ids=["one-process", "xdist"])
def test_the_short_summary_gives_one_line_per_failed_check(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, ci: str, workers: list[str]
) -> None:
    monkeypatch.delenv("BUILD_NUMBER", raising=False)
    monkeypatch.setenv("CI", ci)
    write(
        pytester.path,
        {"app/users.py": TWO_NAMES, "app/orders.py": USERS, "app/syntax.py": "def (:\n"},
    )
    result = guide(pytester, "-rf", *workers)
    result.assert_outcomes(failed=3)
    out = result.stdout.str()
    # The failures section keeps every violation with its frame and help ...
    assert out.count("app/users.py:16:5: NAME003 function name 'putUser'") == 1
    assert "  help: rename to 'put_user'" in out
    # ... and pytest's summary names the first, with how many more, on one line.
    summary = out.split("short test summary info")[1].splitlines()[1:-1]
    assert len(summary) == 3
    if ci:  # CI logs are not cut to the terminal's width
        assert sorted(summary) == [
            "FAILED app/orders.py::guide - app/orders.py:4:5: NAME003 function name"
            " 'getUser' is not snake_case (function-name)",
            "FAILED app/syntax.py::guide - app/syntax.py:1:5: error: cannot parse:"
            " invalid syntax",
            "FAILED app/users.py::guide - app/users.py:4:5: NAME003 function name"
            " 'getUser' is not snake_case (function-name) (+1 more)",
        ]
    else:
        assert all(line.startswith("FAILED app/") for line in summary)


def test_junit_xml_gives_the_first_violation_as_the_failure_message(
    pytester: pytest.Pytester,
) -> None:
    write(pytester.path, {"app/users.py": TWO_NAMES})
    guide(pytester, "--junitxml=junit.xml")
    (failure,) = ET.parse(pytester.path / "junit.xml").iter("failure")
    assert failure.get("message") == (
        "app/users.py:4:5: NAME003 function name 'getUser' is not snake_case"
        " (function-name) (+1 more)"
    )
    assert "app/users.py:16:5: NAME003" in (failure.text or "")
