"""DB002 (an engine or pool per call) and DB004 (a commit without rollback path)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pytest_backend_guide import ImportBindings, walk_own_scope, walk_statements

ENGINE_MAKERS = frozenset(
    {
        "sqlalchemy.create_engine",
        "sqlalchemy.engine.create_engine",
        "sqlalchemy.engine_from_config",
        "sqlalchemy.ext.asyncio.create_async_engine",
        "sqlalchemy.ext.asyncio.async_engine_from_config",
        "sqlalchemy.orm.sessionmaker",
        "sqlalchemy.ext.asyncio.async_sessionmaker",
        "sqlalchemy.pool.QueuePool",
        "sqlalchemy.pool.AsyncAdaptedQueuePool",
        "sqlmodel.create_engine",
        "asyncpg.create_pool",
        "aiomysql.create_pool",
        "aiopg.create_pool",
        "psycopg_pool.ConnectionPool",
        "psycopg_pool.AsyncConnectionPool",
        "psycopg2.pool.SimpleConnectionPool",
        "psycopg2.pool.ThreadedConnectionPool",
    }
)
CACHING_DECORATORS = frozenset(
    {"functools.cache", "functools.lru_cache", "functools.cached_property"}
)
LIFESPAN_NAMES = re.compile(r"(^|_)(lifespan|startup|shutdown)($|_)")
SESSION_NAME = re.compile(r"(?i)(^|_)(session|sess|db|conn|connection|uow)$")
FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass(frozen=True)
class EngineCall:
    """An engine, session factory or pool made inside a function.

    Attributes:
        call: The call.
        what: The dotted name called (``sqlalchemy.create_engine``).
        function: Name of the function.
    """

    call: ast.Call
    what: str
    function: str


def engines_per_call(
    tree: ast.Module, bindings: ImportBindings, factories: frozenset[str]
) -> Iterator[EngineCall]:
    """Yield engines, session factories and pools created inside functions.

    Functions cached with ``functools.cache``/``lru_cache``, lifespan,
    startup and shutdown handlers, ``__init__`` methods, pytest fixtures,
    configured factories, and functions the module itself calls at import
    time (``engine = make_engine()``) run once, and are not reported.

    Args:
        tree: The module.
        bindings: Its import bindings.
        factories: Names of functions allowed to create engines.

    Yields:
        The creations.
    """
    called_at_import = _called_at_import(tree)
    for function in walk_statements(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        name = function.name
        if (
            name in factories
            or name in called_at_import
            or name == "__init__"
            or LIFESPAN_NAMES.search(name)
            or _runs_once(function, bindings)
        ):
            continue
        nodes = list(walk_own_scope(function.body))
        if any(isinstance(node, ast.Global) for node in nodes):
            continue  # sets a module-level engine: runs once by design
        stored = _stored_on_attributes(nodes)
        for node in nodes:
            if isinstance(node, ast.Call) and id(node) not in stored:
                what = bindings.resolve(node.func) or ""
                if what in ENGINE_MAKERS:
                    yield EngineCall(node, what, name)


def commits_without_rollback(tree: ast.Module) -> Iterator[ast.Call]:
    """Yield ``session.commit()`` calls with no rollback path (DB004).

    A commit is fine inside ``with session.begin():``, inside a ``with``
    block that manages the session (``with Session(engine) as session:``
    rolls back on error when it closes), or in a function that calls
    ``.rollback()`` somewhere.

    Args:
        tree: The module.

    Yields:
        The commit calls.
    """
    for function in walk_statements(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        nodes = list(walk_own_scope(function.body))
        if any(_method_call(node, "rollback") for node in nodes):
            continue
        managed: set[str] = set()
        covered: set[int] = set()
        for node in nodes:
            if isinstance(node, (ast.With, ast.AsyncWith)):
                for item in node.items:
                    if _method_call(item.context_expr, "begin"):
                        covered.update(id(n) for n in ast.walk(node))
                    if isinstance(item.optional_vars, ast.Name):
                        managed.add(item.optional_vars.id)
        for node in nodes:
            if not _method_call(node, "commit") or id(node) in covered:
                continue
            assert isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            receiver = node.func.value
            tail = (
                receiver.attr
                if isinstance(receiver, ast.Attribute)
                else getattr(receiver, "id", "")
            )
            if tail in managed or not SESSION_NAME.search(tail):
                continue
            yield node


def _method_call(node: ast.AST, method: str) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == method
    )


def _runs_once(function: FunctionNode, bindings: ImportBindings) -> bool:
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = bindings.resolve(target) or ""
        if name in CACHING_DECORATORS or name.endswith("fixture"):
            return True
        if isinstance(target, ast.Attribute) and target.attr in {
            "on_event",
            "on_startup",
            "before_serving",
            "before_first_request",
            "fixture",
        }:
            return True
    return False


def _stored_on_attributes(nodes: list[ast.AST]) -> set[int]:
    """Ids of calls whose result is kept on an attribute (``app.state.pool = ...``).

    Code that keeps what it made on the application or an object is setting
    up, not serving a request.
    """
    stored: set[int] = set()
    for node in nodes:
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Attribute) for t in targets) and node.value:
                value = node.value
                if isinstance(value, ast.Await):
                    value = value.value
                stored.add(id(value))
    return stored


def _called_at_import(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in walk_own_scope(tree.body):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            names.add(node.func.id)
    return names
