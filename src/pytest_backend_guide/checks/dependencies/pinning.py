"""DEP002 and DEP003: unpinned requirements, and one package declared twice."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from pytest_backend_guide.checks.dependencies.declared import (
    BOUNDED,
    EXACT,
    OPEN,
    Declared,
)


def unpinned(
    requirements: Sequence[Declared], policy: str, locked: frozenset[str]
) -> Iterator[tuple[Declared, str]]:
    """Yield each requirement the policy does not accept, with the reason.

    Args:
        requirements: Every requirement of the project.
        policy: ``exact`` wants ``==``/``===`` everywhere; ``lock`` accepts
            ranges when a lock file pins the project or another manifest
            pins the package exactly (a compiled ``requirements.txt``);
            ``bounded`` wants an upper bound.
        locked: The manifests that a lock file pins.

    Yields:
        ``(requirement, why)`` pairs.
    """
    pinned_elsewhere = {r.name for r in requirements if r.strength == EXACT}
    for requirement in requirements:
        if requirement.strength == EXACT:
            continue
        if policy == "bounded":
            if requirement.strength == OPEN:
                yield requirement, "has no upper bound (pin-policy 'bounded')"
            continue
        if policy == "lock":
            if requirement.path in locked or requirement.name in pinned_elsewhere:
                continue
            yield requirement, "is not pinned with == and no lock file pins it"
            continue
        yield requirement, "is not pinned with == (pin-policy 'exact')"


def duplicates(requirements: Sequence[Declared]) -> Iterator[tuple[Declared, Declared]]:
    """Yield each requirement that contradicts an earlier one of the same package.

    Two declarations disagree when their specifiers differ, except when
    one is an exact pin that the other's range accepts (a lock-style
    refinement, as a compiled requirements file is of ``pyproject.toml``)
    or their environment markers differ (one per platform or Python).

    Args:
        requirements: Every requirement of the project, in file order.

    Yields:
        ``(later, earlier)`` pairs, one per later declaration.
    """
    seen: dict[str, list[Declared]] = {}
    for requirement in requirements:
        earlier = seen.setdefault(requirement.name, [])
        for first in earlier:
            if first.marker == requirement.marker and _disagree(first, requirement):
                yield requirement, first
                break
        earlier.append(requirement)


def _disagree(first: Declared, second: Declared) -> bool:
    if first.specifier == second.specifier:
        return False
    for pin, other in ((first, second), (second, first)):
        if pin.strength == EXACT and other.strength in (BOUNDED, OPEN):
            if _accepts(other.specifier, pin.specifier):
                return False
    return True


def _accepts(range_text: str, pin_text: str) -> bool:
    """Return whether a range accepts the version of an ``==`` pin."""
    if not pin_text.startswith("=="):
        return False
    try:
        version = Version(pin_text.lstrip("="))
        return SpecifierSet(range_text).contains(version, prereleases=True)
    except (InvalidVersion, InvalidSpecifier):
        return False
