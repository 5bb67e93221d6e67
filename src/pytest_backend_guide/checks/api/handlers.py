"""API002 and API003: what a route handler reads and what it answers.

API002: a handler that reads the request body raw (Starlette/FastAPI
``await request.json()`` or ``await request.form()``, Flask
``request.get_json()``, ``request.json``, ``request.form``,
``request.data``) instead of declaring a schema. Reading the bytes
(``await request.body()``, for a webhook signature) is fine.

API003: a ``POST`` route whose handler is named as a create
(``create_user``, ``add_item``...) and states no success status: FastAPI
without ``status_code=``, Flask without a ``(body, status)`` return.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pytest_backend_guide.checks.api.routes import route_methods

REQUEST_NAMES = frozenset({"request", "req"})
AWAITED_READERS = frozenset({"json", "form"})
FLASK_ATTRIBUTES = frozenset({"json", "form", "data"})
FLASK_APPS = frozenset({"route", "post"})


@dataclass(frozen=True)
class Finding:
    """A handler problem.

    Attributes:
        code: ``API002`` or ``API003``.
        node: What to report.
        message: What is wrong.
        fix_hint: What to do instead.
    """

    code: str
    node: ast.AST
    message: str
    fix_hint: str


def raw_body_reads(tree: ast.Module) -> Iterator[Finding]:
    """Yield every raw read of a request body (API002).

    Args:
        tree: The parsed module.

    Yields:
        The findings.
    """
    attributes: list[ast.Attribute] = []
    flask_request = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Await) and isinstance(node.value, ast.Call):
            reader = _method_on_request(node.value.func, AWAITED_READERS)
            if reader:
                yield _raw(node, f"await request.{reader}()")
        elif isinstance(node, ast.Call):
            if _method_on_request(node.func, frozenset({"get_json"})):
                yield _raw(node, "request.get_json()")
        elif isinstance(node, ast.Attribute):
            if (
                isinstance(node.value, ast.Name)
                and node.value.id == "request"
                and node.attr in FLASK_ATTRIBUTES
            ):
                attributes.append(node)
        elif isinstance(node, ast.ImportFrom) and node.module == "flask":
            flask_request = flask_request or any(
                alias.name == "request" and not alias.asname for alias in node.names
            )
    if flask_request:
        for attribute in attributes:
            yield _raw(attribute, f"request.{attribute.attr}")


def _method_on_request(func: ast.expr, methods: frozenset[str]) -> str | None:
    if (
        isinstance(func, ast.Attribute)
        and func.attr in methods
        and isinstance(func.value, ast.Name)
        and func.value.id in REQUEST_NAMES
    ):
        return func.attr
    return None


def _raw(node: ast.AST, what: str) -> Finding:
    return Finding(
        "API002",
        node,
        f"handler reads the raw body with {what}",
        "declare the body as a schema (a pydantic model, a marshmallow schema)",
    )


def silent_creates(tree: ast.Module, create_words: Sequence[str]) -> Iterator[Finding]:
    """Yield every create route that states no success status (API003).

    Args:
        tree: The parsed module.
        create_words: First words of a handler name that mean "create".

    Yields:
        The findings.
    """
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if node.name.lstrip("_").split("_")[0].lower() not in create_words:
            continue
        for decorator in node.decorator_list:
            if not isinstance(decorator, ast.Call):
                continue
            if route_methods(decorator) != {"POST"}:
                continue
            if _states_status(node, decorator):
                continue
            yield Finding(
                "API003",
                decorator,
                f"create route '{node.name}' states no success status",
                "say status_code=201 in the route (FastAPI) or return "
                "(body, 201) (Flask)",
            )


def _states_status(
    function: ast.FunctionDef | ast.AsyncFunctionDef, decorator: ast.Call
) -> bool:
    if any(item.arg == "status_code" for item in decorator.keywords):
        return True
    for node in ast.walk(function):
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple):
            if len(node.value.elts) >= 2:
                return True
        if isinstance(node, ast.Call) and _names_a_status(node):
            return True
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr in {
                    "status_code",
                    "status",
                }:
                    return True
    return False


def _names_a_status(call: ast.Call) -> bool:
    """Tell whether a response is built with an explicit status."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else ""
    if isinstance(func, ast.Name):
        name = func.id
    if name == "make_response" and len(call.args) >= 2:
        return True
    if not name.endswith("Response"):
        return False
    return any(item.arg in {"status_code", "status"} for item in call.keywords)
