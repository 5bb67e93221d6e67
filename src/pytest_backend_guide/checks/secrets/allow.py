"""``allow-secrets``: paths and fingerprints of values known to be harmless."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pathspec

FINGERPRINT_PREFIX = "sha256:"
FINGERPRINT_LENGTH = 16


def fingerprint(value: str) -> str:
    """Return the fingerprint that names a secret without showing it.

    Args:
        value: The secret.

    Returns:
        ``sha256:`` and the first 16 hex digits of its SHA-256.
    """
    digest = hashlib.sha256(value.encode("utf-8")).hexdigest()
    return FINGERPRINT_PREFIX + digest[:FINGERPRINT_LENGTH]


def masked(value: str) -> str:
    """Return a value with all but its first and last characters hidden.

    Args:
        value: The secret.

    Returns:
        Such as ``ghp_****IJ``; a short value shows two characters only.
    """
    if value.startswith("-----BEGIN"):
        return value
    shown = 4 if len(value) >= 16 else 2
    tail = value[-2:] if len(value) >= 16 else ""
    return f"{value[:shown]}****{tail}"


@dataclass(frozen=True)
class AllowList:
    """Compiled ``allow-secrets`` entries.

    Attributes:
        fingerprints: Accepted values, as ``sha256:`` fingerprints.
        paths: Files where nothing is reported (gitignore-style patterns),
            or None when there are none.
    """

    fingerprints: frozenset[str]
    paths: pathspec.GitIgnoreSpec | None

    @classmethod
    def of(cls, entries: tuple[str, ...]) -> AllowList:
        """Split entries into fingerprints and path patterns.

        Args:
            entries: The option's values.

        Returns:
            The allow list.
        """
        prints = {e.lower() for e in entries if e.startswith(FINGERPRINT_PREFIX)}
        patterns = [e for e in entries if not e.startswith(FINGERPRINT_PREFIX)]
        spec = pathspec.GitIgnoreSpec.from_lines(patterns) if patterns else None
        return cls(frozenset(prints), spec)

    def allows_path(self, relpath: str) -> bool:
        """Return whether a file is exempt.

        Args:
            relpath: Path relative to the rootdir.

        Returns:
            True when a pattern matches it.
        """
        return self.paths is not None and self.paths.match_file(relpath)
