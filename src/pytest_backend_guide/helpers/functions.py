"""Facts about the functions and classes of a module, gathered in one walk.

The docstring and type-hint families both ask the same questions of a
function: is it public, what are its parameters, does it return a value, is
it a generator, what does it raise, how is it decorated. :func:`module_facts`
answers them for every function and class of a file in a single pass over
the statements and caches the answer on the parsed file, so that the two
families share one walk.
"""

from __future__ import annotations

import ast
import bisect
import re
import weakref
from collections.abc import Iterator
from typing import NamedTuple, cast

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
_FUNCTION_NODES = (ast.FunctionDef, ast.AsyncFunctionDef)
_COMPOUND_NODES = (
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.With,
    ast.AsyncWith,
    *_TRY_NODES,
    getattr(ast, "Match", ast.If),
)
_MATCH_NODE = getattr(ast, "Match", ())
_YIELD_NODES = (ast.Yield, ast.YieldFrom)
_NOT_SEARCHED = (ast.Lambda, ast.stmt)
_NO_DECORATORS: frozenset[str] = frozenset()
_CACHE: weakref.WeakKeyDictionary[SourceFile, ModuleFacts] = weakref.WeakKeyDictionary()

# What the walk does with a statement, by the statement's type.
_FUNCTION = "function"
_CLASS = "class"
_TRY = "try"
_COMPOUND = "compound"  # with the blocks in _BLOCKS
_MATCH = "match"
_EFFECT = "effect"  # ``return`` or ``raise``
_SIMPLE = "simple"
_KINDS: dict[type, str] = {}
_BLOCKS: dict[type, tuple[str, ...]] = {}


class _Scope(NamedTuple):
    function: FunctionFacts | None = None
    owner: ClassFacts | None = None
    prefix: str = ""
    public: bool = True
    nested: bool = False
    caught: tuple[frozenset[str], ...] = ()
    may_yield: bool = False


def module_facts(source: SourceFile) -> ModuleFacts:
    """Return the facts of a parsed file, walking it on the first call only.

    Args:
        source: The parsed file.

    Returns:
        Its module docstring, functions and classes.
    """
    facts = _CACHE.get(source)
    if facts is None:
        facts = _Walker(source).run()
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


class _Walker:
    """Collects facts over the statements of a module, once.

    Without Python recursion: a method returns the nested blocks instead of
    walking them, and :meth:`walk` walks each in full before resuming the
    block around it, so facts are gathered in the order a recursive walk
    would gather them, however deep the blocks nest (a 2,000-branch
    ``elif``).
    """

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.functions: list[FunctionFacts] = []
        self.classes: list[ClassFacts] = []
        self.yield_lines = _lines_mentioning(source.text, "yield")

    def run(self) -> ModuleFacts:
        tree = self.source.tree
        self.walk(tree.body, _Scope())
        empty = not tree.body
        return ModuleFacts(
            docstring_node(tree.body), empty, self.functions, self.classes
        )

    def walk(self, body: list[ast.stmt], scope: _Scope) -> None:
        # Each entry: a block being walked, its scope and the names of its
        # @overload stubs. A nested block goes on top and is walked in full
        # before the block below resumes where it stopped.
        pending: list[tuple[Iterator[ast.stmt], _Scope, set[str]]]
        pending = [(iter(body), scope, set())]
        while pending:
            statements, scope, overloaded = pending[-1]
            for statement in statements:
                kind = _KINDS.get(type(statement)) or _kind_of(type(statement))
                if kind is _FUNCTION:
                    node = cast(FunctionNode, statement)
                    inner, inner_scope = self.function(node, scope, overloaded)
                    pending.append((iter(inner), inner_scope, set()))
                    break
                if kind is _CLASS:
                    klass = cast(ast.ClassDef, statement)
                    inner, inner_scope = self.klass(klass, scope)
                    pending.append((iter(inner), inner_scope, set()))
                    break
                if kind is not _SIMPLE or scope.may_yield:
                    blocks = self.statement(statement, scope, kind)
                    if blocks:  # the first block on top, walked first
                        for inner, inner_scope in reversed(blocks):
                            pending.append((iter(inner), inner_scope, set()))
                        break
            else:
                pending.pop()

    def statement(
        self, statement: ast.stmt, scope: _Scope, kind: str
    ) -> list[tuple[list[ast.stmt], _Scope]]:
        function = scope.function
        if function is not None:
            if kind is _EFFECT:
                _note_effects(function, statement, scope)
            if scope.may_yield and not function.is_generator:
                function.is_generator = self._yields(statement)
        if kind is _TRY:
            return self.try_block(cast(ast.Try, statement), scope)
        if kind is _COMPOUND:
            return [
                (children, scope)
                for name in _BLOCKS[type(statement)]
                if (children := getattr(statement, name))
            ]
        if kind is _MATCH:
            return [(case.body, scope) for case in cast(ast.Match, statement).cases]
        return []

    def try_block(
        self, statement: ast.Try, scope: _Scope
    ) -> list[tuple[list[ast.stmt], _Scope]]:
        caught = frozenset(_caught_names(statement.handlers))
        blocks = [(statement.body, scope._replace(caught=(*scope.caught, caught)))]
        blocks += [(handler.body, scope) for handler in statement.handlers]
        blocks += [(statement.orelse, scope), (statement.finalbody, scope)]
        return blocks

    def function(
        self, node: FunctionNode, scope: _Scope, overloaded: set[str]
    ) -> tuple[list[ast.stmt], _Scope]:
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
            overloaded.add(node.name)
        elif node.name in overloaded:
            facts.overload_impl = True
        if (
            scope.owner is not None
            and node.name == "__init__"
            and not facts.is_overload
        ):
            scope.owner.init = facts
        self.functions.append(facts)
        end = getattr(node, "end_lineno", None) or node.lineno
        inner = _Scope(
            function=facts,
            prefix=facts.qualname + ".",
            public=False,
            nested=True,
            may_yield=self._mentions_yield(node.lineno, end),
        )
        return node.body, inner

    def klass(
        self, node: ast.ClassDef, scope: _Scope
    ) -> tuple[list[ast.stmt], _Scope]:
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
        inner = _Scope(
            owner=facts, prefix=facts.qualname + ".", public=facts.public, nested=nested
        )
        return node.body, inner

    def _yields(self, statement: ast.stmt) -> bool:
        first = statement.lineno
        body = getattr(statement, "body", None)
        if isinstance(body, list) and body:
            last = body[0].lineno - 1
        else:
            last = getattr(statement, "end_lineno", None) or first
        return self._mentions_yield(first, last) and _has_yield(statement)

    def _mentions_yield(self, first: int, last: int) -> bool:
        if not self.yield_lines:
            return False
        index = bisect.bisect_left(self.yield_lines, first)
        return index < len(self.yield_lines) and self.yield_lines[index] <= last


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


def _kind_of(node_type: type) -> str:
    """Return (and remember) what the walk does with statements of a type."""
    if issubclass(node_type, _FUNCTION_NODES):
        kind = _FUNCTION
    elif issubclass(node_type, ast.ClassDef):
        kind = _CLASS
    elif issubclass(node_type, ast.Return | ast.Raise):
        kind = _EFFECT
    elif issubclass(node_type, _TRY_NODES):
        kind = _TRY
    elif issubclass(node_type, _MATCH_NODE):
        kind = _MATCH
    elif issubclass(node_type, _COMPOUND_NODES):
        kind = _COMPOUND
        fields = node_type._fields
        _BLOCKS[node_type] = tuple(name for name in _BLOCK_FIELDS if name in fields)
    else:
        kind = _SIMPLE
    _KINDS[node_type] = kind
    return kind


def _note_effects(function: FunctionFacts, statement: ast.stmt, scope: _Scope) -> None:
    if isinstance(statement, ast.Return):
        value = statement.value
        if value is not None and not (
            isinstance(value, ast.Constant) and value.value is None
        ):
            function.returns_value = True
    elif isinstance(statement, ast.Raise):
        raised = _raised_error(statement, scope.caught)
        if raised is not None:
            function.raises.append(raised)


def _raised_error(
    statement: ast.Raise, caught: tuple[frozenset[str], ...]
) -> RaisedError | None:
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
    if any(name in names or CATCH_ALL in names for names in caught):
        return None
    return RaisedError(name, statement)


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


def _has_yield(statement: ast.stmt) -> bool:
    stack: list[object] = [
        value for name, value in ast.iter_fields(statement) if name not in _BLOCK_FIELDS
    ]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, _YIELD_NODES):
            return True
        elif isinstance(item, ast.AST) and not isinstance(item, _NOT_SEARCHED):
            stack.extend(value for _, value in ast.iter_fields(item))
    return False
