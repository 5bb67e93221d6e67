"""DB004: a commit on a session the function made, with no rollback path.

Only a session the function creates itself is its own to roll back. A
session it receives (a parameter, a FastAPI dependency, ``self.session``,
Flask-SQLAlchemy's ``db.session``) belongs to the code that made it, which
closes it and so rolls back whatever a failed commit left open.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from pytest_backend_guide import ImportBindings, walk_own_scope, walk_statements

SESSION_CLASSES = frozenset({"Session", "AsyncSession"})
SESSION_MAKERS = frozenset(
    {"sessionmaker", "async_sessionmaker", "scoped_session", "async_scoped_session"}
)
FACTORY_NAME = re.compile(
    r"^\w*(Session(Local|Factory|Maker)|session_(local|factory|maker))$"
    r"|^(local|async)_session$"
)


def commits_without_rollback(
    tree: ast.Module, bindings: ImportBindings
) -> Iterator[ast.Call]:
    """Yield commits of sessions a function creates and never rolls back.

    A session is created by the function when a local is bound to
    ``Session(...)``, to a call of a ``sessionmaker()`` result (made in the
    function or at module level), or to a call of a factory named like one
    (``SessionLocal()``, ``session_factory()``). Its commit is fine inside
    ``with session.begin():``, when the session is managed by a ``with``
    block, when a ``finally`` closes it (closing rolls back), or when the
    function calls ``.rollback()`` somewhere.

    Args:
        tree: The module.
        bindings: Its import bindings.

    Yields:
        The commit calls.
    """
    makers = _maker_names(tree.body, bindings)
    for function in walk_statements(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        nodes = list(walk_own_scope(function.body))
        if any(_method_call(node, "rollback") for node in nodes):
            continue
        local_makers = makers | _maker_names(function.body, bindings)
        created = _created_sessions(nodes, bindings, local_makers)
        if not created:
            continue
        managed, covered = _managed(nodes)
        for node in nodes:
            if not _method_call(node, "commit") or id(node) in covered:
                continue
            assert isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            receiver = node.func.value
            if (
                isinstance(receiver, ast.Name)
                and receiver.id in created
                and receiver.id not in managed
            ):
                yield node


def _maker_names(body: list[ast.stmt], bindings: ImportBindings) -> frozenset[str]:
    """Names bound in this scope to a ``sessionmaker(...)`` result."""
    names: set[str] = set()
    for node in walk_own_scope(body):
        target, value = _single_binding(node)
        if (
            target
            and isinstance(value, ast.Call)
            and _imported_as(value.func, bindings, SESSION_MAKERS)
        ):
            names.add(target)
    return frozenset(names)


def _created_sessions(
    nodes: list[ast.AST], bindings: ImportBindings, makers: frozenset[str]
) -> set[str]:
    """Locals bound to a session the function creates."""
    created: set[str] = set()
    for node in nodes:
        target, value = _single_binding(node)
        if target and isinstance(value, ast.Call) and _creates(value, bindings, makers):
            created.add(target)
    return created


def _creates(call: ast.Call, bindings: ImportBindings, makers: frozenset[str]) -> bool:
    func = call.func
    if isinstance(func, ast.Call):  # sessionmaker(bind=engine)()
        return _imported_as(func.func, bindings, SESSION_MAKERS)
    if _imported_as(func, bindings, SESSION_CLASSES):
        return True
    if isinstance(func, ast.Name):
        return func.id in makers or bool(FACTORY_NAME.match(func.id))
    if isinstance(func, ast.Attribute):
        return bool(FACTORY_NAME.match(func.attr))
    return False


def _imported_as(
    func: ast.expr, bindings: ImportBindings, names: frozenset[str]
) -> bool:
    """Whether a callee is imported under one of these last names.

    The last name is enough: projects re-export SQLAlchemy's ``sessionmaker``
    and ``Session`` from their own database module (``from .core import
    sessionmaker``), and nothing else by those names has a ``commit``.
    """
    dotted = bindings.resolve(func)
    return dotted is not None and dotted.rsplit(".", 1)[-1] in names


def _managed(nodes: list[ast.AST]) -> tuple[set[str], set[int]]:
    """Sessions a ``with`` or a ``finally: x.close()`` manages; covered commits.

    Returns:
        The managed names, and the ids of nodes inside ``with x.begin():``.
    """
    managed: set[str] = set()
    covered: set[int] = set()
    for node in nodes:
        if isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                expr = item.context_expr
                if _method_call(expr, "begin"):
                    covered.update(id(n) for n in ast.walk(node))
                if isinstance(expr, ast.Name):
                    managed.add(expr.id)
                if isinstance(item.optional_vars, ast.Name):
                    managed.add(item.optional_vars.id)
        elif isinstance(node, ast.Try):
            for statement in node.finalbody:
                for inner in ast.walk(statement):
                    if _method_call(inner, "close"):
                        assert isinstance(inner, ast.Call)
                        assert isinstance(inner.func, ast.Attribute)
                        if isinstance(inner.func.value, ast.Name):
                            managed.add(inner.func.value.id)
    return managed, covered


def _single_binding(node: ast.AST) -> tuple[str, ast.expr | None]:
    """The local name and value of ``name = value`` (``await`` unwrapped)."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target: ast.expr = node.targets[0]
        value: ast.expr | None = node.value
    elif isinstance(node, ast.AnnAssign):
        target, value = node.target, node.value
    else:
        return "", None
    if isinstance(value, ast.Await):
        value = value.value
    return (target.id, value) if isinstance(target, ast.Name) else ("", None)


def _method_call(node: ast.AST, method: str) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == method
    )
