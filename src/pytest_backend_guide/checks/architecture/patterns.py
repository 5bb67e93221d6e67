"""Module patterns (``core.db``, ``app.*.models``) and edges (``a -> b``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PART = re.compile(r"^(?:\*|[^\W\d]\w*)$")
ARROW = "->"


@dataclass(frozen=True)
class ModulePattern:
    """A dotted module name that also matches the modules below it.

    A part ``*`` matches any one part: ``*.models`` matches ``api.models``
    and ``api.models.user`` but not ``models``.

    Attributes:
        text: The pattern as written.
        parts: Its dot-separated parts.
    """

    text: str
    parts: tuple[str, ...]

    def matches(self, module: str) -> bool:
        """Return whether ``module`` is the pattern's module or below it.

        Args:
            module: A dotted module name.

        Returns:
            Whether it matches.
        """
        names = module.split(".") if module else []
        if len(names) < len(self.parts):
            return False
        return all(
            part in ("*", name)
            for part, name in zip(self.parts, names[: len(self.parts)], strict=True)
        )


@dataclass(frozen=True)
class EdgeRule:
    """An ``importer -> imported`` pair of patterns from the configuration.

    Attributes:
        text: The entry as written, e.g. ``"core.db -> models"``.
        importer: Pattern of the importing modules.
        imported: Pattern of the imported modules.
    """

    text: str
    importer: ModulePattern
    imported: ModulePattern


def parse_pattern(text: str) -> ModulePattern | None:
    """Parse a dotted module pattern.

    Args:
        text: The pattern, e.g. ``core.db`` or ``*.models``.

    Returns:
        The pattern, or None when a part is not a name or ``*``.
    """
    parts = tuple(part.strip() for part in text.strip().split("."))
    if not all(_PART.match(part) for part in parts):
        return None
    return ModulePattern(text.strip(), parts)


def parse_edge(text: str) -> EdgeRule | None:
    """Parse an ``importer -> imported`` entry.

    Args:
        text: The entry.

    Returns:
        The rule, or None when it is not two patterns around one ``->``.
    """
    sides = text.split(ARROW)
    if len(sides) != 2:
        return None
    importer = parse_pattern(sides[0])
    imported = parse_pattern(sides[1])
    if importer is None or imported is None:
        return None
    return EdgeRule(text, importer, imported)
