"""Which module a name in a file stands for, from the file's import statements.

``from time import sleep`` makes ``sleep(1)`` a call of ``time.sleep``;
``import requests as http`` makes ``http.get`` ``requests.get``; a function
of the file's own called ``sleep`` stands for nothing imported. Checkers
that match calls by their fully qualified name use this instead of the
spelling in the source, so aliases neither hide a call nor invent one.
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pytest_backend_guide.tree_walk import walk_statements

BUILTIN_NAMES = frozenset(dir(builtins))
_LAST: list[tuple[ast.Module, ImportBindings]] = []


@dataclass(frozen=True)
class ImportBindings:
    """The names a module binds by import, and those it defines itself.

    Imports anywhere in the file count (also those inside functions and
    ``if TYPE_CHECKING:`` blocks): a name imported inside one function is
    rarely rebound to something else in another.

    Attributes:
        imported: Local name -> dotted name it was imported as
            (``sleep`` -> ``time.sleep``, ``http`` -> ``requests``).
            Relative imports keep their leading dots (``.db.Session``).
        defined: Names the module binds otherwise at its top level
            (functions, classes, assignments): they shadow builtins.
    """

    imported: Mapping[str, str]
    defined: frozenset[str]

    @classmethod
    def of(cls, tree: ast.Module) -> ImportBindings:
        """Read the bindings of a parsed module.

        Several families ask for the same file's bindings one after the
        other: the last module's are kept and given again for the same tree.

        Args:
            tree: The module's ``ast`` tree.

        Returns:
            Its bindings.
        """
        last = _LAST[0] if _LAST else None
        if last is not None and last[0] is tree:
            return last[1]
        bindings = cls._read(tree)
        _LAST[:] = [(tree, bindings)]
        return bindings

    @classmethod
    def _read(cls, tree: ast.Module) -> ImportBindings:
        imported: dict[str, str] = {}
        for node in walk_statements(tree):  # ast.walk's order
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        imported[alias.asname] = alias.name
                    else:
                        top = alias.name.split(".", 1)[0]
                        imported[top] = top
            elif isinstance(node, ast.ImportFrom):
                base = "." * node.level + (node.module or "")
                for alias in node.names:
                    if alias.name == "*":
                        continue
                    dot = "." if node.module else ""
                    imported[alias.asname or alias.name] = f"{base}{dot}{alias.name}"
        defined = set()
        for statement in tree.body:
            if isinstance(
                statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
            ):
                defined.add(statement.name)
            elif isinstance(statement, (ast.Assign, ast.AnnAssign)):
                targets = (
                    statement.targets
                    if isinstance(statement, ast.Assign)
                    else [statement.target]
                )
                defined.update(t.id for t in targets if isinstance(t, ast.Name))
        return cls(imported, frozenset(defined - set(imported)))

    def may_resolve_to(self, names: Iterable[str]) -> bool:
        """Return whether :meth:`resolve` can give one of these names in this file.

        A name can come out only through an import of it or of a module
        above it, or as a builtin the module does not shadow; a checker
        that looks for calls of a few library functions can skip a file
        whose imports make none of them possible.

        Args:
            names: Dotted names (``sqlalchemy.create_engine``).

        Returns:
            False when no expression of this file resolves to any of them.
        """
        heads = set(self.imported.values())
        for name in names:
            parts = name.split(".")
            if parts[0] == "builtins" and len(parts) > 1:
                short = parts[1]
                if (
                    short in BUILTIN_NAMES
                    and short not in self.defined
                    and short not in self.imported
                ):
                    return True
            if any(".".join(parts[:n]) in heads for n in range(1, len(parts) + 1)):
                return True
        return False

    def resolve(self, expr: ast.expr) -> str | None:
        """Return the dotted name an expression stands for, when imports say.

        ``sleep`` -> ``time.sleep`` after ``from time import sleep``;
        ``http.get`` -> ``requests.get`` after ``import requests as http``;
        ``open`` -> ``builtins.open`` unless the module binds ``open``.

        Args:
            expr: A name or a chain of attributes on a name.

        Returns:
            The dotted name, or None for anything not bound by an import
            or a builtin (locals, calls, subscripts, the module's own names).
        """
        parts: list[str] = []
        while isinstance(expr, ast.Attribute):
            parts.append(expr.attr)
            expr = expr.value
        if not isinstance(expr, ast.Name):
            return None
        head = self.imported.get(expr.id)
        if head is None:
            if expr.id in BUILTIN_NAMES and expr.id not in self.defined:
                head = f"builtins.{expr.id}"
            else:
                return None
        return ".".join([head, *reversed(parts)])


def dotted_name(expr: ast.expr) -> str | None:
    """Return the source spelling of a name or attribute chain (``self.db.get``).

    Args:
        expr: An expression.

    Returns:
        The dotted text, or None when ``expr`` is not a plain chain of names.
    """
    parts: list[str] = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if not isinstance(expr, ast.Name):
        return None
    return ".".join([expr.id, *reversed(parts)])

