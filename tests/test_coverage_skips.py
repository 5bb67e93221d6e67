"""The coverage item never fails on a measurement that did not happen.

`-m guide`, `--collect-only`, `-k`, `--lf`, a single test file, failing
tests, `-x` and `--no-cov`: the item is skipped with the reason (or, with
nothing to run, only listed). Subprocess runs, as in test_coverage_modes.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

PROJECT = {
    "pyproject.toml": '[tool.backend-guide]\nselect = ["TEST"]\n',
    "app/__init__.py": "",
    "app/core/__init__.py": "",
    "app/core/rules.py": """\
        def double(value):
            return value * 2


        def triple(value):
            return value * 3
    """,
    "tests/test_double.py": """\
        from app.core.rules import double


        def test_double():
            assert double(2) == 4
    """,
    "tests/test_triple.py": """\
        from app.core.rules import triple


        def test_triple():
            assert triple(2) == 6
    """,
}
BROKEN = """\
    import pytest

    from app.core.rules import double


    @pytest.fixture
    def broken():
        raise RuntimeError("no database")


    def test_fails():
        assert double(1) == 3


    def test_errors(broken):
        pass
"""


def write(root: Path, files: Mapping[str, str]) -> None:
    """Write a project tree: path -> dedented text."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content), encoding="utf-8")


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """Run ``pytest --guide -rs`` in a subprocess."""
    return pytester.runpytest_subprocess(
        "--guide", "-p", "no:cacheprovider", "-rs", *args
    )


def skipped_because(result: pytest.RunResult, reason: str) -> None:
    """Assert that the coverage item was skipped with this reason."""
    result.stdout.fnmatch_lines(
        [f"SKIPPED [[]1] pyproject.toml:1: coverage not judged: {reason}"]
    )


def test_the_whole_suite_is_judged(pytester: pytest.Pytester) -> None:
    write(pytester.path, PROJECT)
    result = run(pytester)
    result.assert_outcomes(passed=9)


def test_checks_only_run_skips_coverage(pytester: pytest.Pytester) -> None:
    write(pytester.path, PROJECT)
    result = run(pytester, "-m", "guide")
    result.assert_outcomes(passed=6, skipped=1, deselected=2)
    skipped_because(result, "no test ran in this session")
    assert result.ret == pytest.ExitCode.OK


def test_checks_only_run_under_xdist_skips_coverage(pytester: pytest.Pytester) -> None:
    pytest.importorskip("xdist")
    write(pytester.path, PROJECT)
    result = run(pytester, "-m", "guide", "-n", "2")
    result.assert_outcomes(passed=6, skipped=1)
    skipped_because(result, "no test ran in this session")
    assert result.ret == pytest.ExitCode.OK


def test_collect_only_lists_the_item_and_runs_nothing(
    pytester: pytest.Pytester,
) -> None:
    write(pytester.path, PROJECT)
    result = run(pytester, "--collect-only", "-q")
    result.stdout.fnmatch_lines(
        ["pyproject.toml::guide[[]coverage]", "9 tests collected*"]
    )
    assert result.ret == pytest.ExitCode.OK
    assert not (pytester.path / ".coverage").exists()


def test_keyword_that_deselects_tests_skips_coverage(pytester: pytest.Pytester) -> None:
    write(pytester.path, PROJECT)
    result = run(pytester, "-k", "double or guide")
    result.assert_outcomes(passed=7, skipped=1, deselected=1)
    skipped_because(result, "only part of the test suite ran (1 deselected)")


def test_keyword_that_deselects_tests_under_xdist(pytester: pytest.Pytester) -> None:
    pytest.importorskip("xdist")
    write(pytester.path, PROJECT)
    result = run(pytester, "-k", "double or guide", "-n", "2")
    result.assert_outcomes(passed=7, skipped=1)
    skipped_because(result, "only part of the test suite ran (1 deselected)")


def test_a_single_test_file_skips_coverage(pytester: pytest.Pytester) -> None:
    write(pytester.path, PROJECT)
    result = run(pytester, "tests/test_double.py")
    skipped_because(result, "only part of the test suite ran (tests/test_double.py)")
    assert result.ret == pytest.ExitCode.OK


def test_a_test_folder_is_the_suite(pytester: pytest.Pytester) -> None:
    write(pytester.path, PROJECT)
    result = run(pytester, "tests")
    result.assert_outcomes(passed=9)


def test_last_failed_skips_coverage(pytester: pytest.Pytester) -> None:
    write(pytester.path, {**PROJECT, "tests/test_broken.py": BROKEN})
    first = pytester.runpytest_subprocess("--guide", "-rs")
    first.assert_outcomes(passed=9, failed=1, errors=1, skipped=1)
    skipped_because(first, "2 tests failed or errored")
    assert first.ret == pytest.ExitCode.TESTS_FAILED
    write(pytester.path, {"tests/test_broken.py": "def test_fixed():\n    pass\n"})
    again = pytester.runpytest_subprocess("--guide", "-rs", "--lf")
    skipped_because(again, "only part of the test suite ran (*)")


def test_failures_and_errors_skip_coverage_and_fail_the_run(
    pytester: pytest.Pytester,
) -> None:
    write(pytester.path, {**PROJECT, "tests/test_broken.py": BROKEN})
    result = run(pytester, "--junitxml=report.xml")
    result.assert_outcomes(passed=9, failed=1, errors=1, skipped=1)
    skipped_because(result, "2 tests failed or errored")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    xml = (pytester.path / "report.xml").read_text(encoding="utf-8")
    assert 'name="guide[coverage]"' in xml
    assert "coverage not judged: 2 tests failed or errored" in xml


def test_exit_first_skips_coverage(pytester: pytest.Pytester) -> None:
    write(pytester.path, {**PROJECT, "tests/test_broken.py": BROKEN})
    result = run(pytester, "-x")
    skipped_because(result, "the run stopped early (stopping after 1 failures)")
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_no_cov_skips_coverage(pytester: pytest.Pytester) -> None:
    pytest.importorskip("pytest_cov")
    write(pytester.path, PROJECT)
    result = run(pytester, "--cov=app", "--no-cov")
    result.assert_outcomes(passed=8, skipped=1)
    skipped_because(result, "--no-cov turned coverage measurement off")
    assert not (pytester.path / ".coverage").exists()


def test_no_tests_no_coverage_item(pytester: pytest.Pytester) -> None:
    write(
        pytester.path,
        {
            "pyproject.toml": '[tool.backend-guide]\nselect = ["TEST001"]\n',
            "app/__init__.py": "",
            "app/rules.py": "def double(value):\n    return value * 2\n",
        },
    )
    result = run(pytester, "--collect-only", "-q")
    assert "guide[coverage]" not in result.stdout.str()


def test_rule_off_means_no_item_and_no_tracer(pytester: pytest.Pytester) -> None:
    write(pytester.path, PROJECT)
    result = run(pytester, "--guide-ignore", "TEST001", "-v")
    result.assert_outcomes(passed=8)
    assert "guide[coverage]" not in result.stdout.str()
    assert not (pytester.path / ".coverage").exists()
