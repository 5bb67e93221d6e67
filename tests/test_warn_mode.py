"""``mode = "warn"``: every check reports, nothing fails."""

from __future__ import annotations

import pytest
from project_tree import CLEAN, PROJECT_RULES_OFF, USERS, guide, write

pytest_plugins = ["pytester"]


def test_warn_reports_every_violation_and_passes(pytester: pytest.Pytester) -> None:
    write(pytester.path, {"app/users.py": USERS, "app/clean.py": CLEAN})
    result = guide(pytester, "--guide-warn", "--junitxml=out.xml")
    result.assert_outcomes(passed=2)
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(
        [
            "*backend-guide warnings (mode = warn)*",
            "app/users.py:4:5: NAME003 function name 'getUser' is not snake_case*",
            "    def getUser(user_id: int) -> dict[str, int]:",
            "1 violation in 1 checks would have failed the run (mode = warn: none did)",
        ]
    )
    assert 'failures="0"' in (pytester.path / "out.xml").read_text()


def test_warn_mode_from_the_configuration_under_xdist(
    pytester: pytest.Pytester,
) -> None:
    config = PROJECT_RULES_OFF + 'mode = "warn"\n'
    write(pytester.path, {"pyproject.toml": config, "app/users.py": USERS})
    result = guide(pytester, "-n", "2")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["1 violation in 1 checks would have failed*"])


def test_a_wrong_mode_is_a_usage_error(pytester: pytest.Pytester) -> None:
    write(pytester.path, {"pyproject.toml": PROJECT_RULES_OFF + 'mode = "soft"\n'})
    result = guide(pytester)
    result.stderr.fnmatch_lines(["*mode*soft*"])
    assert result.ret == pytest.ExitCode.USAGE_ERROR
