"""Every node of a syntax tree, gathered in one walk that families share.

A file's tree used to be walked by each family that looked at it (names,
security, routes, clients...): on Django that was about two million
``ast.iter_child_nodes`` calls per cold run. :class:`NodeIndex` walks it
once, without recursion (a tree thousands of levels deep is fine), and
keeps the nodes by type and each node's parent; a family reads the lists
it needs. ``SourceFile.nodes`` builds it on first use, once per file.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import TypeVar

NodeT = TypeVar("NodeT", bound=ast.AST)

STATEMENT_HOLDERS = (ast.stmt, ast.excepthandler, ast.match_case)
"""Nodes that hold statements: every node above a statement is one of these."""
_LAST: list[NodeIndex] = []
_NOT_NODES = frozenset(
    {"id", "ctx", "attr", "arg", "name", "asname", "module", "level", "kind"}
    | {"type_comment", "is_async", "conversion", "tag", "simple"}
)
"""Fields that hold a string, a number or a marker in every node class
(but ``TypeAlias.name``, a ``Name`` node: see :func:`_node_fields`)."""
_NOT_NODE_LISTS = frozenset(
    {("Global", "names"), ("Nonlocal", "names"), ("MatchClass", "kwd_attrs")}
)
"""List fields that hold names (strings), not nodes."""
_GAPPY_LISTS = frozenset({("Dict", "keys"), ("arguments", "kw_defaults")})
"""List fields of nodes that may hold ``None`` (``**rest``, no default)."""
_NODE_FIELDS: dict[type[ast.AST], tuple[tuple[str, bool], ...]] = {}


class NodeIndex:
    """The nodes of one tree in source order, by type, with their parents.

    "Source order" is ``ast``'s depth-first pre-order: a node comes before
    its children, and children in the order of their fields (a call's
    function before its arguments). The ``Load``/``Store``/``Del`` markers
    are not nodes here (read ``node.ctx``).

    Attributes:
        tree: The tree walked.
        nodes: Every node, in source order, the tree first.
    """

    __slots__ = ("_by_type", "_parents", "_statements", "nodes", "tree")

    def __init__(self, tree: ast.AST) -> None:
        """Walk a tree once.

        Args:
            tree: A module (or any node).
        """
        self.tree = tree
        nodes: list[ast.AST] = []
        by_type: dict[type[ast.AST], list[ast.AST]] = {}
        parents: dict[int, ast.AST] = {}
        stack: list[ast.AST] = [tree]
        pop, keep, push = stack.pop, nodes.append, stack.extend
        while stack:  # a loop, not recursion: deep trees are fine
            node = pop()
            keep(node)
            kind = node.__class__
            same = by_type.get(kind)
            if same is None:
                by_type[kind] = [node]
            else:
                same.append(node)
            fields = _NODE_FIELDS.get(kind)
            if fields is None:
                fields = _node_fields(kind)
            if not fields:
                continue  # a name, a constant, an operator...
            children: list[ast.AST] = []
            for name, gappy in fields:
                value = getattr(node, name, None)
                if value is None:
                    continue
                if value.__class__ is list:
                    if gappy:
                        children += [item for item in value if item is not None]
                    else:
                        children += value  # a list of nodes, by the grammar
                elif isinstance(value, ast.AST):
                    children.append(value)
            if children:
                for child in children:
                    parents[id(child)] = node
                children.reverse()
                push(children)
        self.nodes = nodes
        self._by_type = by_type
        self._parents = parents
        self._statements: list[ast.AST] | None = None

    @classmethod
    def of(cls, tree: ast.AST) -> NodeIndex:
        """Return a tree's index, walking it only if it is not the last one's.

        Helpers that get a tree rather than a ``SourceFile`` (such as
        ``walk_statements``) share the file's index this way: the index of
        the last tree asked for is kept until another tree is.

        Args:
            tree: A module (or any node).

        Returns:
            Its index.
        """
        if _LAST and _LAST[0].tree is tree:
            return _LAST[0]
        index = cls(tree)
        _LAST[:] = [index]
        return index

    def statements(self) -> list[ast.AST]:
        """Return the tree, then its statements, except clauses and match cases.

        In ``ast.walk``'s order (breadth first), as ``walk_statements``
        gives them: level by level, each level in source order.

        Returns:
            The list (shared: do not change it).
        """
        if self._statements is None:
            self._statements = self._level_order()
        return self._statements

    def _level_order(self) -> list[ast.AST]:
        depth = {id(self.tree): 0}
        found: list[tuple[int, ast.AST]] = []
        parents = self._parents
        for node in self.nodes:
            if isinstance(node, STATEMENT_HOLDERS):
                # A statement's parent is the tree or another holder.
                level = depth[id(parents[id(node)])] + 1
                depth[id(node)] = level
                found.append((level, node))
        found.sort(key=_level)  # stable: source order within a level
        return [self.tree, *(node for _, node in found)]

    def of_type(self, *types: type[NodeT]) -> list[NodeT]:
        """Return the nodes of exactly these classes, in source order.

        Subclasses are not included: ask for ``ast.FunctionDef`` and
        ``ast.AsyncFunctionDef``, not for ``ast.stmt``.

        Args:
            *types: Concrete node classes.

        Returns:
            A new list (the caller may change it).
        """
        if len(types) == 1:
            return list(self._by_type.get(types[0], ()))  # type: ignore[arg-type]
        if not any(kind in self._by_type for kind in types):
            return []
        wanted = frozenset(types)
        return [node for node in self.nodes if node.__class__ in wanted]

    def has(self, kind: type[ast.AST]) -> bool:
        """Tell whether the tree holds a node of exactly this class.

        Args:
            kind: A concrete node class.

        Returns:
            True when there is at least one.
        """
        return kind in self._by_type

    def parent(self, node: ast.AST) -> ast.AST | None:
        """Return the node directly above a node, None for the tree itself.

        Args:
            node: A node of this tree.

        Returns:
            Its parent.
        """
        return self._parents.get(id(node))

    def ancestors(self, node: ast.AST) -> Iterator[ast.AST]:
        """Yield the nodes above a node, nearest first, up to the tree.

        Args:
            node: A node of this tree.

        Yields:
            Its parent, the parent's parent, and so on.
        """
        above = self._parents.get(id(node))
        while above is not None:
            yield above
            above = self._parents.get(id(above))

    def depth(self, node: ast.AST) -> int:
        """Return how many nodes are above a node (0 for the tree itself).

        Sorting nodes taken in source order by their depth (a stable sort)
        gives them in ``ast.walk``'s order, level by level.

        Args:
            node: A node of this tree.

        Returns:
            The number of its ancestors.
        """
        return sum(1 for _ in self.ancestors(node))

    def enclosing(
        self, node: ast.AST, types: tuple[type[ast.AST], ...]
    ) -> ast.AST | None:
        """Return the nearest node above a node that is one of some types.

        Args:
            node: A node of this tree.
            types: The classes looked for (``isinstance``), e.g. functions.

        Returns:
            That node, or None when no node above is one.
        """
        parents = self._parents
        above = parents.get(id(node))
        while above is not None:  # ancestors() inlined: called for many nodes
            if isinstance(above, types):
                return above
            above = parents.get(id(above))
        return None


def _level(item: tuple[int, ast.AST]) -> int:
    return item[0]


def _node_fields(kind: type[ast.AST]) -> tuple[tuple[str, bool], ...]:
    """Return (and remember) the fields of a node class that may hold nodes.

    Each comes with whether it is a list that may hold ``None`` among its
    nodes; every other list field holds only nodes (the grammar says so),
    and is taken whole.
    """
    if kind is ast.Constant or kind.__name__ == "MatchSingleton":
        fields: tuple[tuple[str, bool], ...] = ()  # the value is a Python constant
    else:
        kept = {"name"} if kind.__name__ == "TypeAlias" else set()
        fields = tuple(
            (name, (kind.__name__, name) in _GAPPY_LISTS)
            for name in kind._fields
            if (name not in _NOT_NODES or name in kept)
            and (kind.__name__, name) not in _NOT_NODE_LISTS
        )
    _NODE_FIELDS[kind] = fields
    return fields
