"""Name the place of a violation without its line number.

A baseline entry must survive lines inserted above it and edits elsewhere
in the file, so it is keyed by what encloses the violation rather than by
where it is: ``module.Class.method`` in Python (plus the imported module
when the line is an import, which is what ARCH rules report), and the
requirement's name in a dependency manifest (DEP rules).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from itertools import chain
from dataclasses import dataclass

from pytest_backend_guide.source import SourceError, SourceFile
from pytest_backend_guide.violation import Violation

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_REQUIREMENT = re.compile(r"""^\s*["']?([A-Za-z0-9][A-Za-z0-9._-]*)""")


@dataclass(frozen=True)
class _Scope:
    first: int
    last: int
    name: str


def module_name(path: str) -> str:
    """Return the dotted module name of a display path.

    Args:
        path: Path relative to the rootdir, with ``/`` separators.

    Returns:
        ``app.api.users`` for ``app/api/users.py``; the package for
        ``__init__.py``.
    """
    stem = path[:-3] if path.endswith(".py") else path
    parts = [part for part in stem.split("/") if part]
    if len(parts) > 1 and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def with_symbols(
    violations: Iterable[Violation], source: SourceFile | None
) -> list[Violation]:
    """Fill in the enclosing symbol of violations that have none.

    Args:
        violations: Violations in the file of ``source``.
        source: The file's text, when it could be read.

    Returns:
        The violations, each with its ``symbol`` set.
    """
    pending = list(violations)
    if source is None or all(v.symbol is not None for v in pending):
        return pending
    if source.path.endswith(".py"):
        namer = _PythonSymbols(source)
        return [
            v
            if v.symbol is not None
            else v.with_symbol(namer.at(v.line, with_import=_names_import(v)))
            for v in pending
        ]
    return [
        v
        if v.symbol is not None
        else v.with_symbol(requirement_name(source.line_text(v.line)))
        for v in pending
    ]


def is_whole_file(violation: Violation) -> bool:
    """Return whether a violation is about its file as a whole.

    Such findings (a missing module docstring, an untested module) are
    reported at 1:1, whatever the first line holds.

    Args:
        violation: The violation.

    Returns:
        Whether it is at line 1, column 1.
    """
    return violation.line == 1 and violation.col == 1


def _names_import(violation: Violation) -> bool:
    """Return whether an import on the violation's line is part of its symbol.

    Import rules (ARCH) report the import itself; another rule's finding on
    an import line is named by the import too, unless it is about the file.
    """
    return violation.code.startswith("ARCH") or not is_whole_file(violation)


def requirement_name(text: str) -> str:
    """Return the distribution named at the start of a manifest line.

    Args:
        text: A line of ``requirements.txt`` or of a TOML dependency list.

    Returns:
        The name, lower-cased, or an empty string.
    """
    match = _REQUIREMENT.match(text)
    return match.group(1).lower() if match else ""


class _PythonSymbols:
    """The classes, functions and imports of one module, by line."""

    def __init__(self, source: SourceFile) -> None:
        self.module = module_name(source.path)
        self.scopes: list[_Scope] = []
        self.imports: dict[int, str] = {}
        self._by_line: list[str | None] | None = None
        try:
            tree = source.tree
        except SourceError:
            return
        self._visit(tree.body, self.module)

    def at(self, line: int, *, with_import: bool) -> str:
        """Return the innermost symbol around a line, and its import if asked."""
        if self._by_line is None:
            self._by_line = self._innermost_by_line()
        name = self._by_line[line] if 0 <= line < len(self._by_line) else None
        name = name or self.module
        imported = self.imports.get(line) if with_import else None
        return f"{name}:import {imported}" if imported else name

    def _innermost_by_line(self) -> list[str | None]:
        """Name each line by the scope that starts last among those around it.

        One pass over the scopes, instead of a scan of them per violation.
        Of scopes starting on the same line, the first found (the outer)
        names it.
        """
        by_line: list[str | None] = [None] * (
            max((scope.last for scope in self.scopes), default=0) + 1
        )
        order = sorted(
            range(len(self.scopes)),
            key=lambda index: (self.scopes[index].first, -index),
        )
        for index in order:  # later painters are the inner scopes
            scope = self.scopes[index]
            by_line[scope.first : scope.last + 1] = [scope.name] * (
                scope.last - scope.first + 1
            )
        return by_line

    def _visit(self, body: list[ast.stmt], prefix: str) -> None:
        # An explicit stack, not recursion: blocks may nest thousands deep
        # (an ``elif`` chain). Each entry is a block being walked, resumed
        # where it stopped once the nested block above it is done.
        pending: list[tuple[Iterator[ast.stmt], str]] = [(iter(body), prefix)]
        while pending:
            statements, prefix = pending[-1]
            for node in statements:
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    self._add_import(node)
                if isinstance(node, _DEFINITIONS):
                    name = f"{prefix}.{node.name}"
                    first = min([d.lineno for d in node.decorator_list] + [node.lineno])
                    last = node.end_lineno or node.lineno
                    self.scopes.append(_Scope(first, last, name))
                    pending.append((iter(node.body), name))
                    break
                bodies = _nested_bodies(node)
                if bodies:
                    pending.append((chain.from_iterable(bodies), prefix))
                    break
            else:
                pending.pop()

    def _add_import(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.Import):
            names = ",".join(alias.name for alias in node.names)
        else:
            module = "." * node.level + (node.module or "")
            names = ",".join(f"{module}.{alias.name}" for alias in node.names)
        for line in range(node.lineno, (node.end_lineno or node.lineno) + 1):
            self.imports[line] = names


def _nested_bodies(node: ast.stmt) -> list[list[ast.stmt]]:
    """Return the statement lists inside a compound statement (if, try, ...)."""
    bodies = []
    for name in ("body", "orelse", "finalbody"):
        value = getattr(node, name, None)
        if isinstance(value, list):
            bodies.append(value)
    for handler in getattr(node, "handlers", []):
        bodies.append(handler.body)
    for case in getattr(node, "cases", []):
        bodies.append(case.body)
    return bodies
