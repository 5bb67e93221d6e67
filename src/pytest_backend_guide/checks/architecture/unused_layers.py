"""``layers`` entries that put no module of the project in their layer.

A typo in ``layers`` (``"servces"``) is valid configuration: the entry is a
dotted name like any other, so the modules meant for it fall in no layer
and their imports go unchecked without a word. An entry is reported when
no module of the package falls in its layer, with the closest module name
when one is close enough to be the intended one.

Entries that legitimately match nothing are left alone: the default
``layers`` and a layout preset's (not every project has every layer), and,
in the per-app layouts, an entry that names a layer of at least one app or
domain (apps need not have every layer).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from pytest_backend_guide.checks.architecture.layers import LayerPolicy
from pytest_backend_guide.helpers.import_graph import Module
from pytest_backend_guide.helpers.parts import layer_name

CLOSE_ENOUGH = 0.75


@dataclass(frozen=True)
class UnusedLayer:
    """A written ``layers`` entry that no module falls in.

    Attributes:
        entry: The entry as written in the configuration.
        suggestion: The closest module name below the package, if any.
    """

    entry: str
    suggestion: str | None

    @property
    def message(self) -> str:
        """Return the violation text."""
        text = f"layers entry '{self.entry}' names no module of the package"
        if self.suggestion:
            text += f"; did you mean '{self.suggestion}'?"
        return text


def unused_layers(
    written: Sequence[str], policy: LayerPolicy, modules: Iterable[Module]
) -> Iterator[UnusedLayer]:
    """Yield the written ``layers`` entries that no module falls in.

    Args:
        written: The ``layers`` entries as the user wrote them.
        policy: The layer policy built from them.
        modules: Every module of the project.

    Yields:
        One finding per entry whose layer holds no module.
    """
    names = [module.name for module in modules]
    used = {policy.layer_of(name) for name in names}
    for entry in written:
        layer = layer_name(entry)
        if layer is None or layer not in policy.layers:
            continue
        if policy.layers.index(layer) in used:
            continue
        candidates = _candidates(layer, names, policy)
        close = difflib.get_close_matches(layer, candidates, n=1, cutoff=CLOSE_ENOUGH)
        yield UnusedLayer(entry, close[0] if close else None)


def _candidates(layer: str, names: Iterable[str], policy: LayerPolicy) -> list[str]:
    """Return the names the entry could have meant, layers already named left out.

    In the guide's layout a layer is a dotted name just below the package,
    so the candidates are the names of the same depth there; per app, a
    layer is one part anywhere in a module's name.
    """
    depth = layer.count(".") + 1
    found: set[str] = set()
    for name in names:
        relative = policy.relative(name)
        if not relative:
            continue
        parts = relative.split(".")
        if policy.per_app:
            found.update(parts)
        elif len(parts) >= depth:
            found.add(".".join(parts[:depth]))
    return sorted(found - set(policy.layers))
