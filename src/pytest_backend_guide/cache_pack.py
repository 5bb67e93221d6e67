"""Many cache entries in one file, so that a warm run opens one file, not one per file.

A pack is a header line, a JSON index (key -> offset and length) on one
line, then the entries' JSON texts one after the other. Opening it reads
the index only; an entry is read (``os.pread``) and decoded when it is
asked for, so memory holds one entry at a time, not the project's every
violation. Each entry is checked as a loose one is (by the cache): a
damaged entry is a miss, a damaged index an empty pack. A pack is written
whole and atomically, like any cache file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from pytest_backend_guide.atomic_write import write_atomically

HEADER = b"backend-guide pack 1\n"
MAX_INDEX_BYTES = 64 * 1024 * 1024


class Pack:
    """A read-only view of a pack file: its index, and its entries on demand."""

    def __init__(self, path: Path) -> None:
        """Open a pack, reading its index; a missing or damaged pack is empty.

        Args:
            path: The pack file.
        """
        self.path = path
        self.index: dict[str, tuple[int, int]] = {}
        self.damaged = False
        self._fd: int | None = None
        self._start = 0
        try:
            self._fd = os.open(path, os.O_RDONLY)
        except OSError:
            return
        try:
            self.index, self._start = _read_index(self._fd)
        except (OSError, ValueError, TypeError, RecursionError):
            self.damaged = True
            self.close()

    def raw(self, key: str) -> bytes | None:
        """Return the JSON text stored under a key, or None.

        Args:
            key: The entry key.

        Returns:
            The bytes, or None when absent or unreadable.
        """
        place = self.index.get(key)
        if place is None or self._fd is None:
            return None
        offset, length = place
        try:
            data = os.pread(self._fd, length, self._start + offset)
        except OSError:
            return None
        return data if len(data) == length else None

    def forget(self, key: str) -> None:
        """Drop a key from the index (its entry proved unusable).

        Args:
            key: The entry key.
        """
        self.index.pop(key, None)

    def close(self) -> None:
        """Close the file; later look-ups find nothing."""
        self.index = {}
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def write_pack(path: Path, entries: Mapping[str, bytes]) -> bool:
    """Write entries' JSON texts as one pack, atomically.

    Args:
        path: The pack file.
        entries: The JSON text of each entry, by key.

    Returns:
        Whether it was written.
    """
    index: dict[str, list[int]] = {}
    offset = 0
    for key, data in entries.items():
        index[key] = [offset, len(data)]
        offset += len(data)
    head = json.dumps(index, separators=(",", ":")).encode("ascii")
    return write_atomically(path, b"".join([HEADER, head, b"\n", *entries.values()]))


def _read_index(fd: int) -> tuple[dict[str, tuple[int, int]], int]:
    """Return a pack's index and where its entries start.

    Raises:
        ValueError: Not a pack, or an index that is not one.
        TypeError: An index of other types.
    """
    with os.fdopen(os.dup(fd), "rb") as stream:
        if stream.readline(len(HEADER) + 1) != HEADER:
            raise ValueError("not a pack")
        line = stream.readline(MAX_INDEX_BYTES)
        if not line.endswith(b"\n"):
            raise ValueError("an index without its end")
        start = stream.tell()
    data = json.loads(line)
    if type(data) is not dict:
        raise TypeError("an index that is not a mapping")
    index: dict[str, tuple[int, int]] = {}
    for key, place in data.items():
        if type(place) is not list or len(place) != 2:
            raise TypeError("an index entry that is not a pair")
        offset, length = place
        if type(offset) is not int or type(length) is not int or min(place) < 0:
            raise TypeError("an index entry that is not two sizes")
        index[key] = (offset, length)
    return index, start
