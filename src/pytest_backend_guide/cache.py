"""A result cache keyed by file content, path and everything that decides results.

Entries live in pytest's cache folder, one small JSON file each, written
atomically (temporary file, then rename), so concurrent xdist workers never
see half an entry and a corrupt entry is simply recomputed. The key covers
the plugin's version, the installed checkers, their versions and their code
(:mod:`pytest_backend_guide.code_digest`), the effective settings, the
file's path and its bytes: any change to one of them is a miss. An entry
also keeps the file's facts (what project checks learn from its text), so
that a warm run reads them with the result.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from pytest_backend_guide.atomic_write import write_atomically
from pytest_backend_guide.engine import FileResult
from pytest_backend_guide.source import SourceError
from pytest_backend_guide.violation import Violation

FORMAT_VERSION = "4"
STALE_AFTER_SECONDS = 7 * 24 * 3600


class ResultCache:
    """File results stored under one configuration fingerprint."""

    def __init__(self, directory: Path, fingerprint: str) -> None:
        """Open (lazily create) the cache for one fingerprint.

        Args:
            directory: The plugin's folder in pytest's cache.
            fingerprint: Digest of the version, checkers and settings.
        """
        self.root = directory / f"v{FORMAT_VERSION}"
        self.directory = self.root / fingerprint[:24]
        self._made: set[Path] = set()

    @classmethod
    def open(cls, directory: Path, fingerprint: str) -> ResultCache:
        """Open the cache for one fingerprint, making sure it can be written.

        Args:
            directory: The plugin's folder in pytest's cache.
            fingerprint: Digest of the version, checkers and settings.

        Returns:
            The cache.

        Raises:
            OSError: Its folder cannot be made or written to.
        """
        cache = cls(directory, fingerprint)
        cache.directory.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=cache.directory, prefix=".probe-"):
            pass  # a write that fails here fails now, not silently per file
        return cache

    def key(self, relpath: str, data: bytes) -> str:
        """Return the entry key of a file's path and content.

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

    def has(self, key: str) -> bool:
        """Return whether an entry is stored under a key (usable or not).

        Args:
            key: The entry key.

        Returns:
            Whether its file exists.
        """
        return self._path(key).is_file()

    def get(self, key: str) -> FileResult | None:
        """Return a stored result, or None when absent or unreadable.

        Args:
            key: The entry key.

        Returns:
            The result, or None.
        """
        path = self._path(key)
        try:
            return _from_json(json.loads(path.read_bytes()))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            _remove(path)  # corrupt or from a foreign writer: recompute it
            return None

    def put(self, key: str, result: FileResult) -> None:
        """Store a result atomically; failures to write are not errors.

        Args:
            key: The entry key.
            result: The result to store.
        """
        if result.skipped:
            return
        path = self._path(key)
        try:
            if path.parent not in self._made:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._made.add(path.parent)
        except OSError:
            return
        data = json.dumps(_to_json(result), separators=(",", ":")).encode("utf-8")
        write_atomically(path, data)

    def prune(self) -> None:
        """Delete the entries of other fingerprints not used for a week."""
        try:
            siblings = [p for p in self.root.iterdir() if p != self.directory]
        except OSError:
            return
        cutoff = time.time() - STALE_AFTER_SECONDS
        for sibling in siblings:
            try:
                if sibling.stat().st_mtime < cutoff:
                    shutil.rmtree(sibling, ignore_errors=True)
            except OSError:
                continue
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            os.utime(self.directory)
        except OSError:
            return

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        return


def _to_json(result: FileResult) -> dict[str, Any]:
    error = result.error
    return {
        "path": result.path,
        "violations": [
            [v.path, v.line, v.col, v.code, v.message, v.fix_hint, v.end_col]
            + [v.symbol]
            for v in result.violations
        ],
        "error": [error.path, error.line, error.col, error.message] if error else None,
        "context": [[path, line, text] for (path, line), text in result.context],
        "facts": dict(result.facts),
    }


def _from_json(data: dict[str, Any]) -> FileResult:
    error = SourceError(*data["error"]) if data["error"] else None
    return FileResult(
        path=data["path"],
        violations=tuple(Violation(*fields) for fields in data["violations"]),
        error=error,
        context=tuple(((path, line), text) for path, line, text in data["context"]),
        facts=_facts(data.get("facts")),
    )


def _facts(data: object) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise TypeError("facts are not a mapping")
    return data
