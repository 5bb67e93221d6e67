"""ASYNC001: blocking calls on the event loop, inside ``async def``.

Calls in a nested sync ``def`` or ``lambda`` do not run on the loop (they
are typically handed to ``asyncio.to_thread``, ``run_in_executor`` or
``run_in_threadpool``), and neither does a function passed to those
without being called; only what the coroutine itself calls is judged.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from pytest_backend_guide import walk_own_scope, walk_statements
from pytest_backend_guide.checks.async_code.scope import (
    HTTPX_CLIENT,
    INSPECTOR,
    PATH,
    REQUESTS_SESSION,
    SYNC_SESSION,
    ModuleFacts,
    function_kinds,
)

HTTP_METHODS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "request"}
)
BLOCKING_FUNCTIONS = frozenset(
    {
        "time.sleep",
        "urllib.request.urlopen",
        "os.system",
        "os.popen",
        "builtins.open",
        "builtins.input",
        "httpx.Client",
        "httpx.stream",
        "socket.create_connection",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyname_ex",
        "socket.gethostbyaddr",
        "socket.getfqdn",
        "subprocess.run",
        "subprocess.call",
        "subprocess.check_call",
        "subprocess.check_output",
        "subprocess.Popen",
        "subprocess.getoutput",
        "subprocess.getstatusoutput",
        *(f"requests.{method}" for method in HTTP_METHODS),
        *(f"httpx.{method}" for method in HTTP_METHODS),
    }
)
BLOCKING_METHODS = {
    SYNC_SESSION: frozenset(
        {
            "query",
            "execute",
            "exec",
            "scalar",
            "scalars",
            "get",
            "commit",
            "flush",
            "refresh",
            "merge",
            "rollback",
        }
    ),
    REQUESTS_SESSION: HTTP_METHODS,
    HTTPX_CLIENT: HTTP_METHODS | {"send", "stream"},
    PATH: frozenset(
        {"read_text", "read_bytes", "write_text", "write_bytes", "open"}
    ),
    INSPECTOR: frozenset(  # reflection: one database round trip or more each
        {
            "get_schema_names",
            "get_table_names",
            "get_view_names",
            "get_materialized_view_names",
            "get_sequence_names",
            "get_temp_table_names",
            "get_columns",
            "get_pk_constraint",
            "get_foreign_keys",
            "get_indexes",
            "get_unique_constraints",
            "get_check_constraints",
            "get_table_comment",
            "get_table_options",
            "get_view_definition",
            "get_sorted_table_and_fkc_names",
            "has_schema",
            "has_table",
            "has_index",
            "has_sequence",
            "reflect_table",
        }
    ),
}
WHAT = {
    SYNC_SESSION: "sync database session",
    REQUESTS_SESSION: "requests session",
    HTTPX_CLIENT: "sync httpx client",
    PATH: "pathlib file I/O",
    INSPECTOR: "SQLAlchemy inspector",
}


@dataclass(frozen=True)
class BlockingCall:
    """A blocking call made by a coroutine.

    Attributes:
        call: The call.
        what: What is called, as the user reads it (``time.sleep``).
        function: Name of the coroutine.
    """

    call: ast.Call
    what: str
    function: str


def blocking_calls(
    tree: ast.Module, facts: ModuleFacts, extra: frozenset[str]
) -> Iterator[BlockingCall]:
    """Yield the blocking calls that ``async def`` functions make themselves.

    Args:
        tree: The module.
        facts: Its module-level facts.
        extra: More blocking callables, dotted (``mylib.fetch``), or a
            module's every function (``mylib.*``).

    Yields:
        The calls, in source order within each coroutine.
    """
    for function in walk_statements(tree):
        if not isinstance(function, ast.AsyncFunctionDef):
            continue
        kinds = function_kinds(function, facts)
        for node in walk_own_scope(function.body):
            if isinstance(node, ast.Call):
                what = _blocking(node, facts, kinds, extra)
                if what:
                    yield BlockingCall(node, what, function.name)


def _blocking(
    call: ast.Call, facts: ModuleFacts, kinds: dict[str, str], extra: frozenset[str]
) -> str | None:
    name = facts.bindings.resolve(call.func)
    if name is not None:
        if name in BLOCKING_FUNCTIONS or name in extra:
            return name.removeprefix("builtins.")
        module = name.rpartition(".")[0]
        if module and f"{module}.*" in extra:
            return name
    func = call.func
    if not isinstance(func, ast.Attribute):
        return None
    kind = facts.kind_of_value(func.value, kinds)
    if kind in BLOCKING_METHODS and func.attr in BLOCKING_METHODS[kind]:
        return f"{WHAT[kind]} .{func.attr}()"
    return None
