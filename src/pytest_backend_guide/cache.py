"""A result cache keyed by file content, path and everything that decides results.

Entries live in pytest's cache folder, one small file each (a JSON head
line, then a JSON body: see :func:`_entry_bytes`), written atomically
(temporary file, then rename), so concurrent xdist workers never see half
an entry. The key covers the plugin's version, the installed
checkers, their versions and their code
(:mod:`pytest_backend_guide.code_digest`), the effective settings, the
file's path and its bytes: any change to one of them is a miss. An entry
also keeps the file's facts (what project checks learn from its text), so
that a warm run reads them with the result.

An entry is named after its file's path and its content, and storing one
removes the entries of the same path's older contents: the cache holds one
entry per file (per configuration), however often the files are edited.
After a run, the entries of files the project no longer has (deleted or
renamed) are removed too (:meth:`ResultCache.finish`); project checks'
values live in a folder of their own, one per kind.

Entries are first written one file each (by whichever process checked the
file). When a run has written more of them than a few, the process that
ran the whole batch gathers the entries in use into one pack
(:mod:`pytest_backend_guide.cache_pack`) and removes them as files: a warm
run then opens one file and reads each entry from it, instead of finding
and opening a file per checked file. The pack's entries of older contents
and of files gone are dropped when it is written again. An entry that does
not load, or does not hold exactly the types it was written
with (a damaged disk, a foreign writer, garbage), is a miss: the file is
checked again and its entry rewritten.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from pytest_backend_guide.atomic_write import write_atomically
from pytest_backend_guide.cache_pack import Pack, write_pack
from pytest_backend_guide.engine import FileResult
from pytest_backend_guide.registry import RuleRegistry
from pytest_backend_guide.replay import Replay, replay_from_json, shown_to_json
from pytest_backend_guide.source import SourceError
from pytest_backend_guide.suppression import Suppressed
from pytest_backend_guide.violation import Violation

FORMAT_VERSION = "6"
STALE_AFTER_SECONDS = 7 * 24 * 3600
SLOT_CHARS = 20
"""Hex characters of a key naming its file's path; the rest name the content."""
VALUES = "values"
"""The folder of project checks' values, beside the files' entry folders."""
KEPT = "kept-files"
"""Names the digest of the file list that the last :meth:`keep_only` kept."""
PACK = "pack"
"""The pack file of a fingerprint's folder."""
BODY_DIGEST_BYTES = 16
T = TypeVar("T")
PACK_SLACK = 16
"""Entries outside the pack, or in it for nothing, that do not rewrite it yet
(with 2% of the files in use, when more): one touched file does not cost a
rewrite of the whole pack."""


class ResultCache:
    """File results stored under one configuration fingerprint."""

    def __init__(
        self, directory: Path, fingerprint: str, rules: RuleRegistry | None = None
    ) -> None:
        """Open (lazily create) the cache for one fingerprint.

        Args:
            directory: The plugin's folder in pytest's cache.
            fingerprint: Digest of the version, checkers and settings.
            rules: The rule names, to keep what each file's item shows
                with its entry (see :mod:`pytest_backend_guide.replay`);
                without them, entries cannot be replayed.
        """
        self.rules = rules
        self.root = directory / f"v{FORMAT_VERSION}"
        self.directory = self.root / fingerprint[:24]
        self._made: set[Path] = set()
        self._pack: Pack | None = None
        self._used: dict[str, None] = {}
        self._pack_damaged = False

    @classmethod
    def open(
        cls, directory: Path, fingerprint: str, rules: RuleRegistry | None = None
    ) -> ResultCache:
        """Open the cache for one fingerprint, making sure it can be written.

        Args:
            directory: The plugin's folder in pytest's cache.
            fingerprint: Digest of the version, checkers and settings.
            rules: The rule names, for what items show (see ``__init__``).

        Returns:
            The cache.

        Raises:
            OSError: Its folder cannot be made or written to.
        """
        cache = cls(directory, fingerprint, rules)
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
            ``<digest of the path>-<digest of path and content>``, in hex.
        """
        path = relpath.encode("utf-8")
        slot = hashlib.blake2b(path, digest_size=SLOT_CHARS // 2).hexdigest()
        digest = hashlib.blake2b(path, digest_size=20)
        digest.update(b"\0")
        digest.update(data)
        return f"{slot}-{digest.hexdigest()}"

    def has(self, key: str) -> bool:
        """Return whether an entry is stored under a key (usable or not).

        Args:
            key: The entry key.

        Returns:
            Whether the pack or a file holds it.
        """
        self._used[key] = None
        return key in self._opened_pack().index or os.path.isfile(self._path(key))

    def get(self, key: str) -> FileResult | None:
        """Return a stored result, or None when absent, unreadable or damaged.

        Args:
            key: The entry key.

        Returns:
            The result, or None.
        """
        return self._load(key, _result_from_bytes)

    def get_replay(self, key: str) -> Replay | None:
        """Return what a stored result's item shows, without its violations.

        Args:
            key: The entry key.

        Returns:
            The replay, or None when absent, unreadable, damaged or stored
            without what its item shows.
        """
        return self._load(key, _replay_from_bytes)

    def _load(self, key: str, decode: Callable[[bytes], T | None]) -> T | None:
        """Decode a stored entry; a damaged one is removed (a miss)."""
        pack = self._opened_pack()
        if key in pack.index:
            try:
                return decode(pack.raw(key) or b"")
            except (ValueError, KeyError, TypeError, RecursionError):
                pack.forget(key)  # rewritten loose, then into the next pack
                self._pack_damaged = True
        path = self._path(key)
        try:
            return decode(path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            _remove(path)  # damaged or from a foreign writer: recompute it
            return None

    def put(
        self, key: str, result: FileResult, shown: dict[str, Any] | None = None
    ) -> None:
        """Store a result atomically, replacing its path's older entries.

        Failures to write are not errors.

        Args:
            key: The entry key.
            result: The result to store.
            shown: What its item shows, when already rendered with this
                cache's rules (:func:`shown_to_json`).
        """
        if result.skipped:
            return
        self._used[key] = None
        path = self._path(key)
        try:
            if path.parent not in self._made:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._made.add(path.parent)
        except OSError:
            return
        if write_atomically(path, _entry_bytes(result, self.rules, shown)):
            _remove_older(path, key)

    def get_value(self, key: str) -> tuple[bool, Any]:
        """Return a value a project check stored, or ``(False, None)``.

        Args:
            key: The entry key (see :meth:`value_key`).

        Returns:
            ``(True, value)`` when stored and readable.
        """
        path = self._value_path(key)
        try:
            data = json.loads(path.read_bytes())
            return True, data["value"]
        except FileNotFoundError:
            return False, None
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            _remove(path)
            return False, None

    def put_value(self, key: str, value: Any) -> None:
        """Store a JSON-compatible value atomically; failures are not errors.

        Args:
            key: The entry key.
            value: The value.
        """
        path = self._value_path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            return
        data = json.dumps({"value": value}, separators=(",", ":"))
        if write_atomically(path, data.encode("utf-8")):
            _remove_older(path, key)  # one value per kind, not one per content

    def get_project(self, key: str) -> FileResult | None:
        """Return a project check's stored result, or None when absent or damaged.

        Args:
            key: The entry key: the check's name and the digest of its
                inputs (see :mod:`pytest_backend_guide.project_state`).

        Returns:
            The result, every field checked as it was written, or None.
        """
        stored, value = self.get_value(key)
        if not stored:
            return None
        try:
            return _from_json(value, {})
        except (KeyError, TypeError, ValueError, RecursionError):
            _remove(self._value_path(key))  # damaged: recomputed and rewritten
            return None

    def put_project(self, key: str, result: FileResult) -> None:
        """Store a project check's result; failures to write are not errors.

        Args:
            key: The entry key (see :meth:`get_project`).
            result: The result, before any baseline is applied.
        """
        self.put_value(key, _to_json(result))

    def finish(self, relpaths: Iterable[str], *, pack: bool) -> None:
        """Remove the entries of files gone; gather the run's entries in a pack.

        Args:
            relpaths: Display paths of all the project's files.
            pack: This process checked the whole batch (not an xdist
                worker, which sees only its share): it may write the pack.
        """
        slots = {self.key(relpath, b"")[:SLOT_CHARS] for relpath in relpaths}
        self.keep_only(slots=slots)
        if pack:
            self._repack(slots)
        self._opened_pack().close()

    def _repack(self, slots: set[str]) -> None:
        """Write the pack again when enough of the run's entries are not in it.

        Args:
            slots: The path digests of all the project's files.
        """
        packed = self._opened_pack()
        used = self._used
        current = {key[:SLOT_CHARS]: key for key in used}
        stale = [
            key
            for key in packed.index
            if current.get(key[:SLOT_CHARS], key) != key
            or key[:SLOT_CHARS] not in slots
        ]
        loose = [key for key in used if key not in packed.index]
        slack = max(PACK_SLACK, len(used) // 50)
        if len(stale) + len(loose) <= slack and not self._pack_damaged:
            return
        entries: dict[str, bytes] = {}
        gone = set(stale)
        for key in packed.index:
            data = packed.raw(key) if key not in gone else None
            if data is not None:
                entries[key] = data
        for key in loose:
            try:
                entries[key] = self._path(key).read_bytes()
            except OSError:
                continue  # not stored (a skip, a crash, a failed write)
        if write_pack(self.directory / PACK, entries):
            for key in loose:
                if key in entries:
                    _remove(self._path(key))

    def _opened_pack(self) -> Pack:
        if self._pack is None:
            self._pack = Pack(self.directory / PACK)
            self._pack_damaged = self._pack.damaged
        return self._pack

    def keep_only(
        self, relpaths: Iterable[str] = (), *, slots: set[str] | None = None
    ) -> None:
        """Remove the entries of every file not in ``relpaths``.

        Called with every file the project has (not only those checked), so
        that deleted and renamed files' entries go. A run with the same file
        list as the last one that pruned lists no folder. Failures are not
        errors: an entry left behind is only disk space.

        Args:
            relpaths: Display paths of all the project's files.
            slots: Their path digests, when already computed.
        """
        if slots is None:
            slots = {self.key(relpath, b"")[:SLOT_CHARS] for relpath in relpaths}
        listed = hashlib.blake2b(
            "\n".join(sorted(slots)).encode("ascii"), digest_size=16
        ).hexdigest()
        marker = self.directory / KEPT
        try:
            if marker.read_text(encoding="ascii") == listed:
                return
        except (OSError, ValueError):
            pass
        for folder in _entry_folders(self.directory):
            for entry in _names(folder):
                if entry.endswith(".json") and entry[:SLOT_CHARS] not in slots:
                    _remove(folder / entry)
        write_atomically(marker, listed.encode("ascii"))

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

    def _value_path(self, key: str) -> Path:
        return self.directory / VALUES / f"{key}.json"


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        return


def _entry_folders(directory: Path) -> list[Path]:
    """Return the two-character folders that hold files' entries."""
    return [
        directory / name
        for name in _names(directory)
        if len(name) == 2 and os.path.isdir(directory / name)
    ]


def _names(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _remove_older(path: Path, key: str) -> None:
    """Remove the entries of older contents of the same path, beside ``path``."""
    slot = key[: SLOT_CHARS + 1]  # the path's digest and the dash
    try:
        with os.scandir(path.parent) as entries:
            older = [
                entry.path
                for entry in entries
                if entry.name.startswith(slot) and entry.name != path.name
            ]
    except OSError:
        return
    for name in older:
        _remove(Path(name))


def _entry_bytes(
    result: FileResult, rules: RuleRegistry | None, shown: dict[str, Any] | None
) -> bytes:
    """Return an entry: a head line, then the result's body.

    The head (JSON, one line) holds the path, the facts, what the item
    shows (see :mod:`pytest_backend_guide.replay`) and a digest of the body;
    the body (JSON) holds the violations, the error, the reported lines and
    the suppressed findings. A replay reads the head alone and checks the
    body's digest, so that a damaged byte anywhere is still a miss.
    """
    body = json.dumps(_to_json(result), separators=(",", ":")).encode("utf-8")
    head = {
        "path": result.path,
        "facts": dict(result.facts),
        "shown": None if rules is None else shown or shown_to_json(result, rules),
        "body": _body_digest(body),
    }
    return json.dumps(head, separators=(",", ":")).encode("utf-8") + b"\n" + body


def _body_digest(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=BODY_DIGEST_BYTES).hexdigest()


def _split_entry(raw: bytes) -> tuple[dict[str, Any], bytes]:
    """Return an entry's decoded head and its body's bytes, checked by digest.

    Raises:
        ValueError: Not an entry, or its body does not match its digest.
        TypeError: The head is not a mapping.
    """
    head_bytes, newline, body = raw.partition(b"\n")
    if not newline:
        raise ValueError("an entry without a body")
    head = json.loads(head_bytes)
    if type(head) is not dict:
        raise TypeError("an entry's head is not a mapping")
    if head["body"] != _body_digest(body):
        raise ValueError("an entry's body does not match its digest")
    return head, body


def _result_from_bytes(raw: bytes) -> FileResult:
    head, body = _split_entry(raw)
    result = _from_json(json.loads(body), _facts(head["facts"]))
    if head["path"] != result.path:
        raise ValueError("an entry's head and body name other files")
    return result


def _replay_from_bytes(raw: bytes) -> Replay | None:
    head, _ = _split_entry(raw)
    shown = head["shown"]
    if shown is None:
        return None  # stored without what its item shows: read the result
    path = _typed(head["path"], str)
    return replay_from_json(path, _facts(head["facts"]), shown)


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
        "suppressed": [_suppressed_to_json(s) for s in result.suppressed],
    }


def _suppressed_to_json(silenced: Suppressed) -> list[Any]:
    found = silenced.violation
    fields = [found.path, found.line, found.col, found.code, found.message]
    fields += [found.fix_hint, found.end_col, found.symbol]
    return [*fields, silenced.justification]


def _from_json(data: Any, facts: dict[str, Any]) -> FileResult:
    """Rebuild a result, checking every field's type as it was written.

    Args:
        data: The entry's body.
        facts: The facts from its head.

    Returns:
        The result.

    Raises:
        TypeError: A field is missing or of another type.
    """
    if not isinstance(data, dict):
        raise TypeError("an entry is not a mapping")
    error = data["error"]
    return FileResult(
        path=_typed(data["path"], str),
        violations=tuple(_violation(fields) for fields in _list(data["violations"])),
        error=SourceError(*_fields(error, _ERROR_TYPES)) if error is not None else None,
        context=tuple(
            ((path, line), text)
            for path, line, text in (
                _fields(fields, _CONTEXT_TYPES) for fields in _list(data["context"])
            )
        ),
        facts=facts,
        # Required: an entry written before suppressions were kept is a miss.
        suppressed=tuple(_suppressed(fields) for fields in _list(data["suppressed"])),
    )


_OPTIONAL_STR = (str, type(None))
_OPTIONAL_INT = (int, type(None))
_VIOLATION_TYPES: tuple[tuple[type, ...], ...] = (
    (str,),
    (int,),
    (int,),
    (str,),
    (str,),
    _OPTIONAL_STR,
    _OPTIONAL_INT,
    _OPTIONAL_STR,
)
_VIOLATION_SHAPES = frozenset(itertools.product(*_VIOLATION_TYPES))
_ERROR_TYPES: tuple[tuple[type, ...], ...] = ((str,), (int,), (int,), (str,))
_CONTEXT_TYPES: tuple[tuple[type, ...], ...] = ((str,), (int,), (str,))


def _typed(value: Any, kind: type) -> Any:
    if type(value) is not kind:
        raise TypeError(f"expected {kind.__name__}, found {type(value).__name__}")
    return value


def _list(value: Any) -> list[Any]:
    return list(_typed(value, list))


def _fields(value: Any, types: tuple[tuple[type, ...], ...]) -> list[Any]:
    fields = _list(value)
    if len(fields) != len(types):
        raise TypeError(f"expected {len(types)} fields, found {len(fields)}")
    for field, allowed in zip(fields, types):
        if type(field) not in allowed:
            raise TypeError(f"unexpected {type(field).__name__} in an entry")
    return fields


def _violation(value: Any) -> Violation:
    # The same test as _fields, by the tuple of the field types at once: a
    # warm run rebuilds every violation of the project (26,000 on Django).
    if type(value) is not list or tuple(map(type, value)) not in _VIOLATION_SHAPES:
        raise TypeError("a violation entry has other fields or types")
    return Violation(*value)


def _suppressed(value: Any) -> Suppressed:
    fields = _list(value)
    if not fields or type(fields[-1]) not in _OPTIONAL_STR:
        raise TypeError("a suppressed entry has other fields or types")
    return Suppressed(_violation(fields[:-1]), fields[-1])


def _facts(data: object) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise TypeError("facts are not a mapping")
    return data
