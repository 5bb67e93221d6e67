"""SEC010: SQL built from values by string formatting, then executed.

A statement counts as built when it is an f-string with a replacement
field, ``"..." % value``, ``"...".format(value)`` or ``"..." + value`` and
its literal text looks like SQL. It is reported where it reaches an
execution: ``execute``/``executemany``/``executescript``, SQLAlchemy's
``text()``, Django's ``raw()`` and ``extra()``, directly or through one
local variable of the same function (``query = ... ; cursor.execute(query)``,
``+=`` included). Parameterised queries pass the values separately and
never fire; neither does formatting that carries no data: literals,
placeholders built from literals (``"IN (%s)" % ", ".join(["%s"] * n)``),
and local or module names bound only to such values
(``table = "users"``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from pytest_backend_guide.checks.security.names import SCOPES, ModuleIndex, Names

EXECUTORS = frozenset({"execute", "executemany", "executescript", "raw", "extra"})
SQL_WORDS = re.compile(
    r"\bselect\b.*\bfrom\b|\binsert\s+into\b|\bupdate\b.*\bset\b|"
    r"\bdelete\s+from\b|\b(create|drop|alter|truncate)\s+(table|index|view)\b|"
    r"\bpragma\b|\bwhere\b.*[=<>]|\border\s+by\b",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class Finding:
    """SQL built by formatting that reaches an execution.

    Attributes:
        node: The call that executes it.
        sink: The executing function's name.
        built_at: Line where the statement was built, when through a variable.
    """

    node: ast.Call
    sink: str
    built_at: int | None = None


@dataclass
class Scope:
    """The statements assigned to each local name of one function.

    Attributes:
        node: The function (or module).
        assigned: Name -> the values assigned to it (``+=`` included).
    """

    node: ast.AST
    assigned: dict[str, list[ast.expr]] = field(default_factory=dict)

    @classmethod
    def of(cls, node: ast.AST) -> Scope:
        """Collect the assignments of a function, not of nested functions.

        Args:
            node: The function or module.

        Returns:
            Its scope.
        """
        scope = cls(node)
        stack = list(ast.iter_child_nodes(node))
        while stack:
            child = stack.pop()
            if isinstance(child, (*SCOPES, ast.ClassDef)):
                continue
            if isinstance(child, ast.Assign) and len(child.targets) == 1:
                scope._add(child.targets[0], child.value)
            elif isinstance(child, ast.AnnAssign | ast.AugAssign) and child.value:
                scope._add(child.target, child.value)
            stack.extend(ast.iter_child_nodes(child))
        return scope

    def _add(self, target: ast.expr, value: ast.expr) -> None:
        if isinstance(target, ast.Name):
            self.assigned.setdefault(target.id, []).append(value)


def find_injections(index: ModuleIndex) -> Iterator[Finding]:
    """Yield each execution of SQL built by string formatting.

    Args:
        index: The module's calls, with their scopes, and its imports.

    Yields:
        The findings.
    """
    scopes: dict[int, Scope] = {}

    def scope_of(node: ast.AST) -> Scope:
        if id(node) not in scopes:
            scopes[id(node)] = Scope.of(node)
        return scopes[id(node)]

    for call in index.calls:
        sink = _sink(call, index.names)
        if sink is None:
            continue
        values = Values(scope_of(index.scope_of(call)), scope_of(index.tree))
        for argument in _statements(call, sink):
            if is_built_sql(argument, values):
                yield Finding(call, sink)
                break
            if isinstance(argument, ast.Name):
                line = _built_through(values, argument.id, call.lineno)
                if line is not None:
                    yield Finding(call, sink, line)
                    break


@dataclass(frozen=True)
class Values:
    """Where a name's values are looked up: its function, then the module.

    Attributes:
        local: The enclosing function's assignments.
        module: The module's top-level assignments.
    """

    local: Scope
    module: Scope

    def of(self, name: str) -> list[ast.expr]:
        """Return the values assigned to a name, nearest scope first.

        Args:
            name: The variable.

        Returns:
            Its values in the function, else in the module (may be empty).
        """
        return self.local.assigned.get(name) or self.module.assigned.get(name, [])


def _sink(call: ast.Call, names: Names) -> str | None:
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in EXECUTORS:
        return func.attr
    origin = names.qualify(func)
    if origin and origin.startswith("sqlalchemy") and origin.endswith(".text"):
        return "text"
    if isinstance(func, ast.Attribute) and func.attr == "text":
        base = func.value
        if isinstance(base, ast.Name) and base.id in {"db", "sa"}:
            return "text"
    return None


def _statements(call: ast.Call, sink: str) -> list[ast.expr]:
    if sink != "extra":
        first = call.args[:1]
        named = [k.value for k in call.keywords if k.arg in {"sql", "statement"}]
        return [*first, *named]
    found: list[ast.expr] = []
    for item in call.keywords:
        if item.arg in {"where", "select", "tables", "order_by"}:
            value = item.value
            if isinstance(value, ast.List | ast.Tuple):
                found.extend(value.elts)
            elif isinstance(value, ast.Dict):
                found.extend(v for v in value.values if v is not None)
    return found


def _built_through(values: Values, name: str, before: int) -> int | None:
    assigned = [v for v in values.local.assigned.get(name, []) if v.lineno <= before]
    if not assigned or not any(_looks_like_sql(v) for v in assigned):
        return None
    for value in assigned:
        if _is_formatted(value, values):
            return value.lineno
    return None


def is_built_sql(node: ast.expr, values: Values) -> bool:
    """Tell whether an expression is SQL text with values formatted into it.

    Args:
        node: The expression.
        values: Where the names it uses are looked up.

    Returns:
        True for ``f"SELECT ... {x}"``, ``"SELECT ... %s" % x``,
        ``"SELECT ... {}".format(x)`` and ``"SELECT ..." + x`` when ``x``
        may carry data (a parameter, an attribute, a call's result).
    """
    return _is_formatted(node, values) and _looks_like_sql(node)


def _is_formatted(node: ast.expr, values: Values) -> bool:
    if isinstance(node, ast.JoinedStr):
        return _carries_data(node, values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        parts = _summands(node)
        return any(_is_text(p) for p in parts) and any(
            _carries_data(p, values) for p in parts
        )
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr == "format" and _is_text(node.func.value):
            return _carries_data(node, values)
    return False


def _summands(node: ast.expr) -> list[ast.expr]:
    found: list[ast.expr] = []
    todo = [node]
    while todo:  # left to right, without recursion: a sum may be thousands long
        part = todo.pop()
        if isinstance(part, ast.BinOp) and isinstance(part.op, ast.Add | ast.Mod):
            todo += (part.right, part.left)
        else:
            found.append(part)
    return found


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _carries_data(node: ast.expr, values: Values, depth: int = 0) -> bool:
    """Tell whether an expression may hold data rather than fixed SQL text.

    Literals, placeholders built from literals (``", ".join("?" * n)``),
    choices between literals and local or module names bound only to such
    values carry none; parameters, attributes and other calls may.
    """
    if depth > 3:
        return True
    if isinstance(node, ast.Constant):
        return False
    parts: list[ast.expr]
    if isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
    elif isinstance(node, ast.IfExp):
        parts = [node.body, node.orelse]
    elif isinstance(node, ast.List | ast.Tuple):
        parts = list(node.elts)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        # A repetition of fixed text ("?" * n) adds no data, whatever n is.
        return _carries_data(node.left, values, depth + 1) and _carries_data(
            node.right, values, depth + 1
        )
    elif isinstance(node, ast.BinOp):
        parts = [node.left, node.right]
    elif isinstance(node, ast.Name):
        if "placeholder" in node.id.lower():
            return False
        assigned = values.of(node.id)
        return not assigned or any(
            _carries_data(v, values, depth + 1) for v in assigned
        )
    elif isinstance(node, ast.Call):
        return _call_carries_data(node, values, depth)
    else:
        return True
    return any(_carries_data(part, values, depth + 1) for part in parts)


def _call_carries_data(node: ast.Call, values: Values, depth: int) -> bool:
    func = node.func
    if isinstance(func, ast.Name) and func.id in {"len", "int", "range"}:
        return False
    if isinstance(func, ast.Attribute) and func.attr in {"join", "format"}:
        if _is_text(func.value):
            arguments = [*node.args, *(k.value for k in node.keywords)]
            return any(_carries_data(a, values, depth + 1) for a in arguments)
    return True


def _looks_like_sql(node: ast.expr) -> bool:
    text = " ".join(
        c.value
        for c in ast.walk(node)
        if isinstance(c, ast.Constant) and isinstance(c.value, str)
    )
    return bool(SQL_WORDS.search(text))
