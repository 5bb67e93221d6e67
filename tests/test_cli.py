"""The ``backend-guide`` command on real project trees and git repositories."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from git_repo import commit_all, git, init_repo
from project_tree import CLEAN, USERS, write

from pytest_backend_guide.cli import main

BAD = USERS.replace("getUser", "getOrder")


def run(root: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """Run the command in-process in ``root``; return its status and output."""
    monkeypatch.chdir(root)
    out = io.StringIO()
    status = main(list(args), out)
    return status, out.getvalue()


def test_check_exits_1_on_violations_and_reports_like_pytest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {"app/users.py": USERS, "app/clean.py": CLEAN})
    status, out = run(tmp_path, "check", monkeypatch=monkeypatch)
    assert status == 1
    assert out.splitlines() == [
        "app/users.py:4:5: NAME003 function name 'getUser' is not snake_case"
        " (function-name)",
        "    def getUser(user_id: int) -> dict[str, int]:",
        "        ^^^^^^^",
        "  help: rename to 'get_user'",
        "1  NAME003  function-name",
        "1 violation, 1 of 2 checks failed",
    ]


def test_check_exits_0_when_clean_and_2_on_usage_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, {"app/clean.py": CLEAN})
    assert run(tmp_path, "check", monkeypatch=monkeypatch)[0] == 0
    assert run(tmp_path, "check", "--select", "NAMEX", monkeypatch=monkeypatch)[0] == 2
    assert "unknown rule code 'NAMEX'" in capsys.readouterr().err
    assert run(tmp_path, "check", "missing.py", monkeypatch=monkeypatch)[0] == 2
    assert "no such file or folder" in capsys.readouterr().err
    (tmp_path / "pyproject.toml").write_text("[tool.backend-guide]\nline-lenght = 3\n")
    assert run(tmp_path, "check", monkeypatch=monkeypatch)[0] == 2
    assert "did you mean 'line-length'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        main(["check", "--bogus"])
    assert stop.value.code == 2


def test_given_paths_limit_the_files_and_project_checks_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": '[tool.backend-guide]\nselect = ["NAME", "TEST"]\n',
            "app/users.py": USERS,
            "app/clean.py": CLEAN,
        },
    )
    status, out = run(tmp_path, "check", "app/clean.py", monkeypatch=monkeypatch)
    assert "getUser" not in out
    assert "TEST001: judged by 'pytest --guide' only (they need tests run)" in out
    assert status == 1  # TEST003: the project check still looks at everything


def test_the_command_shares_the_baseline_with_pytest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, {"app/users.py": USERS})
    init_repo(tmp_path)
    status, out = run(tmp_path, "check", "--baseline-write", monkeypatch=monkeypatch)
    assert status == 0
    assert "wrote .guide-baseline.json: 1 known violations in 1 entries" in out
    entries = json.loads((tmp_path / ".guide-baseline.json").read_text())["violations"]
    assert entries[0]["symbol"] == "app.users.getUser"
    commit_all(tmp_path, "baseline")
    status, out = run(tmp_path, "check", monkeypatch=monkeypatch)
    assert status == 0
    assert "1 baselined violation not shown: NAME 1" in out
    write(tmp_path, {"app/orders.py": BAD})
    status, out = run(tmp_path, "check", "--changed", monkeypatch=monkeypatch)
    assert status == 1
    assert "app/orders.py:4:5: NAME003" in out
    assert "1 violation, 1 of 1 checks failed" in out
    assert run(tmp_path, "check", "--warn", monkeypatch=monkeypatch)[0] == 0


def test_changed_against_a_branch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {"app/users.py": USERS})
    init_repo(tmp_path)
    git(tmp_path, "checkout", "-q", "-b", "feature")
    write(tmp_path, {"app/clean.py": CLEAN})
    commit_all(tmp_path, "clean file on the branch")
    assert run(tmp_path, "check", "--changed=main", monkeypatch=monkeypatch)[0] == 0
    assert run(tmp_path, "check", monkeypatch=monkeypatch)[0] == 1
    outside = tmp_path / "outside"
    write(outside, {"pyproject.toml": "", "a.py": CLEAN})
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert run(outside, "check", "--changed", monkeypatch=monkeypatch)[0] == 2


def test_rules_and_explain(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    status, out = run(tmp_path, "rules", monkeypatch=monkeypatch)
    assert status == 0
    assert any(line.startswith("NAME003  function-name") for line in out.splitlines())
    # The same listing as `pytest --guide-rules`, migrations note included.
    assert "Not checked by default: database migrations" in out
    status, out = run(tmp_path, "explain", "function-name", monkeypatch=monkeypatch)
    assert status == 0
    assert out.startswith("## NAME003 function-name\n")
    assert "**Use instead**" in out
    assert "rules/naming/#name003-function-name" in out
    assert run(tmp_path, "explain", "NAME999", monkeypatch=monkeypatch)[0] == 2


CUSTOM_RULE = """\
id: SHOP001
language: python
severity: error
message: "'$MODEL.objects.all()' loads a whole table"
note: "filter or paginate the queryset"
metadata:
  name: unbounded-queryset
  summary: a queryset read without a filter or a limit
rule:
  pattern: $MODEL.objects.all()
"""


def test_custom_rules_are_listed_explained_and_named_like_built_ins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    write(
        tmp_path,
        {
            "pyproject.toml": '[tool.backend-guide]\ncustom-rules = ["rules/*.yml"]\n'
            'select = ["SHOP"]\n',
            "rules/shop.yml": CUSTOM_RULE,
            "shop/views.py": "def orders():\n    return Order.objects.all()\n",
        },
    )
    status, out = run(tmp_path, "rules", monkeypatch=monkeypatch)
    assert status == 0
    (line,) = [line for line in out.splitlines() if line.startswith("SHOP001")]
    assert line.split() == ["SHOP001", "unbounded-queryset", "on", "a", "queryset"] + (
        "read without a filter or a limit".split()
    )
    assert "NAME003  function-name" in out
    # The same listing as pytest's, from elsewhere with --config.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    config = str(tmp_path / "pyproject.toml")
    assert run(elsewhere, "rules", "--config", config, monkeypatch=monkeypatch)[1] == out
    status, out = run(tmp_path, "explain", "unbounded-queryset", monkeypatch=monkeypatch)
    assert status == 0
    assert out.splitlines() == [
        "SHOP001 unbounded-queryset (default: on)",
        "",
        "a queryset read without a filter or a limit",
        "",
        "A custom rule of this project, defined in rules/shop.yml.",
    ]
    status, out = run(tmp_path, "check", "--statistics", monkeypatch=monkeypatch)
    assert status == 1
    assert out.splitlines() == [
        "1  SHOP001  unbounded-queryset",
        "1 violation, 1 of 1 checks failed",
    ]
    status, out = run(tmp_path, "check", "--output-format=concise", monkeypatch=monkeypatch)
    assert out.splitlines()[0] == (
        "shop/views.py:2:12: SHOP001 'Order.objects.all()' loads a whole table"
        " (unbounded-queryset)"
    )


@pytest.mark.parametrize(
    "command",
    [
        [str(Path(sys.executable).with_name("backend-guide"))],
        [sys.executable, "-m", "pytest_backend_guide"],
    ],
    ids=["console-script", "python-m"],
)
def test_the_command_is_installed_both_ways(tmp_path: Path, command: list[str]) -> None:
    write(tmp_path, {"app/users.py": USERS})
    done = subprocess.run(
        [*command, "check", "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "NAME003 function name 'getUser'" in done.stdout
    assert not (tmp_path / ".pytest_cache").exists()


def test_the_pre_commit_hook_runs_the_installed_command() -> None:
    import yaml

    root = Path(__file__).resolve().parents[1]
    hooks = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text())
    (hook,) = hooks
    assert hook["id"] == "backend-guide"
    assert hook["entry"] == "backend-guide check"
    assert hook["language"] == "python"
    assert hook["types"] == ["python"]
    assert hook["require_serial"] is True
    pyproject = (root / "pyproject.toml").read_text()
    assert 'backend-guide = "pytest_backend_guide.cli:main"' in pyproject
