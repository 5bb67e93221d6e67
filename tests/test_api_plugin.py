"""End to end: API001 is one project item that follows prefixes across modules."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

CONFIG = """\
[tool.backend-guide]
select = ["API"]
"""

APP = {
    "app/__init__.py": "",
    "app/main.py": (
        "from fastapi import FastAPI\n"
        "\n"
        "from app.api import users\n"
        "\n"
        "app = FastAPI()\n"
        'app.include_router(users.router, prefix="/api")\n'
    ),
    "app/api/__init__.py": "",
    "app/api/users.py": (
        "from fastapi import APIRouter\n"
        "\n"
        'router = APIRouter(prefix="/users")\n'
        "\n"
        "\n"
        '@router.get("/{user_id}")\n'
        "def read_user(user_id: int) -> dict:\n"
        '    return {"id": user_id}\n'
    ),
}


def make(pytester: pytest.Pytester, files: dict[str, str]) -> None:
    """Write a project into the pytester directory."""
    pytester.makefile(".toml", pyproject=CONFIG)
    for relpath, text in files.items():
        path = pytester.path / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_an_unversioned_route_fails_the_api_item(pytester: pytest.Pytester) -> None:
    make(pytester, APP)
    result = pytester.runpytest("--guide", "-m", "guide", "-rA")
    result.stdout.fnmatch_lines(
        [
            "app/api/users.py:6:2: API001 route '/api/users/{user_id}' has no "
            "version segment (unversioned-route)",
            "FAILED pyproject.toml::guide[[]api[]]*",
        ]
    )
    # A warm run reads the route facts from the cache and says the same.
    again = pytester.runpytest("--guide", "-m", "guide", "-rA")
    again.stdout.fnmatch_lines(["FAILED pyproject.toml::guide[[]api[]]*"])


def test_a_versioned_prefix_in_another_module_passes(
    pytester: pytest.Pytester,
) -> None:
    files = dict(APP)
    files["app/main.py"] = files["app/main.py"].replace('"/api"', '"/api/v1"')
    make(pytester, files)
    result = pytester.runpytest("--guide", "-m", "guide", "-rA")
    result.stdout.fnmatch_lines(["PASSED pyproject.toml::guide[[]api[]]"])
    result.assert_outcomes(passed=len(files) + 1)
