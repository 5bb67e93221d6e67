"""Whether a module has anything to unit-test (TEST003 skips those without).

Constants, enums, settings classes, abstract interfaces, Django
``AppConfig`` subclasses, and dataclasses or pydantic models without
methods describe data or wiring: a test importing them tests nothing of
their own. A module is testable when it defines a function, or a class with
a method that has a body of its own (not abstract, not a stub).
"""

from __future__ import annotations

import ast

# Classes whose subclasses hold data or wiring, not behaviour to unit-test.
DATA_BASES = frozenset(
    {
        "Enum",
        "IntEnum",
        "StrEnum",
        "Flag",
        "IntFlag",
        "TextChoices",
        "IntegerChoices",
        "Choices",
        "AppConfig",
        "BaseSettings",
        "Settings",
        "Protocol",
        "TypedDict",
        "NamedTuple",
    }
)
ABSTRACT = frozenset({"abstractmethod", "abstractproperty"})
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def has_testable_code(tree: ast.Module) -> bool:
    """Return whether a module defines behaviour that a unit test could test.

    Args:
        tree: The module.

    Returns:
        True when it defines a function, or a class (not an enum, settings,
        ``AppConfig`` or protocol class) with a method that does something.
    """
    for node in tree.body:
        if isinstance(node, FUNCTIONS):
            return True
        if isinstance(node, ast.ClassDef) and _testable_class(node):
            return True
    return False


def _testable_class(node: ast.ClassDef) -> bool:
    if not DATA_BASES.isdisjoint(_last_name(base) for base in node.bases):
        return False
    return any(
        isinstance(item, FUNCTIONS) and _does_something(item) for item in node.body
    )


def _does_something(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Return whether a method has a body of its own: not abstract, not a stub."""
    if not ABSTRACT.isdisjoint(_last_name(d) for d in function.decorator_list):
        return False
    body = function.body
    if body and _is_docstring(body[0]):
        body = body[1:]
    return not all(_is_stub(statement) for statement in body)


def _is_docstring(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.Expr) and isinstance(
        statement.value, ast.Constant
    )


def _is_stub(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Pass) or _is_docstring(statement):
        return True
    if isinstance(statement, ast.Raise) and statement.exc is not None:
        exc = statement.exc
        target = exc.func if isinstance(exc, ast.Call) else exc
        return _last_name(target) == "NotImplementedError"
    return False


def _last_name(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    while isinstance(node, ast.Subscript):  # a loop: x[0][0]... may be long
        node = node.value
        if isinstance(node, ast.Call):
            node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""
