"""API002 and API003: what a route handler reads and what it answers.

API002 (an ast-grep rule, ``rules/api/API002.yml``, judged here): a
handler that reads the request body raw (Starlette/FastAPI
``await request.json()`` or ``await request.form()``, Flask
``request.get_json()``, ``request.json``, ``request.form``,
``request.data``) instead of declaring a schema. Reading the bytes
(``await request.body()``, for a webhook signature) is fine, and so is any
read in a module that verifies webhook signatures (it imports ``hmac``,
a name that says signature, such as slack_sdk's ``SignatureVerifier``, or
a ``Webhook`` class): the sender, not the project, owns that body's
shape and encoding (Slack posts a form whose ``payload`` field is JSON).

API003: a ``POST`` route whose handler is named as a create
(``create_user``, ``add_item``...) and states no success status: FastAPI
without ``status_code=``, Flask without a ``(body, status)`` return.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pytest_backend_guide import (
    FileContext,
    ImportBindings,
    PatternRules,
    Violation,
    load_package_rules,
    walk_statements,
)
from pytest_backend_guide.checks.api.routes import route_methods

BODY_RULES = PatternRules(load_package_rules("pytest_backend_guide", "rules/api"))
_GAP = r"(?:\s|\\|#[^\n]*)*"  # what may stand around a dot: blanks, \, comments
BODY_NEEDLE = re.compile(
    rf"(?<!\w)req(?:uest)?{_GAP}\.{_GAP}(?:json|form|get_json|data)(?!\w)"
)
"""Text that every shape of API002 holds: ``request``/``req``, a dot, a body
reader. ast-grep's own needle for the rule is empty (its ``regex`` is not
plain), and a file without this text would be parsed by tree-sitter for
nothing: of Django's 879 files, 281 contain ``req`` and none this."""


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


def raw_body_reads(ctx: FileContext) -> list[Violation]:
    """Return every raw read of a request body (API002).

    The shapes are the ast-grep rule ``rules/api/API002.yml``; Flask's
    ``request.form``/``.data``/``.json`` count only where the file imports
    Flask's ``request`` and the attribute is read, not called.

    Args:
        ctx: The file and its enabled rules.

    Returns:
        The violations.
    """
    if not BODY_NEEDLE.search(ctx.source.text):
        return []
    flask_request: bool | None = None
    found: list[Violation] = []
    matches = BODY_RULES.matches(ctx.source, ctx.enabled)
    if matches and verifies_signatures(ctx.source.tree):
        return found
    for match in matches:
        node = match.node
        text = node.text()
        if node.kind() == "attribute":
            if flask_request is None:
                flask_request = _imports_flask_request(ctx.source.tree)
            parent = node.parent()
            called = parent is not None and parent.kind() == "call"
            if not flask_request or called:
                continue
            what = text
        elif text.startswith("await"):
            what = "await request." + text.rsplit(".", 1)[-1]
        else:
            what = "request.get_json()"
        message = f"handler reads the raw body with {what}"
        found.append(match.violation(ctx, message))
    return found


def verifies_signatures(tree: ast.Module) -> bool:
    """Return whether a module verifies the signatures of webhooks it receives.

    Args:
        tree: The module.

    Returns:
        Whether it imports ``hmac`` or a verifier: a name that says
        signature (slack_sdk's ``SignatureVerifier``, a project's
        ``verify_signature``) or a ``Webhook`` class (stripe's, svix's).
        Importing from a project package merely called ``webhooks`` does
        not count.
    """
    for name in ImportBindings.of(tree).imported.values():
        if name == "hmac" or name.startswith("hmac."):
            return True
        last = name.rpartition(".")[2]
        if "signature" in last.lower() or last == "Webhook":
            return True
    return False


def _imports_flask_request(tree: ast.Module) -> bool:
    for statement in walk_statements(tree):
        if isinstance(statement, ast.ImportFrom) and statement.module == "flask":
            if any(a.name == "request" and not a.asname for a in statement.names):
                return True
    return False


def silent_creates(tree: ast.Module, create_words: Sequence[str]) -> Iterator[Finding]:
    """Yield every create route that states no success status (API003).

    Args:
        tree: The parsed module.
        create_words: First words of a handler name that mean "create".

    Yields:
        The findings.
    """
    for node in walk_statements(tree):  # functions are statements
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
