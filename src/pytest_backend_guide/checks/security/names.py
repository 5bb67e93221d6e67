"""Which module a name in a file comes from, through the file's imports.

``import hashlib as h`` makes ``h.md5`` mean ``hashlib.md5``; ``from jwt
import decode`` makes ``decode`` mean ``jwt.decode``. A name the file binds
itself (a ``def``, a ``class``, an assignment) is the project's own and
resolves to nothing, so a local function called ``eval`` is not the builtin.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

from pytest_backend_guide import NodeIndex


@dataclass(frozen=True)
class Names:
    """The import bindings of one module.

    Attributes:
        imported: Local name -> dotted origin (``h`` -> ``hashlib``).
        own: Names the module binds other than by import.
    """

    imported: dict[str, str]
    own: frozenset[str]

    def qualify(self, node: ast.expr) -> str | None:
        """Return the dotted name an expression stands for, if it is one.

        Args:
            node: A name or attribute chain (``h.sha256``).

        Returns:
            ``hashlib.sha256`` for an imported name, the bare name for a
            builtin or unbound name, None for the module's own names and for
            anything that is not a plain dotted name.
        """
        attributes: list[str] = []
        while isinstance(node, ast.Attribute):  # a loop: chains may be long
            attributes.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        if node.id in self.imported:
            base = self.imported[node.id]
        elif node.id in self.own:
            return None
        else:
            base = node.id
        return ".".join([base, *reversed(attributes)])

    def is_builtin(self, node: ast.expr, name: str) -> bool:
        """Tell whether an expression is the builtin ``name``, not shadowed.

        Args:
            node: The expression (a call's function).
            name: The builtin's name, e.g. ``eval``.

        Returns:
            True for a bare ``name`` the module neither imports nor binds.
        """
        return (
            isinstance(node, ast.Name)
            and node.id == name
            and name not in self.imported
            and name not in self.own
        )


SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.Module)


@dataclass(frozen=True)
class ModuleIndex:
    """What the security rules look at in a module, read from its node index.

    Attributes:
        tree: The module.
        names: The import bindings.
        calls: Every call, in source order.
        bindings: Every assignment with a value.
        arguments: Every parameter list (for defaults).
        nodes: The file's node index (for :meth:`scope_of`).
    """

    tree: ast.Module
    names: Names
    calls: list[ast.Call]
    bindings: list[ast.Assign | ast.AnnAssign]
    arguments: list[ast.arguments]
    nodes: NodeIndex

    def scope_of(self, node: ast.AST) -> ast.AST:
        """Return the function, lambda or module a node runs in.

        Args:
            node: A node of the module (a call).

        Returns:
            The nearest function or lambda above it (its decorators and
            defaults count as inside it), else the module.
        """
        return self.nodes.enclosing(node, SCOPES) or self.tree

    @classmethod
    def of(cls, nodes: NodeIndex) -> ModuleIndex:
        """Gather a module's index from the file's shared node index.

        Args:
            nodes: The parsed module's nodes (``SourceFile.nodes``).

        Returns:
            Its index.
        """
        tree = cast(ast.Module, nodes.tree)
        imported: dict[str, str] = {}
        # Last statement first, so the first import of a name wins, as it
        # always has here.
        imports = cast(
            "list[ast.Import | ast.ImportFrom]",
            nodes.of_type(ast.Import, ast.ImportFrom),
        )
        for statement in reversed(imports):
            _bind_import(statement, imported)
        own = {
            name.id
            for name in nodes.of_type(ast.Name)
            if name.ctx.__class__ is ast.Store
        }
        definitions = cast(
            "list[ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef]",
            nodes.of_type(ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef),
        )
        own.update(definition.name for definition in definitions)
        calls = nodes.of_type(ast.Call)
        bindings = cast(
            "list[ast.Assign | ast.AnnAssign]", nodes.of_type(ast.Assign, ast.AnnAssign)
        )
        arguments = nodes.of_type(ast.arguments)
        names = Names(imported, frozenset(own - set(imported)))
        return cls(tree, names, calls, bindings, arguments, nodes)


def _bind_import(node: ast.Import | ast.ImportFrom, imported: dict[str, str]) -> None:
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.asname:
                imported[alias.asname] = alias.name
            else:
                top = alias.name.split(".")[0]
                imported[top] = top
        return
    base = "." * node.level + (node.module or "")
    for alias in node.names:
        imported[alias.asname or alias.name] = f"{base}.{alias.name}"


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    """Return the value of a call's keyword argument, if given.

    Args:
        call: The call.
        name: The keyword.

    Returns:
        The argument's expression, or None.
    """
    for item in call.keywords:
        if item.arg == name:
            return item.value
    return None


def is_true(node: ast.expr | None) -> bool:
    """Tell whether an expression is the literal ``True``."""
    return isinstance(node, ast.Constant) and node.value is True


def is_literal_string(node: ast.expr) -> bool:
    """Tell whether an expression is a plain string or bytes literal."""
    return isinstance(node, ast.Constant) and isinstance(node.value, str | bytes)


def identifiers(node: ast.AST) -> Iterator[str]:
    """Yield every variable and attribute name used inside an expression.

    Args:
        node: The expression.

    Yields:
        ``password`` and ``user`` for ``user.password.encode()``.
    """
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            yield child.id
        elif isinstance(child, ast.Attribute):
            yield child.attr
        elif isinstance(child, ast.arg):
            yield child.arg
