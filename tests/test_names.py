"""ImportBindings: names resolved through the file's imports."""

from __future__ import annotations

import ast

import pytest

from pytest_backend_guide import ImportBindings, walk_statements

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


def test_the_last_import_of_a_name_wins_in_walk_order_also_from_nested_blocks() -> None:
    module = """\
def load():
    import json as fmt
    return fmt

try:
    import yaml as fmt
except ImportError:
    from toml import loads as fmt
import pickle as fmt
"""
    bindings = ImportBindings.of(ast.parse(module))
    # ast.walk order: module statements first, then deeper blocks.
    assert bindings.imported["fmt"] == "toml.loads"


def test_bindings_of_the_same_tree_are_read_once() -> None:
    tree = ast.parse(MODULE)
    assert ImportBindings.of(tree) is ImportBindings.of(tree)
    assert ImportBindings.of(ast.parse(MODULE)) == ImportBindings.of(tree)


@pytest.mark.parametrize(
    ("names", "possible"),
    [
        (["sqlalchemy.create_engine"], False),
        (["sqlalchemy.orm.Session"], True),
        (["sqlalchemy.orm.sessionmaker"], False),
        (["requests.get"], True),
        (["time.sleep"], True),
        (["time.time"], False),
        (["os.path.join", "x.y"], True),
        (["builtins.open"], True),
        (["builtins.input"], False),
        (["builtins.str.join"], True),
    ],
)
def test_may_resolve_to_tells_which_names_the_imports_make_reachable(
    names: list[str], possible: bool
) -> None:
    bindings = ImportBindings.of(ast.parse(MODULE))
    assert bindings.may_resolve_to(names) is possible


def test_walk_statements_gives_ast_walks_statements_in_its_order() -> None:
    tree = ast.parse(MODULE + "\ntry:\n    x = [y for y in z]\nexcept E:\n    pass\n")
    holders = (ast.stmt, ast.excepthandler, ast.match_case)
    expected = [n for n in ast.walk(tree) if isinstance(n, holders)]
    walked = list(walk_statements(tree))
    assert walked[0] is tree
    assert walked[1:] == expected
