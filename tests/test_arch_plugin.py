"""End to end: ``pytest --guide`` reports the ARCH checks as two project items."""

from __future__ import annotations

import json

import pytest

pytest_plugins = ["pytester"]

CONFIG = """\
[project]
name = "shop"
dependencies = ["fastapi"]

[tool.pytest.ini_options]
pythonpath = ["."]

[tool.backend-guide]
select = ["ARCH"]
"""

APP = {
    "app/__init__.py": "",
    "app/main.py": "from app.api import users\n",
    "app/config.py": "import os\n",
    "app/api/__init__.py": "",
    "app/api/users.py": "from app.services import mail\n",
    "app/core/__init__.py": "",
    "app/services/__init__.py": "",
    "app/services/mail.py": "from app.models import user\n",
    "app/models/__init__.py": "",
    "app/models/user.py": "class User:\n    pass\n",
    "app/utils/__init__.py": "",
    "tests/test_users.py": "def test_main():\n    from app.main import users\n",
}


def make(
    pytester: pytest.Pytester, files: dict[str, str], config: str = CONFIG
) -> None:
    """Write a project into the pytester directory."""
    pytester.makefile(".toml", pyproject=config)
    for relpath, text in files.items():
        path = pytester.path / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_a_well_structured_project_passes(pytester: pytest.Pytester) -> None:
    make(pytester, APP)
    result = pytester.runpytest("--guide", "-p", "no:cacheprovider", "-rA")
    result.stdout.fnmatch_lines(
        [
            "PASSED pyproject.toml::guide[[]architecture[]]",
            "PASSED pyproject.toml::guide[[]imports[]]",
            "PASSED tests/test_users.py::test_main",
        ]
    )
    result.assert_outcomes(passed=len(APP) + 3)


def test_layout_failures(pytester: pytest.Pytester) -> None:
    files = {
        k: v for k, v in APP.items() if not k.startswith(("app/services", "tests"))
    }
    make(pytester, files)
    result = pytester.runpytest("--guide", "-p", "no:cacheprovider", "-rf")
    result.stdout.fnmatch_lines(
        [
            "_*guide[[]architecture[]]*_",
            (
                "app:1:1: ARCH001 backend package 'app' has no 'services' package "
                "(missing-layer-package)"
            ),
            (
                "  help: create app/services/__init__.py; detected backend package 'app' "
                "(4 of 5 layer packages)"
            ),
            (
                "pyproject.toml:1:1: ARCH003 no 'tests/' folder in backend package 'app' "
                "or above it up to the project root (missing-tests-dir)"
            ),
            "*FAILED pyproject.toml::guide[[]architecture[]]*",
        ]
    )
    result.assert_outcomes(passed=len(files) + 1, failed=1)


def test_import_failures_and_suppression(pytester: pytest.Pytester) -> None:
    files = {
        **APP,
        "app/models/user.py": (
            "from app.api import users\n"
            "from app.core import db  # guide: ignore[ARCH010] -- legacy\n"
        ),
        "app/core/db.py": "",
        "app/core/tasks.py": "from app.main import app\n",
    }
    make(pytester, files)
    result = pytester.runpytest(
        "--guide", "-p", "no:cacheprovider", "-m", "guide", "--guide-sarif=g.sarif"
    )
    result.stdout.fnmatch_lines(
        [
            "_*guide[[]imports[]]*_",
            (
                "app/api/users.py:1:1: ARCH011 import cycle of 3 modules: app.api.users "
                "(app/api/users.py:1) -> app.services.mail (app/services/mail.py:1) -> "
                "app.models.user (app/models/user.py:1) -> app.api.users (import-cycle)"
            ),
            (
                "app/core/tasks.py:1:1: ARCH012 'app.core.tasks' imports the entry point "
                "'app.main' (imports-entry-point)"
            ),
            (
                "app/models/user.py:1:1: ARCH010 'models' may not import 'api' "
                "('app.api.users') (layer-violation)"
            ),
            "    from app.api import users",
            "    ^^^^^^^^^^^^^^^^^^^^^^^^^",
            "*1  ARCH010  layer-violation*",
        ]
    )
    assert "app/models/user.py:2:" not in result.stdout.str()
    result.assert_outcomes(passed=len(files) + 1, failed=1, deselected=1)
    # A project check's silenced finding is in SARIF, suppressed in source.
    (run,) = json.loads((pytester.path / "g.sarif").read_text())["runs"]
    (silenced,) = [r for r in run["results"] if "suppressions" in r]
    region = silenced["locations"][0]["physicalLocation"]
    assert (silenced["ruleId"], region["artifactLocation"]["uri"]) == (
        "ARCH010",
        "app/models/user.py",
    )
    assert region["region"]["startLine"] == 2
    assert silenced["suppressions"] == [{"kind": "inSource", "justification": "legacy"}]


def test_configuration_reaches_the_checks(pytester: pytest.Pytester) -> None:
    config = CONFIG + (
        "\n[tool.backend-guide.architecture]\n"
        'package = "app"\n'
        'allow = ["models -> api"]\n'
        'ignore-imports = ["core.tasks -> main", "core.gone -> main"]\n'
    )
    files = {
        **APP,
        "app/models/user.py": "from app.api import users\n",
        "app/core/tasks.py": "from app.main import app\n",
        "app/api/users.py": "",
    }
    make(pytester, files, config)
    result = pytester.runpytest("--guide", "-p", "no:cacheprovider", "-m", "guide")
    result.stdout.fnmatch_lines(
        [
            (
                "pyproject.toml:14:41: ARCH010 ignore-imports entry 'core.gone -> main' "
                "matches no import (layer-violation)"
            ),
            '    ignore-imports = ["core.tasks -> main", "core.gone -> main"]',
            "                                            ^^^^^^^^^^^^^^^^^^^",
            "  help: remove it from ignore-imports in [[]tool.backend-guide.architecture[]]",
        ]
    )
    result.assert_outcomes(passed=len(files) + 1, failed=1, deselected=1)


def test_unknown_architecture_key_is_a_usage_error(pytester: pytest.Pytester) -> None:
    make(pytester, APP, CONFIG + "\n[tool.backend-guide.architecture]\nlayer = []\n")
    result = pytester.runpytest("--guide", "-p", "no:cacheprovider")
    result.stderr.fnmatch_lines(["*unknown key 'layer' (did you mean 'layers'?)*"])
    assert result.ret == pytest.ExitCode.USAGE_ERROR
