"""SEC010: SQL built from values by string formatting, then executed.

A statement counts as built when it is an f-string with a replacement
field, ``"..." % value``, ``"...".format(value)`` or ``"..." + value`` and
its literal text looks like SQL. It is reported where it reaches an
execution: ``execute``/``executemany``/``executescript``, SQLAlchemy's
``text()``, Django's ``raw()`` and ``extra()``, directly or through one
local variable of the same function (``query = ... ; cursor.execute(query)``,
``+=`` included). Parameterised queries pass the values separately and
never fire; neither do placeholders built by formatting
(``"IN (%s)" % ", ".join(["%s"] * n)``).
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
PLACEHOLDER = re.compile(r"\s*(%s|\?|:\w+|\$\d+|%\(\w+\)s)\s*,?\s*")


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
    for call, scope_node in index.calls:
        sink = _sink(call, index.names)
        if sink is None:
            continue
        for argument in _statements(call, sink):
            if is_built_sql(argument):
                yield Finding(call, sink)
                break
            if isinstance(argument, ast.Name):
                key = id(scope_node)
                if key not in scopes:
                    scopes[key] = Scope.of(scope_node)
                line = _built_through(scopes[key], argument.id, call.lineno)
                if line is not None:
                    yield Finding(call, sink, line)
                    break


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


def _built_through(scope: Scope, name: str, before: int) -> int | None:
    values = [v for v in scope.assigned.get(name, []) if v.lineno <= before]
    if not values or not any(_looks_like_sql(v) for v in values):
        return None
    for value in values:
        if _is_formatted(value):
            return value.lineno
    return None


def is_built_sql(node: ast.expr) -> bool:
    """Tell whether an expression is SQL text with values formatted into it.

    Args:
        node: The expression.

    Returns:
        True for ``f"SELECT ... {x}"``, ``"SELECT ... %s" % x``,
        ``"SELECT ... {}".format(x)`` and ``"SELECT ..." + x``.
    """
    return _is_formatted(node) and _looks_like_sql(node)


def _is_formatted(node: ast.expr) -> bool:
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(part, ast.FormattedValue) and not _is_placeholders(part.value)
            for part in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _is_text(node.left) and not _is_placeholders(node.right)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts = _summands(node)
        return any(_is_text(p) for p in parts) and any(
            not _is_text(p) and not _is_placeholders(p) for p in parts
        )
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr == "format" and _is_text(node.func.value):
            values = [*node.args, *(k.value for k in node.keywords)]
            return any(not _is_placeholders(v) for v in values)
    return False


def _summands(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [*_summands(node.left), *_summands(node.right)]
    return [node]


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _is_placeholders(node: ast.expr) -> bool:
    """Tell whether a formatted value only produces bind placeholders."""
    if isinstance(node, ast.Tuple):
        return all(_is_placeholders(item) for item in node.elts)
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and _only_placeholders(node.value)
    if isinstance(node, ast.Name):
        return "placeholder" in node.id.lower()
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr == "join" and _is_text(node.func.value):
            texts = [
                c.value
                for arg in node.args
                for c in ast.walk(arg)
                if isinstance(c, ast.Constant) and isinstance(c.value, str)
            ]
            return bool(texts) and all(_only_placeholders(t) for t in texts)
    return False


def _only_placeholders(text: str) -> bool:
    return bool(text.strip()) and all(
        PLACEHOLDER.fullmatch(part + ",") or PLACEHOLDER.fullmatch(part)
        for part in text.split(",")
    )


def _looks_like_sql(node: ast.expr) -> bool:
    text = " ".join(
        c.value
        for c in ast.walk(node)
        if isinstance(c, ast.Constant) and isinstance(c.value, str)
    )
    return bool(SQL_WORDS.search(text))
