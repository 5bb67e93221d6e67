"""SEC003 on project trees: where the config module is, how it reads the environment."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path

import pytest
from project_tree import guide

from pytest_backend_guide.checks.configuration import SECTION, run_configuration
from pytest_backend_guide.discovery import find_python_files
from pytest_backend_guide.project import ProjectContext
from pytest_backend_guide.settings import Settings

HARD_CODED = """\
    DEBUG = False
    DATABASE_URL = "postgresql://db/app"
"""


def write(root: Path, files: Mapping[str, str]) -> None:
    """Write dedented files below ``root``."""
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def sec3(
    root: Path,
    modules: tuple[str, ...] = (),
    enabled: frozenset[str] = frozenset({"SEC003"}),
) -> list[str]:
    """Run the configuration check and return ``path:line:col message`` lines."""
    settings = Settings(
        rootdir=root,
        config_path=None,
        src=(root,),
        enabled=enabled,
        options={"configuration": {**SECTION.defaults(), "modules": modules}},
    )
    ctx = ProjectContext(settings, tuple(find_python_files(settings)))
    return [f"{v.path}:{v.line}:{v.col} {v.message}" for v in run_configuration(ctx)]


@pytest.mark.parametrize(
    "path",
    [
        "config.py",
        "app/config.py",
        "app/settings.py",
        "app/core/config.py",
        "src/app/core/settings.py",
        "backend/app/core/config.py",
    ],
)
def test_a_config_module_that_reads_nothing(tmp_path: Path, path: str) -> None:
    write(tmp_path, {path: HARD_CODED})
    assert sec3(tmp_path) == [
        f"{path}:1:1 configuration {path} reads nothing from the environment"
    ]


@pytest.mark.parametrize(
    "source",
    [
        "import os\n\nDEBUG = os.environ.get('DEBUG') == '1'\n",
        "import os\n\nDEBUG = os.getenv('DEBUG')\n",
        "from os import environ\n\nDEBUG = environ['DEBUG']\n",
        "from os import getenv as env_of\n\nDEBUG = env_of('DEBUG')\n",
        "from pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n"
        "    debug: bool = False\n",
        "from pydantic import BaseSettings\n\n\nclass Settings(BaseSettings):\n"
        "    debug: bool = False\n",
        "from dynaconf import Dynaconf\n\nsettings = Dynaconf(envvar_prefix='APP')\n",
        "from decouple import config\n\nDEBUG = config('DEBUG', cast=bool)\n",
        "from environs import Env\n\nenv = Env()\nDEBUG = env.bool('DEBUG')\n",
        "import environ\n\nenv = environ.Env()\nDEBUG = env.bool('DEBUG')\n",
        "from starlette.config import Config\n\nconfig = Config('.env')\n"
        "DEBUG = config('DEBUG', cast=bool)\n",
        "from config.env import env\n\nDEBUG = env.bool('DEBUG')\n",
    ],
)
def test_each_way_of_reading_the_environment(tmp_path: Path, source: str) -> None:
    write(tmp_path, {"app/config.py": source})
    assert sec3(tmp_path) == []


def test_a_config_package_reads_the_environment_in_any_module(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "config/__init__.py": "",
            "config/env.py": "import environ\n\nenv = environ.Env()\n",
            "config/django/base.py": "from config.env import env\n\nDEBUG = env.bool('D')\n",
            "config/settings/cors.py": "CORS_ALLOW_ALL = False\n",
        },
    )
    assert sec3(tmp_path) == []
    (tmp_path / "config/env.py").write_text("ENV_NAME = 'x'\n", encoding="utf-8")
    (tmp_path / "config/django/base.py").write_text("DEBUG = True\n", encoding="utf-8")
    assert sec3(tmp_path) == [
        "config/__init__.py:1:1 configuration package 'config/' reads nothing from "
        "the environment"
    ]


@pytest.mark.parametrize(
    "path",
    [
        "app/api/settings.py",  # a settings endpoint
        "app/plugins/slack/config.py",  # deeper than a backend package
        "tests/config.py",
        "app/services/config.py",
        "django/apps/config.py",  # a subpackage's module, in a library
    ],
)
def test_modules_that_are_not_the_configuration(tmp_path: Path, path: str) -> None:
    package = path.split("/")[0]
    write(tmp_path, {f"{package}/__init__.py": "", path: "class Settings:\n    pass\n"})
    assert sec3(tmp_path) == []


def test_a_config_module_without_settings_is_not_reported(tmp_path: Path) -> None:
    write(tmp_path, {"app/config.py": '"""Nothing yet."""\n\n\ndef helper() -> None:\n    pass\n'})
    assert sec3(tmp_path) == []


def test_secret_settings_bound_to_literals(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app/config.py": """\
                import os

                DEBUG = os.getenv("DEBUG")
                SECRET_KEY = "django-insecure-8f7a6"
                JWT_ALGORITHM = "HS256"
                DB_PASSWORD = ""
                API_KEY = "changeme"


                class Settings:
                    stripe_api_key: str = "sk_test_123"
                    token_expire_minutes: int = 60
            """,
        },
    )
    assert [r.split(" ", 1)[0] for r in sec3(tmp_path)] == [
        "app/config.py:4:1",
        "app/config.py:11:5",
    ]
    assert sec3(tmp_path, enabled=frozenset({"SEC001", "SEC003"})) == []


def test_the_modules_option(tmp_path: Path) -> None:
    write(tmp_path, {"app/conf.py": HARD_CODED, "app/config.py": HARD_CODED})
    assert sec3(tmp_path, modules=("app/conf.py",)) == [
        "app/conf.py:1:1 configuration app/conf.py reads nothing from the environment"
    ]


def test_no_config_module_gives_nothing(tmp_path: Path) -> None:
    write(tmp_path, {"app/main.py": "DEBUG = True\n"})
    assert sec3(tmp_path) == []


def test_end_to_end(pytester: pytest.Pytester) -> None:
    pytester.makepyprojecttoml('[tool.backend-guide]\nselect = ["SEC003"]\n')
    write(pytester.path, {"app/config.py": HARD_CODED})
    result = guide(pytester, "-m", "guide")
    result.stdout.fnmatch_lines(
        ["app/config.py:1:1: SEC003 configuration app/config.py reads nothing*"]
    )
    assert result.ret == 1
