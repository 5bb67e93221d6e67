"""Indirect layer violations: chains that climb the layers (``transitive``).

A module reaches a higher layer indirectly when it imports a module in no
layer which, through more such modules, imports the higher layer. One
breadth-first search per layer, backwards from its modules through the
modules in no layer, finds the shortest chain for every importer at once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pytest_backend_guide.checks.architecture.layers import (
    LAYER_VIOLATION,
    Finding,
    LayerPolicy,
)
from pytest_backend_guide.helpers.import_graph import Import, Module


def indirect_findings(
    imports: Iterable[Import], modules: Mapping[str, Module], policy: LayerPolicy
) -> list[Finding]:
    """Find chains that climb the layers through modules in no layer.

    A module reaches a higher layer indirectly when it imports a module in
    no layer which (through more such modules) imports the higher layer.
    Chains through layered modules are not reported: their own direct or
    indirect import is. One chain, the shortest, is reported per importing
    module and higher layer, at the chain's first import.

    Args:
        imports: The imports (ignored ones and direct violations included;
            those are skipped here).
        modules: The project's modules.
        policy: The package's layer policy.

    Returns:
        The findings.
    """
    search = _ChainSearch.of(imports, modules, policy)
    findings = []
    for target_layer in range(len(policy.layers)):
        hops = search.paths_to(target_layer)
        if not hops:
            continue
        for name in sorted(modules):
            own = policy.layer_of(name)
            if own is None or own <= target_layer or policy.is_entry_point(name):
                continue
            finding = search.best_chain(name, (own, target_layer), hops)
            if finding is not None:
                findings.append(finding)
    return findings


Hops = dict[str, tuple[int, Import]]


@dataclass(frozen=True)
class _ChainSearch:
    """The imports a chain may use, indexed both ways.

    Attributes:
        policy: The package's layer policy.
        modules: Names of every module, sorted.
        free: Modules in no layer, not tests, not the entry point.
        leaving: Usable imports by importer.
        entering: Usable imports by imported module.
    """

    policy: LayerPolicy
    modules: list[str]
    free: frozenset[str]
    leaving: dict[str, list[Import]]
    entering: dict[str, list[Import]]

    @classmethod
    def of(
        cls,
        imports: Iterable[Import],
        modules: Mapping[str, Module],
        policy: LayerPolicy,
    ) -> _ChainSearch:
        """Index the imports a chain may use.

        Args:
            imports: The counted imports.
            modules: The project's modules.
            policy: The package's layer policy.

        Returns:
            The search; imports of or by tests and forbidden ones are left
            out (the latter are reported directly).
        """
        free = frozenset(
            name
            for name, module in modules.items()
            if policy.layer_of(name) is None
            and not module.is_test
            and not policy.is_entry_point(name)
        )
        leaving: dict[str, list[Import]] = {}
        entering: dict[str, list[Import]] = {}
        for edge in imports:
            if modules[edge.importer].is_test or modules[edge.imported].is_test:
                continue
            if policy.forbidding(edge.importer, edge.imported) is not None:
                continue  # reported directly
            leaving.setdefault(edge.importer, []).append(edge)
            entering.setdefault(edge.imported, []).append(edge)
        return cls(policy, sorted(modules), free, leaving, entering)

    def paths_to(self, target_layer: int) -> Hops:
        """Return, for free modules that reach a layer, the distance and next hop.

        Args:
            target_layer: Index of the layer.

        Returns:
            ``{module: (distance, first import on a shortest path)}``.
        """
        hops: Hops = {}
        layer_of = self.policy.layer_of
        queue = deque(
            (name, 0) for name in self.modules if layer_of(name) == target_layer
        )
        while queue:
            name, distance = queue.popleft()
            for edge in self.entering.get(name, ()):
                importer = edge.importer
                if importer in self.free and importer not in hops:
                    hops[importer] = (distance + 1, edge)
                    queue.append((importer, distance + 1))
        return hops

    def best_chain(
        self, name: str, layers: tuple[int, int], hops: Hops
    ) -> Finding | None:
        """Return the shortest chain from ``name`` up to a layer, as a finding.

        Args:
            name: A module in a layer below the target layer.
            layers: Indexes of the module's own layer and of the target layer.
            hops: Result of :meth:`paths_to` for the target layer.

        Returns:
            The finding, or None when no chain leads there or the chain's
            two ends are allowed.
        """
        best: tuple[int, int, Import] | None = None
        for edge in self.leaving.get(name, ()):
            if edge.imported in hops:
                key = (hops[edge.imported][0], edge.line, edge)
                if best is None or key[:2] < best[:2]:
                    best = key
        if best is None:
            return None
        chain = [best[2]]
        while chain[-1].imported in self.free:
            chain.append(hops[chain[-1].imported][1])
        end = chain[-1].imported
        policy = self.policy
        if policy.allowed(name, end):
            return None
        lower, upper = policy.layers[layers[0]], policy.layers[layers[1]]
        steps = " -> ".join(f"{edge.importer} ({edge.where})" for edge in chain)
        message = f"'{lower}' may not import '{upper}' indirectly: {steps} -> {end}"
        hint = (
            f"the chain climbs from '{lower}' to '{upper}' through modules in no "
            "layer: break it at one of its imports"
        )
        return Finding(LAYER_VIOLATION, chain[0], message, hint)
