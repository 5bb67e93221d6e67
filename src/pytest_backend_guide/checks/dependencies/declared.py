"""What a manifest declares: one requirement, where it is and how tightly pinned."""

from __future__ import annotations

import re
from dataclasses import dataclass

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name

EXACT = "exact"
BOUNDED = "bounded"
OPEN = "open"

VCS_PREFIXES = ("git+", "hg+", "svn+", "bzr+")
ARCHIVE_SUFFIXES = (".whl", ".tar.gz", ".tgz", ".tar.bz2", ".zip")
# Refs that move: a VCS requirement on one of them is not pinned.
MOVING_REFS = frozenset({"main", "master", "develop", "dev", "trunk", "head", "HEAD"})
_UPPER_OPERATORS = ("<", "<=", "~=", "==", "===")


@dataclass(frozen=True)
class Declared:
    """One requirement of one manifest.

    Attributes:
        name: The PEP 503 normalised name (``pydantic-settings``).
        text: The requirement as written.
        path: The manifest, relative to the rootdir.
        line: 1-based line of the requirement.
        specifier: The version specifiers, normalised (``""`` for none).
        strength: ``exact`` (``==``, ``===``, a VCS ref, an archive URL),
            ``bounded`` (an upper bound) or ``open``.
        marker: The environment marker, if any.
        hashed: The line carries ``--hash`` options.
        constraint: It comes from a ``-c`` constraints file.
    """

    name: str
    text: str
    path: str
    line: int
    specifier: str
    strength: str
    marker: str = ""
    hashed: bool = False
    constraint: bool = False

    @property
    def where(self) -> str:
        """Return ``path:line``."""
        return f"{self.path}:{self.line}"


def specifier_strength(specifiers: SpecifierSet) -> str:
    """Return how tightly a specifier set pins a version.

    Args:
        specifiers: The specifiers.

    Returns:
        ``exact`` for ``==X`` (no wildcard) or ``===X``; ``bounded`` when
        some specifier caps the version (``<``, ``<=``, ``~=``, ``==X.*``);
        ``open`` otherwise.
    """
    strength = OPEN
    for spec in specifiers:
        if spec.operator == "===" or (
            spec.operator == "==" and not spec.version.endswith(".*")
        ):
            return EXACT
        if spec.operator in _UPPER_OPERATORS:
            strength = BOUNDED
    return strength


def normalised_specifier(specifiers: SpecifierSet) -> str:
    """Return a specifier set as text in a fixed order, for comparisons.

    Args:
        specifiers: The specifiers.

    Returns:
        The specifiers sorted and comma-joined.
    """
    return ",".join(sorted(str(spec) for spec in specifiers))


def url_strength(url: str) -> str | None:
    """Return the strength of a direct reference, or None for a local path.

    A VCS URL pinned to a tag or commit (``@v1.2``, ``@3f2a...``) is
    ``exact``; on a branch that moves (``@main``) or no ref it is ``open``.
    An archive URL names one file: ``exact``.

    Args:
        url: The URL, without the ``name @`` part.

    Returns:
        The strength, or None when the reference is a local path.
    """
    bare = url.split("#", 1)[0]
    if bare.startswith(VCS_PREFIXES):
        ref = _vcs_ref(bare)
        if ref is None or ref in MOVING_REFS:
            return OPEN
        return EXACT
    if bare.startswith("file:") or "://" not in bare:
        return None
    if bare.endswith(ARCHIVE_SUFFIXES):
        return EXACT
    return OPEN


def _vcs_ref(url: str) -> str | None:
    """Return the ``@ref`` of a VCS URL's path, if any (not a user name)."""
    _, _, rest = url.partition("://")
    _, slash, path = rest.partition("/")
    if not slash or "@" not in path:
        return None
    return path.rsplit("@", 1)[1] or None


_EGG = re.compile(r"[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)")


def parse_requirement(
    text: str, path: str, line: int, *, hashed: bool = False, constraint: bool = False
) -> Declared | None:
    """Parse a PEP 508 requirement, or a bare URL with ``#egg=name``.

    Args:
        text: The requirement.
        path: The manifest, relative to the rootdir.
        line: Its 1-based line.
        hashed: The line carries ``--hash`` options.
        constraint: It comes from a ``-c`` constraints file.

    Returns:
        The declaration, or None for a local path, a URL without a name
        or text that is not a requirement.
    """
    if text.startswith(VCS_PREFIXES) or "://" in text.split("@", 1)[0]:
        egg = _EGG.search(text)
        strength = url_strength(text)
        if egg is None or strength is None:
            return None
        name = canonicalize_name(egg.group(1))
        return Declared(name, text, path, line, text, strength, "", hashed, constraint)
    try:
        requirement = Requirement(text)
    except InvalidRequirement:
        return None
    marker = str(requirement.marker) if requirement.marker else ""
    name = canonicalize_name(requirement.name)
    if requirement.url:
        url_pin = url_strength(requirement.url)
        if url_pin is None:
            return None
        return Declared(
            name, text, path, line, requirement.url, url_pin, marker, hashed, constraint
        )
    specifiers = requirement.specifier
    return Declared(
        name,
        text,
        path,
        line,
        normalised_specifier(specifiers),
        specifier_strength(specifiers),
        marker,
        hashed,
        constraint,
    )


def parse_specifier(text: str) -> SpecifierSet | None:
    """Return a PEP 440 specifier set, or None when ``text`` is not one.

    Args:
        text: Such as ``>=1.2,<2``.

    Returns:
        The set, or None.
    """
    try:
        return SpecifierSet(text)
    except InvalidSpecifier:
        return None
