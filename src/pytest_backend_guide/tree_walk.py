"""Walk a module's statements without entering its expressions.

Most nodes of a tree are expressions; a checker that looks for functions,
classes, imports or ``except`` clauses only needs the statements, and
walking those alone is about four times cheaper than ``ast.walk``.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterator

from pytest_backend_guide.node_index import STATEMENT_HOLDERS, NodeIndex


def walk_statements(tree: ast.AST) -> Iterator[ast.AST]:
    """Yield a tree's statements, ``except`` clauses and match cases.

    Breadth first, in the order ``ast.walk`` gives them: no statement is
    inside an expression, so leaving the expressions out skips none. The
    tree itself comes first. A module's statements are read from its
    shared :class:`~pytest_backend_guide.node_index.NodeIndex` (walked once
    for every family), other nodes' by a walk of their own.

    Args:
        tree: A module (or any node).

    Yields:
        The node, then every statement-holding node under it.
    """
    if isinstance(tree, ast.Module):  # read from the file's shared node index
        yield from NodeIndex.of(tree).statements()
        return
    todo: deque[ast.AST] = deque([tree])
    while todo:
        node = todo.popleft()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, STATEMENT_HOLDERS):
                todo.append(child)
        yield node


NESTED_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
"""Nodes whose bodies run in a scope of their own, not where they stand."""


def walk_own_scope(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """Yield every node that runs as part of ``body`` itself.

    Depth first, in source order, without recursion; functions, lambdas
    and classes defined in ``body`` are left out with everything under them
    (their code runs elsewhere, or later).

    Args:
        body: The statements of a function, a handler or a module.

    Yields:
        Every node of the statements, outside nested scopes.
    """
    stack: list[ast.AST] = list(reversed(body))
    while stack:
        node = stack.pop()
        if isinstance(node, NESTED_SCOPES):
            continue
        yield node
        stack.extend(reversed(list(ast.iter_child_nodes(node))))
