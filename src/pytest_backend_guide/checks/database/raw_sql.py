"""DB001: raw SQL executed outside the data-access modules.

A string counts as SQL when it starts with a statement keyword (``SELECT
... FROM``, ``INSERT INTO``, ``UPDATE ... SET``, ``DELETE FROM``, DDL...);
it may reach ``execute``/``executemany``/``executescript``/
``exec_driver_sql``/``raw``/``text()`` directly or through one local
variable, as a literal, an f-string, a ``%``/``+`` expression or a
``.format()`` call. A bare ``SELECT 1`` (a connectivity probe) is not raw
data access.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from pytest_backend_guide import (
    ImportBindings,
    NodeIndex,
    walk_own_scope,
    walk_statements,
)

EXECUTING_METHODS = frozenset(
    {"execute", "executemany", "executescript", "exec_driver_sql", "raw"}
)
TEXT_FUNCTIONS = frozenset(
    {
        "sqlalchemy.text",
        "sqlalchemy.sql.text",
        "sqlalchemy.sql.expression.text",
        "sqlmodel.text",
    }
)
SQL_START = re.compile(
    r"^\s*(\(\s*)?("
    r"SELECT\b[\s\S]*\bFROM\b|INSERT\s+(OR\s+\w+\s+)?INTO\b|UPDATE\s+\S+\s+SET\b"
    r"|DELETE\s+FROM\b|CREATE\s+(OR\s+REPLACE\s+)?"
    r"(UNIQUE\s+|TEMP(ORARY)?\s+|VIRTUAL\s+)?"
    r"(TABLE|INDEX|VIEW|SCHEMA|DATABASE|TRIGGER|FUNCTION|EXTENSION|TYPE|SEQUENCE)\b"
    r"|DROP\s+(TABLE|INDEX|VIEW|SCHEMA|DATABASE|TRIGGER|FUNCTION|TYPE|SEQUENCE)\b"
    r"|ALTER\s+TABLE\b|TRUNCATE\b|WITH\s+(RECURSIVE\s+)?\w+\s+AS\s*\(|MERGE\s+INTO\b"
    r"|REPLACE\s+INTO\b|GRANT\b|REVOKE\b|VACUUM\b"
    r")",
    re.IGNORECASE,
)
EXECUTING_WORDS = re.compile(r"\b(?:" + "|".join(sorted(EXECUTING_METHODS)) + r")\b")


def raw_sql_calls(tree: ast.Module, bindings: ImportBindings) -> Iterator[ast.Call]:
    """Yield the calls that execute a raw SQL string.

    Args:
        tree: The module.
        bindings: Its import bindings.

    Yields:
        The calls, scope by scope.
    """
    # Only the scopes that hold an executing call are read statement by
    # statement; the file's calls come from its shared node index.
    nodes = NodeIndex.of(tree)
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    wanted: set[int] = set()
    for call in nodes.of_type(ast.Call):
        if _executes(call, bindings):
            owner = nodes.enclosing(call, functions)
            body = owner.body if isinstance(owner, functions) else tree.body
            wanted.add(id(body))
    if not wanted:
        return
    scopes: list[list[ast.stmt]] = [tree.body]
    scopes.extend(
        node.body
        for node in walk_statements(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    )
    for body in scopes:
        if id(body) not in wanted:
            continue
        strings: dict[str, ast.expr] = {}
        for node in walk_own_scope(body):
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name):
                    strings[target.id] = node.value
            elif isinstance(node, ast.Call) and _executes(node, bindings):
                argument = _sql_argument(node)
                if isinstance(argument, ast.Name):
                    argument = strings.get(argument.id)
                if argument is not None and is_sql(argument):
                    yield node


def may_execute_sql(text: str) -> bool:
    """Return whether a file's text can call one of the executing methods.

    A method called by attribute is spelled in the text; only an ASCII
    text is judged (other identifiers are normalised by Python, not here).

    Args:
        text: The file's text.

    Returns:
        False when no ``.execute``/``.raw``/... call can be in it.
    """
    return not text.isascii() or EXECUTING_WORDS.search(text) is not None


def is_sql(expr: ast.expr) -> bool:
    """Return whether an expression builds a string that is a SQL statement.

    Args:
        expr: A literal, f-string, ``%``/``+`` expression or ``.format()`` call.

    Returns:
        Whether its leading text reads as SQL (other than ``SELECT 1``).
    """
    text = _leading_text(expr)
    return text is not None and bool(SQL_START.match(text))


def _leading_text(expr: ast.expr) -> str | None:
    while True:  # down the left side, without recursion: "a" + b + c + ...
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Mod, ast.Add)):
            expr = expr.left
        elif (
            isinstance(expr, ast.Call)
            and isinstance(expr.func, ast.Attribute)
            and expr.func.attr == "format"
        ):
            expr = expr.func.value
        else:
            break
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, ast.JoinedStr):
        return "".join(
            str(part.value) if isinstance(part, ast.Constant) else " x "
            for part in expr.values
        )
    return None


def _executes(call: ast.Call, bindings: ImportBindings) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in EXECUTING_METHODS:
        return True
    return (bindings.resolve(func) or "") in TEXT_FUNCTIONS


def _sql_argument(call: ast.Call) -> ast.expr | None:
    if call.args:
        return call.args[0]
    for keyword in call.keywords:
        if keyword.arg in {"sql", "statement", "query", "raw_query", "text"}:
            return keyword.value
    return None


