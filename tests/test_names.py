"""ImportBindings: names resolved through the file's imports."""

from __future__ import annotations

import ast

import pytest

from pytest_backend_guide import ImportBindings

MODULE = """\
import os.path
import requests as http
from time import sleep
from sqlalchemy.orm import Session as DbSession
from . import db
from .models import User
import open_mod

def compute():
    import subprocess
    return subprocess

def input():
    return 1
"""


def resolve(expression: str) -> str | None:
    bindings = ImportBindings.of(ast.parse(MODULE))
    expr = ast.parse(expression, mode="eval").body
    return bindings.resolve(expr)


@pytest.mark.parametrize(
    ("expression", "qualified"),
    [
        ("sleep", "time.sleep"),
        ("http.get", "requests.get"),
        ("os.path.join", "os.path.join"),
        ("DbSession", "sqlalchemy.orm.Session"),
        ("db.engine", ".db.engine"),
        ("User", ".models.User"),
        ("subprocess.run", "subprocess.run"),
        ("open", "builtins.open"),
        ("compute", None),
        ("input", None),
        ("session.get", None),
        ("make().get", None),
    ],
)
def test_names_resolve_through_imports_only(expression: str, qualified: str | None) -> None:
    assert resolve(expression) == qualified
