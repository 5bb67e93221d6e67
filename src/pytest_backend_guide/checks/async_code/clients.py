"""ASYNC002 (a client per call) and ASYNC003 (HTTP calls without a timeout)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pytest_backend_guide import walk_own_scope, walk_statements
from pytest_backend_guide.checks.async_code.scope import (
    CLIENT_TYPES,
    HTTPX_CLIENT,
    ASYNC_HTTPX_CLIENT,
    REQUESTS_SESSION,
    FunctionNode,
    ModuleFacts,
    function_kinds,
)

HTTP_METHODS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "request"}
)
LIFESPAN_NAMES = re.compile(r"(^|_)(lifespan|startup|shutdown)($|_)")
STARTUP_EVENTS = frozenset({"startup", "shutdown"})
# What an import must make reachable for ASYNC002 (a client is created) and
# ASYNC003 (a requests/httpx call, or a call on a client) to be possible.
CLIENT_MAKERS = frozenset(CLIENT_TYPES)
HTTP_CALLS = CLIENT_MAKERS | {
    *(f"requests.{method}" for method in HTTP_METHODS),
    *(f"httpx.{name}" for name in HTTP_METHODS | {"stream", "Client", "AsyncClient"}),
}


@dataclass(frozen=True)
class ClientFinding:
    """A client made per call, or a request without a timeout.

    Attributes:
        code: ``ASYNC002`` or ``ASYNC003``.
        node: Where to report.
        message: What is wrong.
        hint: How to fix it.
    """

    code: str
    node: ast.AST
    message: str
    hint: str


def per_call_clients(
    tree: ast.Module, facts: ModuleFacts, factories: frozenset[str]
) -> Iterator[ClientFinding]:
    """Yield the HTTP clients created and used inside one function body.

    Args:
        tree: The module.
        facts: Its module-level facts.
        factories: Names of functions allowed to create clients.

    Yields:
        ASYNC002 findings.
    """
    for function in walk_statements(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if function.name in factories or _is_lifespan(function, facts):
            continue
        body = list(walk_own_scope(function.body))
        handed_out = _handed_out(body)
        for node in body:
            for call, bound in _client_creations(node):
                kind = facts.kind_of_value(call, {})
                if kind is None or kind not in CLIENT_TYPES.values():
                    continue
                if bound in handed_out or id(call) in handed_out:
                    continue
                if bound is not None and not _used(bound, body, node):
                    continue
                name = ast.unparse(call.func)
                yield ClientFinding(
                    "ASYNC002",
                    call,
                    f"'{name}' is created inside '{function.name}' on every call",
                    "create one client at module level or in the app's lifespan "
                    "and share it (its connection pool is the point)",
                )


def requests_without_timeout(
    tree: ast.Module, facts: ModuleFacts
) -> Iterator[ClientFinding]:
    """Yield requests calls without ``timeout=``, httpx calls with ``timeout=None``.

    Args:
        tree: The module.
        facts: Its module-level facts.

    Yields:
        ASYNC003 findings.
    """
    kinds_by_call: dict[int, dict[str, str]] = {}
    for function in walk_statements(tree):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            kinds = function_kinds(function, facts)
            for node in walk_own_scope(function.body):
                kinds_by_call[id(node)] = kinds
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        library = _http_library(node, facts, kinds_by_call.get(id(node), {}))
        if library is None:
            continue
        timeout = next((k for k in node.keywords if k.arg == "timeout"), None)
        spread = any(k.arg is None for k in node.keywords)
        name = ast.unparse(node.func)
        if library == "requests" and timeout is None and not spread:
            yield ClientFinding(
                "ASYNC003",
                node,
                f"'{name}' without timeout= can wait forever",
                "pass timeout=(connect, read) seconds, e.g. timeout=10",
            )
        elif (
            library == "httpx"
            and timeout is not None
            and isinstance(timeout.value, ast.Constant)
            and timeout.value.value is None
        ):
            yield ClientFinding(
                "ASYNC003",
                node,
                f"'{name}' with timeout=None can wait forever",
                "keep httpx's default timeout or pass a number of seconds",
            )


def _http_library(
    call: ast.Call, facts: ModuleFacts, kinds: dict[str, str]
) -> str | None:
    name = facts.bindings.resolve(call.func) or ""
    library, _, function = name.partition(".")
    if library == "requests" and function in HTTP_METHODS:
        return "requests"
    if library == "httpx" and (
        function in HTTP_METHODS | {"stream", "Client", "AsyncClient"}
    ):
        return "httpx"
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in HTTP_METHODS | {"stream"}:
        kind = facts.kind_of_value(func.value, kinds)
        if kind == REQUESTS_SESSION:
            return "requests"
        if kind in (HTTPX_CLIENT, ASYNC_HTTPX_CLIENT):
            return "httpx"
    return None


def _client_creations(node: ast.AST) -> Iterator[tuple[ast.Call, str | None]]:
    """Yield (creating call, local name or None) for a ``with`` or an assignment."""
    if isinstance(node, (ast.With, ast.AsyncWith)):
        for item in node.items:
            if isinstance(item.context_expr, ast.Call):
                yield item.context_expr, None
    elif isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        if isinstance(target, ast.Name) and isinstance(node.value, ast.Call):
            yield node.value, target.id


def _handed_out(body: list[ast.AST]) -> set[object]:
    """Names and call ids a function hands out: returned, yielded or stored.

    A name counts when the returned value holds it other than as the
    receiver of a method call (``return Wrapper(client)`` hands the client
    out, ``return await client.get(url)`` does not), or when it is stored
    on an attribute (``app.state.client = client``).
    """
    out: set[object] = set()
    for node in body:
        if isinstance(node, (ast.Return, ast.Yield, ast.YieldFrom)) and node.value:
            if isinstance(node.value, ast.Call):
                out.add(id(node.value))
            out.update(_names_passed(node.value))
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Name):
            if any(isinstance(t, (ast.Attribute, ast.Subscript)) for t in node.targets):
                out.add(node.value.id)
    for node in body:  # `with Client() as client: yield client` hands it out too
        if isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                var = item.optional_vars
                if isinstance(var, ast.Name) and var.id in out:
                    out.add(id(item.context_expr))
    return out


def _names_passed(value: ast.expr) -> set[str]:
    receivers = {
        id(node.value) for node in ast.walk(value) if isinstance(node, ast.Attribute)
    }
    return {
        node.id
        for node in ast.walk(value)
        if isinstance(node, ast.Name) and id(node) not in receivers
    }


def _used(name: str, body: list[ast.AST], binding: ast.AST) -> bool:
    return any(
        isinstance(node, ast.Name)
        and node.id == name
        and isinstance(node.ctx, ast.Load)
        for node in body
        if node is not binding
    )


def _is_lifespan(function: FunctionNode, facts: ModuleFacts) -> bool:
    if LIFESPAN_NAMES.search(function.name):
        return True
    for decorator in function.decorator_list:
        if isinstance(decorator, ast.Call):
            head = decorator.func
            event = decorator.args[0] if decorator.args else None
            if (
                isinstance(head, ast.Attribute)
                and head.attr in {"on_event", "before_serving", "after_serving"}
                or isinstance(event, ast.Constant)
                and event.value in STARTUP_EVENTS
            ):
                return True
        elif isinstance(decorator, ast.Attribute) and decorator.attr in {
            "before_serving",
            "on_startup",
            "before_first_request",
        }:
            return True
    return False
