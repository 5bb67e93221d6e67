"""What project checks learn from one file's text, kept between runs.

A project check such as the import graph reads every file of the project,
but what it takes from each file (its import statements) depends on that
file's content alone. Such a *fact* is stored under the file's content key
(the result cache's key: path and bytes), so a later run reads it back
instead of reading and scanning the file again, and a changed file is
simply a miss. One JSON file per kind of fact holds every file's entry;
it is written atomically, and a corrupt or foreign one is ignored and
rewritten.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from pytest_backend_guide.atomic_write import write_atomically

FORMAT_VERSION = 1


def content_key(relpath: str, data: bytes) -> str:
    """Return the key of a file's path and content, shared by results and facts.

    Args:
        relpath: Display path of the file.
        data: Its bytes.

    Returns:
        A hex digest.
    """
    digest = hashlib.blake2b(relpath.encode("utf-8"), digest_size=20)
    digest.update(b"\0")
    digest.update(data)
    return digest.hexdigest()


class FactCache:
    """Per-file facts by kind, each stored with the content key it came from."""

    def __init__(self, directory: Path) -> None:
        """Open the store; nothing is read until a kind is asked for.

        Args:
            directory: Where the facts files live (created when saving).
        """
        self.directory = directory
        self._kinds: dict[str, dict[str, list[Any]]] = {}
        self._changed: set[str] = set()

    def get(self, kind: str, relpath: str, key: str) -> tuple[bool, Any]:
        """Return whether a fact is stored for this content, and the fact.

        Args:
            kind: The kind of fact, e.g. ``imports``.
            relpath: The file's display path.
            key: The content key of the file as it is now.

        Returns:
            ``(True, fact)`` when stored for exactly this key, else ``(False, None)``.
        """
        entry = self._entries(kind).get(relpath)
        if entry is None or entry[0] != key:
            return False, None
        return True, entry[1]

    def put(self, kind: str, relpath: str, key: str, fact: Any) -> None:
        """Store a fact (JSON-compatible) for a file's current content.

        Args:
            kind: The kind of fact.
            relpath: The file's display path.
            key: The content key the fact was computed from.
            fact: The fact.
        """
        entries = self._entries(kind)
        stored = entries.get(relpath)
        if stored is None or stored[0] != key:  # same key: same content, same fact
            entries[relpath] = [key, fact]
            self._changed.add(kind)

    def save(self) -> None:
        """Write the kinds that changed; a failure to write is not an error."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        for kind in sorted(self._changed):
            data = {"version": FORMAT_VERSION, "files": self._kinds[kind]}
            text = json.dumps(data, separators=(",", ":"))
            write_atomically(self._path(kind), text.encode("utf-8"))
        self._changed.clear()

    def _entries(self, kind: str) -> dict[str, list[Any]]:
        if kind not in self._kinds:
            self._kinds[kind] = _load(self._path(kind))
        return self._kinds[kind]

    def _path(self, kind: str) -> Path:
        return self.directory / f"facts-{kind}.json"


def _load(path: Path) -> dict[str, list[Any]]:
    """Read a facts file; anything missing, corrupt or foreign reads as empty."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
        return {}
    files = data.get("files")
    if not isinstance(files, dict):
        return {}
    return {
        relpath: entry
        for relpath, entry in files.items()
        if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)
    }
