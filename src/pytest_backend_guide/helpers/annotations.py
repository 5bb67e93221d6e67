"""What a parameter's annotation says: injected by FastAPI, documented inline.

FastAPI supplies a parameter whose default or ``Annotated`` metadata calls
``Depends``/``Security``; projects name such annotations once
(``SessionDep = Annotated[Session, Depends(get_db)]``) and import them
where routes use them. A parameter annotated ``Annotated[T, Doc("...")]``
(``typing_extensions.Doc``, FastAPI's own style) carries its documentation.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from pytest_backend_guide.helpers.function_facts import Parameter, dotted_name

INJECTION_CALLS = frozenset({"Depends", "Security"})
DOC_CALL = "Doc"
# Names of modules that hold dependencies (``from app.api.deps import ...``).
DEPENDENCY_MODULES = frozenset({"deps", "dependencies"})
# Suffixes of dependency alias names (``SessionDep``, ``CommonDeps``).
DEPENDENCY_SUFFIXES = ("Dep", "Deps", "Dependency")


def dependency_aliases(tree: ast.Module, known: Iterable[str] = ()) -> frozenset[str]:
    """Return the names a module uses as FastAPI dependency annotations.

    A module-level alias whose value is ``Annotated[..., Depends(...)]``
    counts wherever it is defined; an imported name counts when it comes
    from a ``deps``/``dependencies`` module or ends in ``Dep``, ``Deps`` or
    ``Dependency`` (its definition is in another file, out of sight).

    Args:
        tree: The module.
        known: Names configured as dependency aliases.

    Returns:
        The alias names.
    """
    names = set(known)
    for statement in tree.body:
        if isinstance(statement, ast.ImportFrom):
            module = (statement.module or "").rpartition(".")[2]
            for alias in statement.names:
                bound = alias.asname or alias.name
                if module in DEPENDENCY_MODULES or bound.endswith(DEPENDENCY_SUFFIXES):
                    names.add(bound)
            continue
        target, value = _alias_definition(statement)
        if target is not None and _injects(value):
            names.add(target)
    return frozenset(names)


def is_injected(param: Parameter, aliases: frozenset[str]) -> bool:
    """Return whether FastAPI supplies a parameter.

    Args:
        param: The parameter.
        aliases: The module's dependency aliases.

    Returns:
        True for ``Depends()``/``Security()`` defaults or ``Annotated``
        metadata, and for annotations that are dependency aliases.
    """
    if param.injected:
        return True
    annotation = param.node.annotation
    if annotation is None:
        return False
    name = dotted_name(annotation) or ""
    return name.rpartition(".")[2] in aliases


def documented_inline(param: Parameter) -> bool:
    """Return whether a parameter is documented by ``Annotated[T, Doc("...")]``.

    Args:
        param: The parameter.

    Returns:
        True when a metadata item of its ``Annotated`` annotation is a
        call to ``Doc``.
    """
    return any(_call_named(item, DOC_CALL) for item in _metadata(param.node.annotation))


def _alias_definition(statement: ast.stmt) -> tuple[str | None, ast.expr | None]:
    """Return the name and value of ``X = ...``, ``X: TypeAlias = ...``, ``type X``."""
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
        target = statement.targets[0]
        if isinstance(target, ast.Name):
            return target.id, statement.value
    elif isinstance(statement, ast.AnnAssign):
        if isinstance(statement.target, ast.Name):
            return statement.target.id, statement.value
    elif type(statement).__name__ == "TypeAlias":  # ``type X = ...``, Python 3.12+
        name = getattr(statement, "name", None)
        if isinstance(name, ast.Name):
            return name.id, getattr(statement, "value", None)
    return None, None


def _injects(value: ast.expr | None) -> bool:
    """Return whether an ``Annotated[...]`` value carries ``Depends()``."""
    return any(
        _call_named(item, name) for item in _metadata(value) for name in INJECTION_CALLS
    )


def _metadata(annotation: ast.expr | None) -> list[ast.expr]:
    """Return the metadata items of ``Annotated[T, a, b]`` (``[a, b]``)."""
    if not isinstance(annotation, ast.Subscript):
        return []
    if (dotted_name(annotation.value) or "").rpartition(".")[2] != "Annotated":
        return []
    items = annotation.slice
    return list(items.elts[1:]) if isinstance(items, ast.Tuple) else []


def _call_named(node: ast.expr, name: str) -> bool:
    """Return whether ``node`` calls something whose last name is ``name``."""
    if not isinstance(node, ast.Call):
        return False
    return (dotted_name(node.func) or "").rpartition(".")[2] == name
