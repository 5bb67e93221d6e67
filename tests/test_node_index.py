"""The shared node index: one walk per file, the same nodes as ``ast.walk``."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from pytest_backend_guide import NodeIndex, SourceFile, walk_statements
from pytest_backend_guide.deep import with_deep_stack

MODULE = '''\
import os
from typing import Any as A


class Shop:
    """A shop."""

    def buy(self, item: str, count: int = 1) -> None:
        total = price(item) * count
        for line in lines(total):
            print(line, key=lambda value: len(value))

    async def pay(self) -> None:
        try:
            await charge()
        except ValueError:
            pass


def helper(x):
    match x:
        case [first, *_]:
            return first
    return os.getcwd()
'''
CONTEXTS = (ast.Load, ast.Store, ast.Del)


def _walked(tree: ast.AST) -> list[ast.AST]:
    return [node for node in ast.walk(tree) if not isinstance(node, CONTEXTS)]


def test_index_holds_every_node_of_ast_walk_once_without_the_context_markers() -> None:
    tree = ast.parse(MODULE)
    index = NodeIndex(tree)
    assert index.nodes[0] is tree
    assert sorted(map(id, index.nodes)) == sorted(map(id, _walked(tree)))
    assert len(set(map(id, index.nodes))) == len(index.nodes)


def test_fields_with_names_or_gaps_give_only_their_nodes() -> None:
    # ``**rest`` leaves a None among a dict's keys, a keyword-only parameter
    # without default a None among the defaults; ``global``, ``nonlocal``
    # and a class pattern's keywords list names, not nodes.
    code = (
        "def f(a, *, b, c=1):\n"
        "    global counter\n"
        "    x: int = {**a, 'k': b}\n"
        "    def g():\n"
        "        nonlocal x\n"
        "    match a:\n"
        "        case Point(x=0, y=ys):\n"
        "            pass\n"
    )
    tree = ast.parse(code)
    index = NodeIndex(tree)
    assert [id(node) for node in index.nodes] == [
        id(node) for node in _preorder(tree)
    ]
    assert len(index.of_type(ast.Constant)) == 3


def _preorder(tree: ast.AST) -> list[ast.AST]:
    found: list[ast.AST] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        found.append(node)
        children = [
            child
            for child in ast.iter_child_nodes(node)
            if not isinstance(child, CONTEXTS)
        ]
        stack.extend(reversed(children))
    return found


def test_nodes_come_in_source_order_parents_before_children() -> None:
    tree = ast.parse("f(g(1), h(2))\nk()\n")
    calls = NodeIndex(tree).of_type(ast.Call)
    assert [ast.unparse(call.func) for call in calls] == ["f", "g", "h", "k"]


def test_of_type_gives_exact_classes_in_source_order_and_a_fresh_list() -> None:
    tree = ast.parse(MODULE)
    index = NodeIndex(tree)
    functions = index.of_type(ast.FunctionDef, ast.AsyncFunctionDef)
    assert [f.name for f in functions] == ["buy", "pay", "helper"]
    assert [f.name for f in index.of_type(ast.AsyncFunctionDef)] == ["pay"]
    assert index.of_type(ast.stmt) == []  # an abstract class matches nothing
    assert index.of_type(ast.While, ast.With) == []
    index.of_type(ast.Call).clear()
    assert len(index.of_type(ast.Call)) == 6
    assert index.has(ast.Lambda) and not index.has(ast.While)


def test_parent_ancestors_and_enclosing_function() -> None:
    tree = ast.parse(MODULE)
    index = NodeIndex(tree)
    (lambda_node,) = index.of_type(ast.Lambda)
    (print_call,) = [
        c for c in index.of_type(ast.Call) if ast.unparse(c.func) == "print"
    ]
    assert index.parent(lambda_node) is not None
    assert isinstance(index.parent(lambda_node), ast.keyword)
    assert index.parent(tree) is None
    functions = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
    buy = index.enclosing(print_call, functions)
    assert isinstance(buy, ast.FunctionDef) and buy.name == "buy"
    len_call = next(
        c for c in index.of_type(ast.Call) if ast.unparse(c.func) == "len"
    )
    assert index.enclosing(len_call, functions) is lambda_node
    assert list(index.ancestors(print_call))[-1] is tree
    assert index.enclosing(tree.body[0], functions) is None


def test_statements_are_walk_statements_order_of_ast_walk() -> None:
    tree = ast.parse(MODULE)
    holders = (ast.stmt, ast.excepthandler, ast.match_case)
    expected = [tree, *(n for n in ast.walk(tree) if isinstance(n, holders))]
    assert NodeIndex(tree).statements() == expected
    assert list(walk_statements(tree)) == expected


def test_statements_match_ast_walk_on_the_standard_library_sample() -> None:
    holders = (ast.stmt, ast.excepthandler, ast.match_case)
    folder = Path(ast.__file__).parent
    for path in sorted(folder.glob("*.py"))[:60]:
        tree = ast.parse(path.read_bytes())
        expected = [tree, *(n for n in ast.walk(tree) if isinstance(n, holders))]
        assert NodeIndex(tree).statements() == expected, path


def test_one_index_per_file_shared_through_the_source_and_of() -> None:
    source = SourceFile("app/shop.py", MODULE)
    index = source.nodes
    assert source.nodes is index
    assert NodeIndex.of(source.tree) is index
    other = ast.parse("x = 1\n")
    assert NodeIndex.of(other) is not index
    assert NodeIndex.of(other) is NodeIndex.of(other)


@pytest.mark.parametrize("depth", [1_000, 3_000])
def test_deep_trees_are_indexed_without_recursion(depth: int) -> None:
    # A chain of calls far deeper than a recursive walk could follow.
    text = "x = a" + "".join(f".m{n}()" for n in range(depth)) + "\n"
    tree = with_deep_stack(lambda: ast.parse(text), "parse")  # ast's own recursion
    assert sys.getrecursionlimit() < depth * 2  # too deep for a recursive walk
    index = NodeIndex(tree)  # at the default limit
    calls = index.of_type(ast.Call)
    assert len(calls) == depth
    assert len(list(index.ancestors(calls[-1]))) >= depth * 2
    assert len(index.statements()) == 2


@pytest.mark.skipif(sys.version_info < (3, 12), reason="type aliases are 3.12+")
def test_type_alias_names_and_type_parameters_are_nodes() -> None:
    tree = ast.parse("type Pair[T] = tuple[T, T]\n")
    index = NodeIndex(tree)
    assert sorted(map(id, index.nodes)) == sorted(map(id, _walked(tree)))
    assert [name.id for name in index.of_type(ast.Name)] == ["Pair", "tuple", "T", "T"]
