"""A coverage.py configuration error stops the run: it never becomes a passing skip.

Real runs in subprocesses (see test_coverage_modes), each with a broken
``[tool.coverage.*]`` table; the message is coverage.py's own.
"""

from __future__ import annotations

import pytest
from test_coverage_modes import SELECT_TEST, calc_project, run

pytest_plugins = ["pytester"]

BROKEN = [
    pytest.param(
        '[tool.coverage.run]\nbranch = "maybe"\n',
        "Option [[]tool.coverage.run[]]branch couldn't convert to a boolean: 'maybe'",
        id="branch",
    ),
    pytest.param(
        '[tool.coverage.report]\nfail_under = "abc"\n',
        "Option [[]tool.coverage.report[]]fail_under couldn't convert to a float*",
        id="fail_under",
    ),
    pytest.param(
        '[tool.coverage.report]\nprecision = "x"\n',
        "Option [[]tool.coverage.report[]]precision couldn't convert to an integer*",
        id="precision",
    ),
    pytest.param(
        '[tool.coverage.report]\nexclude_lines = ["("]\n',
        "Invalid [[]tool.coverage.report[]].exclude_lines value '(':*",
        id="exclude_lines",
    ),
    pytest.param(
        '[tool.coverage.run]\nconcurrency = ["bogus"]\n',
        "Unknown concurrency choices: bogus",
        id="concurrency",
    ),
    pytest.param(
        '[tool.coverage.run]\nplugins = ["no_such_coverage_plugin"]\n',
        "ModuleNotFoundError: No module named 'no_such_coverage_plugin'",
        id="plugin",
    ),
]


@pytest.mark.parametrize(("table", "message"), BROKEN)
def test_a_coverage_configuration_error_is_a_usage_error(
    pytester: pytest.Pytester, table: str, message: str
) -> None:
    calc_project(pytester.path, range(31), toml=SELECT_TEST + table)
    result = run(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            f"ERROR: backend-guide: coverage.py cannot start: *{message}",
            "(TEST001/TEST002 judge the run's coverage: fix coverage.py's"
            " configuration, or turn the two rules off)",
        ]
    )
    assert "Traceback" not in result.stderr.str()


def test_under_xdist_the_controller_stops_before_the_workers_start(
    pytester: pytest.Pytester,
) -> None:
    table = '[tool.coverage.run]\nbranch = "maybe"\n'
    calc_project(pytester.path, range(31), toml=SELECT_TEST + table)
    result = run(pytester, "-n", "2")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: backend-guide: coverage.py cannot start:*"])
    assert "created: 2/2 workers" not in result.stdout.str()


def test_with_the_coverage_rules_off_the_run_goes_on(pytester: pytest.Pytester) -> None:
    toml = (
        '[tool.backend-guide]\nselect = ["TEST"]\nignore = ["TEST001", "TEST002"]\n'
        '[tool.coverage.run]\nbranch = "maybe"\n'
    )
    calc_project(pytester.path, range(31), toml=toml)
    result = run(pytester)
    assert result.ret == pytest.ExitCode.OK
