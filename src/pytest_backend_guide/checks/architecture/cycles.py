"""Import cycles: the tangled groups of modules and one shortest loop in each.

A graph can hold exponentially many cycles, so they are never enumerated.
The strongly connected components (Tarjan's algorithm, iterative, so deep
graphs cannot hit the recursion limit) are the groups of modules that all
reach each other; in each group, breadth-first searches find one shortest
loop, which is what a user can act on.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pytest_backend_guide.helpers.import_graph import Import

SEARCH_BUDGET = 200_000
SHORTEST_WITHOUT_PAIRS = 3


@dataclass(frozen=True)
class Cycle:
    """One concrete import loop and the group of modules it belongs to.

    Attributes:
        imports: The loop's imports, the first one written in the loop's
            alphabetically smallest module, each importing the next module.
        group: Every module of the strongly connected component, sorted.
    """

    imports: tuple[Import, ...]
    group: tuple[str, ...]

    @property
    def modules(self) -> tuple[str, ...]:
        """Return the loop's modules in import order."""
        return tuple(edge.importer for edge in self.imports)


def strongly_connected(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Return the strongly connected components of a directed graph.

    Iterative Tarjan: linear in nodes plus edges, no recursion.

    Args:
        graph: Successors of every node; successors that are not keys are
            ignored.

    Returns:
        Every component with more than one node, each sorted.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    successors = {
        node: [s for s in targets if s in graph] for node, targets in graph.items()
    }
    for start in sorted(graph):
        if start in index:
            continue
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        work = [(start, iter(successors[start]))]
        while work:
            node, pending = work[-1]
            advanced = False
            for successor in pending:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(successors[successor])))
                    advanced = True
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def shortest_cycle(
    component: list[str], graph: Mapping[str, Iterable[str]]
) -> list[str]:
    """Return one shortest loop inside a strongly connected component.

    A loop of two modules is looked for first (it is the shortest possible
    and the most common); otherwise a breadth-first search from each module,
    cut off at the length of the best loop so far. The searches stop after
    :data:`SEARCH_BUDGET` module visits in all, so that a huge group without
    short loops (a ring of thousands of modules) costs linear time: the loop
    is then the shortest through the modules searched from.

    Args:
        component: The component's nodes, sorted.
        graph: Successors of every node.

    Returns:
        The loop's nodes, starting at the smallest node that lies on a
        shortest loop, each importing the next and the last the first.
    """
    members = set(component)
    successors = {
        node: sorted(s for s in set(graph.get(node, ())) if s in members)
        for node in component
    }
    for node in component:
        for successor in successors[node]:
            if successor > node and node in successors[successor]:
                return [node, successor]
    best: list[str] = []
    visits = 0
    for start in component:
        if len(best) == SHORTEST_WITHOUT_PAIRS or visits > SEARCH_BUDGET:
            break
        limit = len(best) - 1 if best else None
        loop, visited = _loop_through(start, successors, limit)
        visits += visited
        if loop and (not best or len(loop) < len(best)):
            best = loop
    return best


def _loop_through(
    start: str, successors: Mapping[str, list[str]], limit: int | None
) -> tuple[list[str], int]:
    """Return a shortest loop through ``start`` of at most ``limit`` modules.

    Returns:
        The loop (empty when there is none short enough) and the number of
        modules visited.
    """
    parents: dict[str, str] = {}
    depth = {start: 0}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if limit is not None and depth[node] + 1 > limit:
            break
        for successor in successors[node]:
            if successor == start:
                path = [node]
                while path[-1] != start:
                    path.append(parents[path[-1]])
                return path[::-1], len(depth)
            if successor not in depth:
                depth[successor] = depth[node] + 1
                parents[successor] = node
                queue.append(successor)
    return [], len(depth)


def find_cycles(imports: Mapping[str, Mapping[str, Import]]) -> list[Cycle]:
    """Return one shortest loop for each group of modules that import each other.

    Args:
        imports: ``{importer: {imported: import}}``, e.g. from
            :meth:`ImportGraph.adjacency`.

    Returns:
        The cycles, shortest first, then by their modules' names.
    """
    cycles = []
    for component in strongly_connected(imports):
        loop = shortest_cycle(component, imports)
        edges = tuple(
            imports[node][loop[(position + 1) % len(loop)]]
            for position, node in enumerate(loop)
        )
        cycles.append(Cycle(edges, tuple(component)))
    cycles.sort(key=lambda cycle: (len(cycle.imports), cycle.modules))
    return cycles
