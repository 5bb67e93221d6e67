"""TEST002 per-package thresholds, the least-covered list, and option errors."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]


def write(root: Path, files: Mapping[str, str]) -> None:
    """Write a project tree: path -> dedented text."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content), encoding="utf-8")


def module(functions: int) -> str:
    """Return a module of ``functions`` two-statement functions."""
    return "".join(f"def f{i}():\n    return {i}\n\n\n" for i in range(functions))


def caller(package: str, name: str, calls: int) -> str:
    """Return a test module that calls the first ``calls`` functions of a module."""
    body = "".join(f"    {name}.f{i}()\n" for i in range(calls)) or "    pass\n"
    return f"from {package} import {name}\n\n\ndef test_{name}():\n{body}"


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """Run ``pytest --guide`` in a subprocess."""
    return pytester.runpytest_subprocess("--guide", "-p", "no:cacheprovider", *args)


PACKAGES_TOML = """\
    [tool.backend-guide]
    select = ["TEST"]
    extend-select = ["TEST002"]

    [tool.backend-guide.coverage]
    fail-under = 0

    [tool.backend-guide.coverage.packages]
    "app/core" = 90
    "app.services" = 70
    "app/gone" = 10
"""


def packages_project(root: Path) -> None:
    """app/core at 60% (6 of 10 calls run), app/services at 80%."""
    write(
        root,
        {
            "pyproject.toml": PACKAGES_TOML,
            "app/__init__.py": "",
            "app/core/__init__.py": "",
            "app/core/pricing.py": module(5),
            "app/services/__init__.py": "",
            "app/services/mail.py": module(5),
            "tests/test_pricing.py": caller("app.core", "pricing", 1),
            "tests/test_mail.py": caller("app.services", "mail", 3),
        },
    )


def test_packages_below_their_threshold_fail(pytester: pytest.Pytester) -> None:
    packages_project(pytester.path)
    result = run(pytester)
    result.assert_outcomes(passed=10, failed=1)
    result.stdout.fnmatch_lines(
        [
            (
                "pyproject.toml:1:1: TEST002 package app/core coverage 60.0% is below its"
                " threshold 90% (package-coverage-below-threshold)"
            ),
            "  help: test the least-covered files first:",
            "    app/core/pricing.py  60.0%  missing 6, 10, 14, 18",
            "pyproject.toml:1:1: TEST002 package app/gone has no measured file*",
        ]
    )
    assert "app.services" not in result.stdout.str()
    assert "TEST001" not in result.stdout.str().split("FAILURES")[1]


def test_packages_are_judged_on_combined_xdist_data(pytester: pytest.Pytester) -> None:
    pytest.importorskip("xdist")
    packages_project(pytester.path)
    result = run(pytester, "-n", "2", "--dist", "loadfile")
    result.assert_outcomes(passed=10, failed=1)
    result.stdout.fnmatch_lines(["*TEST002 package app/core coverage 60.0%*"])


def test_package_rule_is_off_by_default(pytester: pytest.Pytester) -> None:
    packages_project(pytester.path)
    toml = PACKAGES_TOML.replace('extend-select = ["TEST002"]\n', "")
    write(pytester.path, {"pyproject.toml": toml})
    run(pytester).assert_outcomes(passed=11)


def test_packages_below_a_source_root(pytester: pytest.Pytester) -> None:
    write(
        pytester.path,
        {
            "pyproject.toml": """\
                [tool.backend-guide]
                src = ["src"]
                select = ["TEST002"]

                [tool.backend-guide.coverage.packages]
                "app/core" = 90

                [tool.pytest.ini_options]
                pythonpath = ["src"]
            """,
            "src/app/__init__.py": "",
            "src/app/core/__init__.py": "",
            "src/app/core/pricing.py": module(5),
            "tests/test_pricing.py": caller("app.core", "pricing", 5),
        },
    )
    result = run(pytester)
    result.assert_outcomes(passed=5)
    (pytester.path / "tests/test_pricing.py").write_text(
        caller("app.core", "pricing", 2), encoding="utf-8"
    )
    run(pytester).stdout.fnmatch_lines(["*TEST002 package app/core coverage 70.0%*"])


def test_only_the_ten_least_covered_files_are_listed(pytester: pytest.Pytester) -> None:
    files = {
        "pyproject.toml": '[tool.backend-guide]\nselect = ["TEST001"]\n',
        "app/__init__.py": "",
    }
    for number in range(12):
        files[f"app/m{number:02}.py"] = module(12)
        files[f"tests/test_m{number:02}.py"] = caller("app", f"m{number:02}", number)
    write(pytester.path, files)
    result = run(pytester)
    result.assert_outcomes(passed=37, failed=1)
    lines = result.stdout.lines
    start = lines.index("  help: test the least-covered files first:")
    table = [line.split()[0] for line in lines[start + 1 : start + 12]]
    assert table[:10] == [f"app/m{number:02}.py" for number in range(10)]
    assert not table[10].startswith("app/")
    assert lines[start + 1].startswith("    app/m00.py  50.0%  missing 2, 6, 10,")


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            '[tool.backend-guide.coverage]\nfail-under = "high"\n',
            (
                "[tool.backend-guide.coverage] fail-under: expected an integer, got a"
                " string ('high')"
            ),
        ),
        (
            '[tool.backend-guide.coverage.packages]\n"app/core" = "high"\n',
            (
                "[tool.backend-guide.coverage] packages: 'app/core': expected an integer,"
                " got a string ('high')"
            ),
        ),
        (
            "[tool.backend-guide.coverage]\npackages = 90\n",
            "packages: expected a table of integers, got an integer (90)",
        ),
        (
            "[tool.backend-guide.coverage]\nfail-under = -5\n",
            "fail-under: expected an integer >= 0, got -5",
        ),
        (
            "[tool.backend-guide.coverage]\nfail_under = 80\n",
            "unknown key 'fail_under' (did you mean 'fail-under'?)",
        ),
    ],
)
def test_option_errors_are_usage_errors(
    pytester: pytest.Pytester, table: str, expected: str
) -> None:
    write(pytester.path, {"pyproject.toml": table, "app/a.py": "VALUE = 1\n"})
    result = pytester.runpytest("--guide", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert expected in result.stderr.str()


def test_threshold_over_100_is_reported(pytester: pytest.Pytester) -> None:
    write(
        pytester.path,
        {
            "pyproject.toml": """\
                [tool.backend-guide]
                select = ["TEST001"]

                [tool.backend-guide.coverage]
                fail-under = 101
            """,
            "app/__init__.py": "",
            "app/a.py": module(1),
            "tests/test_a.py": caller("app", "a", 1),
        },
    )
    result = run(pytester)
    result.stdout.fnmatch_lines(["*TEST001 fail-under 101% can never be met*"])
