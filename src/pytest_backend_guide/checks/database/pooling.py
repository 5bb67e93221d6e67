"""DB002: an engine, session factory or pool made per call."""

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
