"""The statement walk under the NAME visitor: blocks, branches, positions.

Statements are walked one by one. Expressions are entered only where their
lines may bind a name (see :meth:`BlockWalker.may_bind`): most of a
module's nodes are expressions that bind nothing.

The walk uses no Python recursion, so that any tree ``ast.parse`` accepts
(a 2,000-branch ``elif``, a call chain of thousands of links) is walked
within the default recursion limit. A ``visit_*`` method does not visit a
child itself: it yields the child, and :meth:`BlockWalker.walk` visits it
(and everything under it) before resuming the method, exactly where a
recursive call would have returned. A method with no child to visit
returns ``None`` instead of a generator, which is cheaper.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Sequence
from typing import Any, ClassVar, TypeAlias

from pytest_backend_guide import FileContext
from pytest_backend_guide.checks.naming.bindings import Definition, Scope
from pytest_backend_guide.checks.naming.positions import binder_lines
from pytest_backend_guide.checks.naming.vocabulary import (
    AS_KEYWORD,
    BLOCK_FIELDS,
    DEFINITION_KEYWORD,
    SKIPPED_FIELDS,
)


Visit: TypeAlias = Iterator[ast.AST] | None
"""What a ``visit_*`` method returns: the children to visit next, if any."""


class BlockWalker:
    """Walk the statements of one module in scopes and module-level branches.

    A subclass binds names: it defines the ``visit_*`` methods of the
    statements that bind, and its own ``handlers`` table.

    Attributes:
        handlers: How each node type is visited, filled in on first sight.
    """

    handlers: ClassVar[dict[type, Callable[[Any, Any], Visit]]] = {}

    def __init__(self, ctx: FileContext) -> None:
        """Prepare a walk of ``ctx``'s tree, in its module scope.

        Args:
            ctx: The file.
        """
        self.ctx = ctx
        self.scope = Scope("module")
        self.outer: list[Scope] = []
        self.branch: list[tuple[int, str]] = []
        source = ctx.source
        self.binders = binder_lines(source.text, len(source.lines))

    @classmethod
    def handler(cls, node_type: type) -> Callable[[Any, Any], Visit]:
        """Find and cache how this walker visits nodes of one type.

        Statements without a method of their own and without a block are
        visited only where they may bind a name.

        Args:
            node_type: A node class.

        Returns:
            The unbound ``visit_*`` method.
        """
        handler = getattr(cls, f"visit_{node_type.__name__}", None)
        if handler is None:
            simple = issubclass(node_type, ast.stmt) and BLOCK_FIELDS.isdisjoint(
                node_type._fields
            )
            handler = cls.visit_simple if simple else cls.generic_visit
        cls.handlers[node_type] = handler
        return handler

    def enter(self, scope: Scope) -> None:
        """Make a new scope the innermost one.

        Args:
            scope: The scope of a class or function body.
        """
        self.outer.append(self.scope)
        self.scope = scope

    def leave(self) -> None:
        """Return to the scope around the innermost one."""
        self.scope = self.outer.pop()

    # Walking ---------------------------------------------------------

    def walk(self, node: ast.AST) -> None:
        """Visit a node and everything under it, without Python recursion.

        Each visited node's method runs until it yields a child; the child
        is visited in full (its own method on top of the stack) before the
        method resumes.

        Args:
            node: Usually the module.
        """
        handlers = self.handlers
        first = (handlers.get(type(node)) or self.handler(type(node)))(self, node)
        pending: list[Iterator[ast.AST]] = [] if first is None else [first]
        while pending:
            for child in pending[-1]:  # resumes the top method where it was
                handler = handlers.get(type(child)) or self.handler(type(child))
                children = handler(self, child)
                if children is not None:
                    pending.append(children)
                    break
            else:
                pending.pop()

    def visit_Module(self, node: ast.Module) -> Visit:
        """Visit the statements of the module."""
        return iter(node.body)

    def visit_simple(self, node: ast.stmt) -> Visit:
        """Visit a statement that holds no block, if it may bind a name.

        Args:
            node: An expression statement, ``return``, ``raise``...

        Returns:
            Its children, when it may bind a name.
        """
        first = node.lineno  # may_bind, inlined: most statements are simple
        last = node.end_lineno or first
        if first == last:
            binds = self.binders[first] == 1
        else:
            binds = self.binders.find(1, first, last + 1) >= 0
        return self.generic_visit(node) if binds else None

    def visit_expression(self, node: ast.expr | ast.keyword) -> Iterator[ast.AST]:
        """Visit an expression of a statement, if it may bind a name.

        Args:
            node: An expression or a keyword argument.

        Yields:
            The node, when it may bind a name.
        """
        if self.may_bind(node):
            yield node

    def may_bind(self, node: ast.expr | ast.stmt | ast.keyword) -> bool:
        """Return whether a node's lines hold ``for``, ``lambda`` or ``:=``.

        Only comprehensions, lambdas and assignment expressions bind names
        inside an expression, and each needs its keyword or operator.

        Args:
            node: A node with a position.

        Returns:
            False when the node surely binds nothing.
        """
        first = node.lineno
        last = node.end_lineno or first
        if first == last:
            return self.binders[first] == 1
        return self.binders.find(1, first, last + 1) >= 0

    def header_may_bind(self, node: Definition) -> bool:
        """Return whether a definition's decorators or signature may bind a name.

        Args:
            node: A function or class definition.

        Returns:
            False when the lines up to its body's first line surely bind nothing.
        """
        first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
        return self.binders.find(1, first, node.body[0].lineno + 1) >= 0

    def generic_visit(self, node: ast.AST) -> Iterator[ast.AST]:
        """Visit the children of a node, skipping fields that hold no names.

        Args:
            node: Any node.

        Yields:
            Each child, in field order.
        """
        for name in node._fields:
            if name in SKIPPED_FIELDS:
                continue
            value = getattr(node, name, None)
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        yield item
            elif isinstance(value, ast.AST):
                yield value

    def visit_Name(self, node: ast.Name) -> Visit:
        """Skip a name that is read: bindings are handled by statements."""
        return None

    def visit_Constant(self, node: ast.Constant) -> Visit:
        """Skip a constant: it binds nothing."""
        return None

    def visit_body(
        self, statements: Sequence[ast.AST], node: ast.stmt, block: str
    ) -> Iterator[ast.AST]:
        """Visit a block, noting its branch when it is at module level.

        Args:
            statements: The block.
            node: The compound statement.
            block: The block's name in the statement (``body``, ``except0``).

        Yields:
            Each statement of the block.
        """
        if self.scope.kind != "module":
            yield from statements
            return
        self.branch.append((id(node), block))
        yield from statements
        self.branch.pop()

    def visit_If(self, node: ast.If) -> Iterator[ast.AST]:
        """Visit an ``if``, keeping its two branches apart at module level.

        Returns:
            The test (if it may bind) and the statements of both branches.
        """
        if self.scope.kind != "module":  # no branches to note: one flat list
            parts: list[ast.AST] = [node.test] if self.may_bind(node.test) else []
            parts += node.body
            parts += node.orelse
            return iter(parts)
        return self.visit_module_if(node)

    def visit_module_if(self, node: ast.If) -> Iterator[ast.AST]:
        """Visit a module-level ``if``, noting which branch each binding is in.

        Args:
            node: The statement.

        Yields:
            The test (if it may bind) and the statements of both branches.
        """
        yield from self.visit_expression(node.test)
        yield from self.visit_body(node.body, node, "body")
        if node.orelse:
            yield from self.visit_body(node.orelse, node, "else")

    def visit_Try(self, node: ast.Try) -> Iterator[ast.AST]:
        """Visit a ``try``, keeping each handler apart from the body."""
        yield from self.visit_body(node.body + node.orelse, node, "try")
        for index, handler in enumerate(node.handlers):
            yield from self.visit_body([handler], node, f"except{index}")
        yield from node.finalbody

    visit_TryStar = visit_Try  # type: ignore[assignment, unused-ignore]

    def visit_While(self, node: ast.While) -> Iterator[ast.AST]:
        """Visit a ``while`` loop; its body is a branch of its own."""
        yield from self.visit_expression(node.test)
        yield from self.visit_body(node.body, node, "loop")
        if node.orelse:
            yield from self.visit_body(node.orelse, node, "else")

    def visit_Match(self, node: ast.Match) -> Iterator[ast.AST]:
        """Visit a ``match``; each case is a branch of its own."""
        yield from self.visit_expression(node.subject)
        for index, case in enumerate(node.cases):
            yield from self.visit_body([case], node, f"case{index}")

    # Positions -------------------------------------------------------

    def column(self, line: int, byte_offset: int) -> int:
        """Return the 1-based character column of an ``ast`` byte offset.

        Args:
            line: 1-based line.
            byte_offset: 0-based UTF-8 offset.

        Returns:
            The column.
        """
        return self.ctx.source.char_column(line, byte_offset)

    def definition_column(self, node: Definition) -> int:
        """Return the column of the name after ``def`` or ``class``.

        Args:
            node: A function or class definition.

        Returns:
            The 1-based column of the name, or of the keyword as a fallback.
        """
        line = node.lineno
        start = self.column(line, node.col_offset) - 1
        text = self.ctx.source.line_text(line)
        match = DEFINITION_KEYWORD.match(text, start)
        if match and text.startswith(node.name, match.end()):
            return match.end() + 1
        return start + 1

    def column_before(self, node: ast.expr | ast.pattern, name: str) -> tuple[int, int]:
        """Return where ``name`` is when it ends a node (``*rest``, ``obj.attr``).

        Args:
            node: A node whose source ends with (or just after) the name.
            name: The name to find.

        Returns:
            The 1-based line and column of the name.
        """
        line = node.end_lineno or node.lineno
        text = self.ctx.source.line_text(line)
        end = self.column(line, node.end_col_offset or 0) - 1
        index = text.rfind(name, 0, end)
        return line, (index + 1 if index >= 0 else 1)

    def except_position(self, node: ast.ExceptHandler, name: str) -> tuple[int, int]:
        """Return where the name after ``except ... as`` is.

        Args:
            node: The handler.
            name: The bound name.

        Returns:
            The 1-based line and column.
        """
        line, start = node.lineno, self.column(node.lineno, node.col_offset) - 1
        if node.type is not None and node.type.end_lineno is not None:
            line = node.type.end_lineno
            start = self.column(line, node.type.end_col_offset or 0) - 1
        text = self.ctx.source.line_text(line)
        for match in AS_KEYWORD.finditer(text, start):
            if text.startswith(name, match.end()):
                return line, match.end() + 1
        return node.lineno, self.column(node.lineno, node.col_offset)

    # Binding statements ----------------------------------------------

