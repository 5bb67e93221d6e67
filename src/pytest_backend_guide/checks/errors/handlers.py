"""ERR002 and ERR003: what a broad ``except`` handler does with the error.

A broad handler (bare, ``Exception``, ``BaseException``) whose whole body is
``pass``, ``...`` or ``continue`` swallows every error (ERR002). One that
does something but neither re-raises nor logs hides the error's cause
(ERR003). A handler gets one of the two, never both; a specific exception
turned into a value (``except KeyError: return None``) is neither.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pytest_backend_guide import ImportBindings, walk_own_scope, walk_statements

BROAD_TYPES = frozenset(
    {"builtins.Exception", "builtins.BaseException", "Exception", "BaseException"}
)
LOG_METHODS = frozenset(
    {
        "debug",
        "info",
        "warning",
        "warn",
        "error",
        "exception",
        "critical",
        "fatal",
        "log",
        "msg",
        "opt",
        "bind",
    }
)
LOGGER_NAME = re.compile(
    r"(?i)^_*(log|logs|logger|logging|structlog|loguru|.*_?logger|.*_log)$"
)
# Calls that report an error as well as a log line does.
REPORTING_CALLS = frozenset(
    {
        "sentry_sdk.capture_exception",
        "sentry_sdk.capture_message",
        "traceback.print_exc",
        "traceback.print_exception",
        "traceback.format_exc",
        "warnings.warn",
        "sys.exit",
        "builtins.exit",
        "os._exit",
    }
)




@dataclass(frozen=True)
class HandlerFinding:
    """One broad handler that swallows or hides its error.

    Attributes:
        code: ``ERR002`` or ``ERR003``.
        handler: The ``except`` clause.
        caught: How the caught type reads (``Exception``, ``bare except``).
    """

    code: str
    handler: ast.ExceptHandler
    caught: str


def handler_findings(
    tree: ast.Module, bindings: ImportBindings, *, typed: bool
) -> Iterator[HandlerFinding]:
    """Yield the ERR002/ERR003 findings of a module.

    Args:
        tree: The module.
        bindings: Its import bindings.
        typed: Whether ERR002 applies to handlers of every type
            (``check-typed-exceptions``).

    Yields:
        The findings, in tree order.
    """
    for node in walk_statements(tree):
        if not isinstance(node, ast.ExceptHandler):
            continue
        caught = _caught(node, bindings)
        broad = caught is not None
        if _swallows(node.body):
            if broad or typed:
                yield HandlerFinding("ERR002", node, caught or _type_text(node))
        elif broad and not _handled(node, bindings):
            yield HandlerFinding("ERR003", node, caught or "")


def _caught(handler: ast.ExceptHandler, bindings: ImportBindings) -> str | None:
    """Return how a broad handler's type reads, or None for a specific one."""
    if handler.type is None:
        return "bare except"
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    for expr in types:
        name = bindings.resolve(expr) or ""
        if name in BROAD_TYPES:
            return name.rsplit(".", 1)[-1]
    return None


def _type_text(handler: ast.ExceptHandler) -> str:
    return ast.unparse(handler.type) if handler.type is not None else "bare except"


def _swallows(body: list[ast.stmt]) -> bool:
    return all(
        isinstance(statement, (ast.Pass, ast.Continue))
        or (
            isinstance(statement, ast.Expr)
            and isinstance(statement.value, ast.Constant)
            and statement.value.value is Ellipsis
        )
        for statement in body
    )


def _handled(handler: ast.ExceptHandler, bindings: ImportBindings) -> bool:
    """Return whether the handler re-raises, logs, or passes the error on.

    A handler that uses the caught exception (``except Exception as exc``
    and then ``exc`` in the value it stores or returns) hands the error to
    code that can report it: that is not silence.
    """
    for node in walk_own_scope(handler.body):
        if isinstance(node, ast.Raise):
            return True
        if isinstance(node, ast.Call) and _is_log_call(node, bindings):
            return True
        if (
            handler.name
            and isinstance(node, ast.Name)
            and node.id == handler.name
            and isinstance(node.ctx, ast.Load)
        ):
            return True
    return False


def _is_log_call(call: ast.Call, bindings: ImportBindings) -> bool:
    if (bindings.resolve(call.func) or "") in REPORTING_CALLS:
        return True
    func = call.func
    if not isinstance(func, ast.Attribute):
        return False
    if func.attr not in LOG_METHODS:
        return False
    receiver = func.value
    # logger.opt(exception=True).error(...) and logger.bind(...).error(...)
    while isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Attribute):
        receiver = receiver.func.value
    if isinstance(receiver, ast.Call):  # logging.getLogger(__name__).error(...)
        receiver = receiver.func
    if isinstance(receiver, ast.Attribute):
        return bool(LOGGER_NAME.match(receiver.attr))
    return isinstance(receiver, ast.Name) and bool(LOGGER_NAME.match(receiver.id))
