"""Bad configurations end in a usage error naming the key, at start-up.

Invalid gitignore globs in ``exclude`` and ``per-file-ignores``, a ``tool``
that is not a table, and an empty ``--guide-select``; a bad line in the
project's own ``.gitignore`` is left out, as git leaves it out.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from project_tree import CLEAN, USERS, guide, write

from pytest_backend_guide.discovery import find_python_files
from pytest_backend_guide.settings import Settings

pytest_plugins = ["pytester"]


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        (
            '[tool.backend-guide]\nexclude = ["[z-a]"]\n',
            "pyproject.toml:2: [tool.backend-guide] exclude: invalid pattern '[z-a]'",
        ),
        (
            '[tool.backend-guide]\nexclude = ["migrations/", "!"]\n',
            "pyproject.toml:2: [tool.backend-guide] exclude: invalid pattern '!'",
        ),
        (
            '[tool.backend-guide.per-file-ignores]\n"[z-a]" = ["DOC"]\n',
            "[tool.backend-guide] per-file-ignores: invalid pattern '[z-a]'",
        ),
        (
            '[tool.backend-guide]\nper-file-ignores = { "!" = ["DOC"] }\n',
            "pyproject.toml:2: [tool.backend-guide] per-file-ignores: "
            "invalid pattern '!'",
        ),
        (
            '[tool]\nbackend-guide = ["select"]\n',
            "pyproject.toml: [tool.backend-guide] must be a table, not an array",
        ),
    ],
    ids=["exclude-range", "exclude-bang", "pfi-range", "pfi-bang", "table"],
)
def test_bad_tables_and_globs_are_usage_errors(
    pytester: pytest.Pytester, toml: str, expected: str
) -> None:
    write(pytester.path, {"pyproject.toml": toml, "app/a.py": CLEAN})
    result = guide(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR, result.stdout.str()
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()
    assert "Traceback" not in result.stderr.str()
    assert expected in result.stderr.str()


def test_a_guide_config_file_whose_tool_is_not_a_table(
    pytester: pytest.Pytester,
) -> None:
    # (In the rootdir's pyproject.toml pytest itself reads [tool] first.)
    write(pytester.path, {"app/a.py": CLEAN, "ci/guide.toml": "tool = 3\n"})
    result = guide(pytester, "--guide-config=ci/guide.toml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*guide.toml: [[]tool] must be a table*"])
    result.stdout.no_fnmatch_line("*AttributeError*")


@pytest.mark.parametrize("value", ["", ",,", " , "])
def test_an_empty_guide_select_is_a_usage_error(
    pytester: pytest.Pytester, value: str
) -> None:
    write(pytester.path, {"app/users.py": USERS})
    result = guide(pytester, "--guide-select", value)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: backend-guide: --guide-select *: no rule*"])


def test_an_empty_guide_ignore_clears_ignore(pytester: pytest.Pytester) -> None:
    write(
        pytester.path,
        {
            "pyproject.toml": (
                '[tool.backend-guide]\nignore = ["NAME", "ARCH", "TEST"]\n'
            ),
            "app/users.py": USERS,
        },
    )
    guide(pytester, "-k", "users").assert_outcomes(passed=1)
    result = guide(pytester, "--guide-ignore", "", "-k", "users")
    result.stdout.fnmatch_lines(["app/users.py:4:5: NAME003 *"])


def test_a_bad_line_of_a_gitignore_is_left_out(tmp_path: Path) -> None:
    write(tmp_path, {"app/a.py": CLEAN, "app/b.py": CLEAN, "gen/c.py": CLEAN})
    (tmp_path / ".gitignore").write_text("[z-a]\n!\ngen/\n", encoding="utf-8")
    found = find_python_files(Settings(tmp_path, None, (tmp_path,)))
    assert [f.relpath for f in found] == ["app/a.py", "app/b.py"]


def test_a_bad_gitignore_line_does_not_stop_a_run(pytester: pytest.Pytester) -> None:
    write(pytester.path, {"app/a.py": CLEAN, "gen/b.py": USERS})
    (pytester.path / ".gitignore").write_text("[z-a]\ngen/\n", encoding="utf-8")
    guide(pytester).assert_outcomes(passed=1)


LAYERED = {
    "app/__init__.py": '"""App."""\n',
    "app/api/__init__.py": '"""Api."""\n',
    "app/services/__init__.py": '"""Services."""\n',
    "app/services/users.py": '"""Users."""\n\nfrom app.api import routes\n',
}
ARCH_TABLE = (
    "[tool.backend-guide.architecture]\n"
    'package = "app"\n'
    'layers = ["api", "services"]\n'
    'forbid = ["api -> models"]\n'
)


def test_layers_dropped_because_arch010_is_ignored_are_named(
    pytester: pytest.Pytester,
) -> None:
    write(
        pytester.path,
        {
            **LAYERED,
            "pyproject.toml": '[tool.backend-guide]\nignore = ["ARCH010"]\n\n'
            + ARCH_TABLE,
        },
    )
    result = pytester.runpytest("--guide", "-p", "no:cacheprovider", "-m", "guide")
    out = result.stdout.str()
    assert (
        "pyproject.toml:6: [tool.backend-guide.architecture] layers = "
        "['api', 'services'] has no effect: no rule that reads it is enabled "
        "(ARCH010 layer-violation)"
    ) in out
    assert (
        "pyproject.toml:7: [tool.backend-guide.architecture] forbid = "
        "['api -> models'] has no effect"
    ) in out
    assert "PytestConfigWarning" in out


def test_layers_read_by_an_enabled_rule_raise_no_warning(
    pytester: pytest.Pytester,
) -> None:
    write(pytester.path, {**LAYERED, "pyproject.toml": ARCH_TABLE})
    result = pytester.runpytest("--guide", "-p", "no:cacheprovider", "-m", "guide")
    assert "has no effect" not in result.stdout.str()
    result.stdout.fnmatch_lines(["*ARCH010*"])


def test_ignore_imports_warns_only_when_every_import_rule_is_off(
    pytester: pytest.Pytester,
) -> None:
    table = (
        "[tool.backend-guide.architecture]\n"
        'package = "app"\n'
        'ignore-imports = ["app.services.users -> app.api"]\n'
    )
    write(
        pytester.path,
        {
            **LAYERED,
            "pyproject.toml": '[tool.backend-guide]\nignore = ["ARCH010"]\n\n'
            + table,
        },
    )
    result = pytester.runpytest("--guide", "-p", "no:cacheprovider", "-m", "guide")
    assert "has no effect" not in result.stdout.str()  # ARCH011-013 still read it
    (pytester.path / "pyproject.toml").write_text(
        '[tool.backend-guide]\nignore = ["ARCH01"]\n\n' + table, encoding="utf-8"
    )
    result = pytester.runpytest("--guide", "-p", "no:cacheprovider", "-m", "guide")
    expected = (
        "ignore-imports = ['app.services.users -> app.api'] has no effect: "
        "no rule that reads it is enabled (ARCH010 layer-violation, ARCH011 "
    )
    assert expected in result.stdout.str()
