"""TYPE003: annotations that say ``Any``, the type that checks nothing."""

from __future__ import annotations

import ast
import re

from pytest_backend_guide import FileContext, Violation
from pytest_backend_guide.checks.typehints.options import TypeOptions
from pytest_backend_guide.helpers import FunctionFacts

_ANY_TEXT = re.compile(r"^\s*(?:\w+\.)?Any\s*$")


def any_violations(
    ctx: FileContext, function: FunctionFacts, options: TypeOptions
) -> list[Violation]:
    """Report the ``Any`` annotations of one function.

    Args:
        ctx: The file being checked.
        function: The function.
        options: The type-hint options.

    Returns:
        TYPE003 violations, one per annotation.
    """
    found: list[Violation] = []
    for param in function.parameters:
        annotation = param.node.annotation
        if annotation is None or param.implicit:
            continue
        if param.is_star and options.allow_star_args_any:
            continue
        what = f"parameter '{param.display}' of '{function.qualname}'"
        found.extend(_check(ctx, annotation, what, options.any_nested))
    returns = function.node.returns
    if returns is not None:
        what = f"the return of '{function.qualname}'"
        found.extend(_check(ctx, returns, what, options.any_nested))
    return found


def is_any(node: ast.expr) -> bool:
    """Return whether an annotation is ``Any``, ``typing.Any`` or ``"Any"``.

    Args:
        node: An annotation expression.

    Returns:
        Whether it names ``Any`` and nothing else.
    """
    if isinstance(node, ast.Name):
        return node.id == "Any"
    if isinstance(node, ast.Attribute):
        return node.attr == "Any" and isinstance(node.value, ast.Name)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(_ANY_TEXT.match(node.value))
    return False


def nested_any(node: ast.expr) -> ast.expr | None:
    """Return the first ``Any`` inside an annotation, strings included.

    Args:
        node: An annotation expression.

    Returns:
        The ``Any`` node (or the string that holds it), or None.
    """
    for child in ast.walk(node):
        if not isinstance(child, ast.expr):
            continue
        if is_any(child):
            return child
        text = child.value if isinstance(child, ast.Constant) else None
        if isinstance(text, str) and _string_has_any(text):
            return child
    return None


def _string_has_any(text: str) -> bool:
    if "Any" not in text:
        return False
    try:
        parsed = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        return False
    return nested_any(parsed.body) is not None


def _check(
    ctx: FileContext, annotation: ast.expr, what: str, nested: bool
) -> list[Violation]:
    hint = "use a precise type, 'object', or a TypeVar"
    if is_any(annotation):
        message = f"{what} is annotated 'Any'"
        return [ctx.at_node("TYPE003", annotation, message, fix_hint=hint)]
    inner = nested_any(annotation) if nested else None
    if inner is None:
        return []
    message = f"{what} has 'Any' in its annotation"
    return [ctx.at_node("TYPE003", inner, message, fix_hint=hint)]
