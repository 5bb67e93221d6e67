"""Facts about the functions and classes of a module, read from its node index.

The docstring and type-hint families both ask the same questions of a
function: is it public, what are its parameters, does it return a value, is
it a generator, what does it raise, how is it decorated. :func:`module_facts`
answers them for every function and class of a file from the file's shared
:class:`~pytest_backend_guide.node_index.NodeIndex` (its definitions,
``return``, ``raise`` and ``yield`` nodes and their parents: no walk of its
own) and caches the answer on the parsed file, so that the two families
share it.
"""

from __future__ import annotations

import ast
import bisect
import re
import weakref
from typing import NamedTuple

from pytest_backend_guide.helpers.function_facts import (
    ClassFacts,
    FunctionFacts,
    FunctionNode,
    ModuleFacts,
    RaisedError,
    dotted_name,
    is_public_name,
)
from pytest_backend_guide.source import SourceFile

TEST_DIRECTORIES = frozenset({"tests"})
CATCH_ALL = "*"

_BLOCK_FIELDS = ("body", "orelse", "finalbody")
_DEF_KEYWORD = re.compile(r"(?:async\s+)?(?:def|class)\s+")
_TRY_NODES = (ast.Try, getattr(ast, "TryStar", ast.Try))
_DEFINITION_NODES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
# What is looked for above a ``yield``: the statement that holds it, or a
# lambda (whose body is an expression of its own).
_YIELD_HOLDERS = (ast.stmt, ast.Lambda)
_NO_DECORATORS: frozenset[str] = frozenset()
_CACHE: weakref.WeakKeyDictionary[SourceFile, ModuleFacts] = weakref.WeakKeyDictionary()

Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


class _Scope(NamedTuple):
    function: FunctionFacts | None = None
    owner: ClassFacts | None = None
    prefix: str = ""
    public: bool = True
    nested: bool = False


def module_facts(source: SourceFile) -> ModuleFacts:
    """Return the facts of a parsed file, walking it on the first call only.

    Args:
        source: The parsed file.

    Returns:
        Its module docstring, functions and classes.
    """
    facts = _CACHE.get(source)
    if facts is None:
        facts = _Builder(source).run()
        _CACHE[source] = facts
    return facts


def module_is_private(path: str) -> bool:
    """Return whether the module or one of its packages starts with ``_``.

    Args:
        path: The file's path, with ``/`` separators.

    Returns:
        True for ``app/_internal/db.py`` and ``app/_db.py``, False for
        ``app/__init__.py`` and ``app/__main__.py`` (dunder modules are
        public: ``python -m app`` runs the latter).
    """
    parts = path.split("/")
    stem = parts[-1].rsplit(".", 1)[0]
    folders = [part for part in parts[:-1] if part not in (".", "..")]
    dunder = len(stem) > 4 and stem.startswith("__") and stem.endswith("__")
    return any(part.startswith("_") for part in folders) or (
        stem.startswith("_") and not dunder
    )


def is_test_module(path: str) -> bool:
    """Return whether a path is a test module or lives under ``tests/``.

    Args:
        path: The file's path, with ``/`` separators.

    Returns:
        True for ``test_*.py``, ``*_test.py``, ``conftest.py`` and files
        below a ``tests`` folder.
    """
    parts = path.split("/")
    name = parts[-1]
    if name == "conftest.py" or name.startswith("test_") or name.endswith("_test.py"):
        return True
    return not TEST_DIRECTORIES.isdisjoint(parts[:-1])


def name_position(
    source: SourceFile, node: FunctionNode | ast.ClassDef
) -> tuple[int, int]:
    """Return the 1-based line and column of a definition's name.

    Args:
        source: The parsed file.
        node: A function or class definition.

    Returns:
        Where the name starts, or where the definition starts when the name
        is not on the same line as the keyword.
    """
    line = node.lineno
    col = source.char_column(line, node.col_offset)
    text = source.line_text(line)
    match = _DEF_KEYWORD.match(text, col - 1)
    if match and text.startswith(node.name, match.end()):
        return line, match.end() + 1
    return line, col


def docstring_node(body: list[ast.stmt]) -> ast.Constant | None:
    """Return the docstring of a module, class or function body, if any.

    Args:
        body: The statements of the body.

    Returns:
        The string constant that opens the body, or None.
    """
    if body and isinstance(body[0], ast.Expr):
        value = body[0].value
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return value
    return None


class _Builder:
    """Collects facts from the file's shared node index, without a walk.

    The index lists every definition, ``return``, ``raise`` and ``yield``
    of the file with its parents; each one is given to the nearest
    function or class around it. Definitions come in source order, which
    is the order a walk of the blocks met them in (no two definitions
    start on the same line).
    """

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.index = source.nodes
        self.functions: list[FunctionFacts] = []
        self.classes: list[ClassFacts] = []
        # The scope each definition's body opens, by the node's id.
        self.scopes: dict[int, _Scope] = {}
        # The names of @overload stubs, by the block that holds them.
        self.overloaded: dict[tuple[int, str], set[str]] = {}
        self.stub_names: set[str] = set()

    def run(self) -> ModuleFacts:
        tree = self.source.tree
        index = self.index
        definitions: list[Definition] = []
        for kind in _DEFINITION_NODES:
            definitions += index.of_type(kind)
        if len(definitions) > 1:
            definitions.sort(key=_position)
        top = _Scope()
        scopes = self.scopes
        for node in definitions:
            around = index.enclosing(node, _DEFINITION_NODES)
            scope = top if around is None else scopes[id(around)]
            if isinstance(node, ast.ClassDef):
                self.klass(node, scope)
            else:
                self.function(node, scope)
        if self.functions:
            self.effects()
        empty = not tree.body
        return ModuleFacts(
            docstring_node(tree.body), empty, self.functions, self.classes
        )

    def function(self, node: FunctionNode, scope: _Scope) -> None:
        decorators = _decorator_names(node)
        facts = FunctionFacts(
            node=node,
            qualname=scope.prefix + node.name,
            public=scope.public and not scope.nested and is_public_name(node.name),
            nested=scope.function is not None or scope.nested,
            owner=scope.owner,
            decorators=decorators,
            docstring=docstring_node(node.body),
        )
        if "overload" in decorators:
            self.stub_names.add(node.name)
            self.overloaded.setdefault(self.block_of(node), set()).add(node.name)
        elif node.name in self.stub_names:
            stubs = self.overloaded.get(self.block_of(node), ())
            facts.overload_impl = node.name in stubs
        if (
            scope.owner is not None
            and node.name == "__init__"
            and not facts.is_overload
        ):
            scope.owner.init = facts
        self.functions.append(facts)
        self.scopes[id(node)] = _Scope(
            function=facts, prefix=facts.qualname + ".", public=False, nested=True
        )

    def klass(self, node: ast.ClassDef, scope: _Scope) -> None:
        nested = scope.function is not None or scope.nested
        facts = ClassFacts(
            node=node,
            qualname=scope.prefix + node.name,
            public=scope.public and not nested and not node.name.startswith("_"),
            nested=nested,
            owner=scope.owner,
            docstring=docstring_node(node.body),
        )
        self.classes.append(facts)
        self.scopes[id(node)] = _Scope(
            owner=facts, prefix=facts.qualname + ".", public=facts.public, nested=nested
        )

    def block_of(self, node: ast.stmt) -> tuple[int, str]:
        """Return which block holds a statement: its parent and the field."""
        parent = self.index.parent(node)
        for name in _BLOCK_FIELDS:
            if any(statement is node for statement in getattr(parent, name, ())):
                return id(parent), name
        return id(parent), ""

    def function_of(self, node: ast.AST) -> FunctionFacts | None:
        """Return the facts of the function whose own code holds a statement."""
        around = self.index.enclosing(node, _DEFINITION_NODES)
        if around is None:
            return None
        return self.scopes[id(around)].function

    def effects(self) -> None:
        """Note what each function returns, raises and yields itself."""
        index = self.index
        for statement in index.of_type(ast.Return):
            value = statement.value
            if value is None or (
                isinstance(value, ast.Constant) and value.value is None
            ):
                continue
            function = self.function_of(statement)
            if function is not None:
                function.returns_value = True
        for raised in index.of_type(ast.Raise):
            name = _raised_name(raised)
            if name is None:
                continue
            function = self.function_of(raised)
            if function is None or any(
                name in names or CATCH_ALL in names for names in self.caught(raised)
            ):
                continue
            function.raises.append(RaisedError(name, raised))
        if index.has(ast.Yield) or index.has(ast.YieldFrom):
            self.generators()

    def caught(self, node: ast.stmt) -> list[frozenset[str]]:
        """Return what the ``try`` blocks around a statement catch.

        Only ``try`` bodies inside the statement's own function count: a
        handler, ``else`` or ``finally`` block is not protected by its own
        handlers.
        """
        found: list[frozenset[str]] = []
        below: ast.AST = node
        for above in self.index.ancestors(node):
            if isinstance(above, _DEFINITION_NODES):
                break
            if isinstance(above, _TRY_NODES) and any(
                statement is below for statement in above.body
            ):
                found.append(frozenset(_caught_names(above.handlers)))
            below = above
        return found

    def generators(self) -> None:
        """Mark the functions whose own statements hold a ``yield``.

        As the statement walk did: a ``yield`` counts in the statement
        around it (not inside a lambda, a nested definition's decorators
        or signature, or a class body), when the lines of that statement's
        header mention ``yield``.
        """
        yield_lines = _lines_mentioning(self.source.text, "yield")
        index = self.index
        for node in [*index.of_type(ast.Yield), *index.of_type(ast.YieldFrom)]:
            statement = index.enclosing(node, _YIELD_HOLDERS)
            if not isinstance(statement, ast.stmt):
                continue  # in a lambda (or, invalid, outside any statement)
            if isinstance(statement, _DEFINITION_NODES):
                continue  # in a decorator, a default or an annotation
            function = self.function_of(statement)
            if function is None or function.is_generator:
                continue
            first = statement.lineno
            body = getattr(statement, "body", None)
            if isinstance(body, list) and body:
                last = body[0].lineno - 1
            else:
                last = getattr(statement, "end_lineno", None) or first
            function.is_generator = _mentions(yield_lines, first, last)


def _position(node: ast.stmt) -> tuple[int, int]:
    return node.lineno, node.col_offset


def _mentions(lines: list[int], first: int, last: int) -> bool:
    """Return whether one of the ascending ``lines`` is in ``first..last``."""
    index = bisect.bisect_left(lines, first)
    return index < len(lines) and lines[index] <= last


def _lines_mentioning(text: str, word: str) -> list[int]:
    """Return the 1-based lines that contain ``word``, ascending.

    Lines end at ``\r\n``, ``\r`` and ``\n``, as in :attr:`SourceFile.lines`.
    """
    index = text.find(word)
    if index < 0:
        return []
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        index = text.find(word)
    found: list[int] = []
    line, position = 1, 0
    while index >= 0:
        line += text.count("\n", position, index)
        position = index
        if not found or found[-1] != line:
            found.append(line)
        index = text.find(word, index + len(word))
    return found


def _raised_name(statement: ast.Raise) -> str | None:
    """Return the class name a ``raise`` names, None for ``raise`` or a variable."""
    exc = statement.exc
    if exc is None:
        return None
    target = exc.func if isinstance(exc, ast.Call) else exc
    dotted = dotted_name(target)
    if dotted is None:
        return None
    name = dotted.rpartition(".")[2]
    if not name[:1].isupper():
        return None  # ``raise error``: a variable, usually a caught exception
    return name


def _caught_names(handlers: list[ast.ExceptHandler]) -> list[str]:
    names: list[str] = []
    for handler in handlers:
        kinds = handler.type
        targets = kinds.elts if isinstance(kinds, ast.Tuple) else [kinds]
        for target in targets:
            dotted = dotted_name(target) if target is not None else None
            name = dotted.rpartition(".")[2] if dotted else CATCH_ALL
            names.append(CATCH_ALL if name in ("Exception", "BaseException") else name)
    return names


def _decorator_names(node: FunctionNode) -> frozenset[str]:
    if not node.decorator_list:
        return _NO_DECORATORS
    names: set[str] = set()
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        dotted = dotted_name(target)
        if dotted:
            names.add(dotted)
            names.add(dotted.rpartition(".")[2])
    return frozenset(names)
