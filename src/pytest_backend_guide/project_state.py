"""A digest of everything a project check can read: same digest, same result.

A warm run replays a project check's result (see
:meth:`pytest_backend_guide.cache.ResultCache.get_project`) when this digest
is the one stored with it. Project checks read the checked Python files,
files beside them (manifests, ``.env`` and configuration files, tests
outside ``src``), which files and folders exist (``tests/``, a
``pyvenv.cfg``, ``.git``), the ``.gitignore`` files, and, for SEC002, what
git tracks. So the digest covers:

- the settings that decide which files are found (the rest of the settings,
  the plugin's version and the checkers' code name the cache's folder);
- every entry of every folder of the rootdir: its name, type, size, times
  (``mtime`` and ``ctime``: no program can set ``ctime`` back, so any write
  changes it), inode and device, from one ``lstat`` each. A symlink also
  gets its target's status. Folders skipped by the default excludes are
  not entered, but their own status is kept (a ``pyvenv.cfg`` made in a
  ``.venv`` changes it), except for caches nothing reads and ``.git``,
  whose state is what git lists;
- a ``.git/info/exclude`` (the walk reads it), the configuration file and
  every discovered file outside the rootdir;
- the discovered files, with why any cannot be checked;
- the files git tracks, when the rootdir is in a work tree.

An entry changed in the last :data:`RACY_NS` gives no digest (the run
recomputes): it could change again within one tick of the file system's
clock without its status changing, as git's "racily clean" rule says.
Entries that do not exist or cannot be read are part of the digest as such.
Not covered (documented): environment variables a requirements file's
``-r $VAR`` include names, and test folders outside the rootdir.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pytest_backend_guide.discovery import DEFAULT_EXCLUDED_DIRS
from pytest_backend_guide.file_status import RACY_NS, changed_since, status_fields
from pytest_backend_guide.settings import Settings

if TYPE_CHECKING:
    from pytest_backend_guide.discovery import FoundFile

QUIET_DIRS = frozenset(
    {".git", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
)
"""Folders whose own status changes with no project check's input (git's
bookkeeping, bytecode, tools' caches): only their name and type count."""
STATE_VERSION = "1"
STEERING_FILES = frozenset({".gitignore", "pyvenv.cfg", "alembic.ini"})
"""Files whose content steers which files a walk lists."""


@dataclass(frozen=True)
class ProjectState:
    """Digests of what project checks read, made in one walk.

    Attributes:
        inputs: Everything project checks read (see the module's text);
            None when an entry changed within :data:`RACY_NS`.
        shape: What decides which files a walk of the rootdir lists: the
            names and types of the entries, the status of the files that
            steer the walk (``.gitignore``, ``.git/info/exclude``,
            ``pyvenv.cfg``, ``alembic.ini``) and of symlinks; None when one
            of those changed within :data:`RACY_NS`. It stays the same when
            only files' contents change.
    """

    inputs: bytes | None
    shape: bytes | None


def project_state(
    settings: Settings,
    files: Sequence[FoundFile],
    tracked: Sequence[str] | None,
    now_ns: int,
) -> ProjectState:
    """Digest every input of the project checks, and the tree's shape.

    Args:
        settings: The effective settings.
        files: The discovered files (the checkable ones and the problems).
        tracked: What git tracks under the rootdir, None without git.
        now_ns: The current time, in nanoseconds since the epoch.

    Returns:
        The digests.
    """
    walk = _Walk(settings, now_ns - RACY_NS)
    walk.tree(os.fspath(settings.rootdir))
    shape = None if walk.shape_racy else _digest(settings, walk.shape).digest()
    if settings.config_path is not None:
        walk.path(os.fspath(settings.config_path))
    for found in files:
        walk.parts.append(("found", found.relpath, found.problem))
        if found.relpath.startswith("../") or "/.git/" in f"/{found.relpath}":
            walk.path(os.fspath(found.path))  # where the walk does not go
    if walk.racy:
        return ProjectState(None, shape)
    digest = _digest(settings, walk.parts)
    if tracked is None:
        digest.update(b"\0no git")
    else:
        listed = "\0".join(tracked).encode("utf-8", errors="surrogateescape")
        digest.update(b"\0git\0" + listed)
    return ProjectState(digest.digest(), shape)


def _digest(settings: Settings, parts: list[tuple[Any, ...]]) -> Any:
    """Return a running digest of the settings that steer walks, then ``parts``."""
    head = (
        STATE_VERSION,
        os.fspath(settings.rootdir),
        [os.fspath(root) for root in settings.src],
        settings.exclude,
        settings.default_excludes,
        settings.exclude_migrations,
        settings.respect_gitignore,
        settings.max_file_size,
        None if settings.config_path is None else os.fspath(settings.config_path),
    )
    digest = hashlib.blake2b(repr(head).encode(), digest_size=32)
    digest.update(repr(parts).encode("utf-8", errors="surrogateescape"))
    return digest


class _Walk:
    """Collects the status of the rootdir's entries, folder by folder."""

    def __init__(self, settings: Settings, recent_ns: int) -> None:
        self.skipped: frozenset[str] = (
            DEFAULT_EXCLUDED_DIRS if settings.default_excludes else frozenset()
        )
        self.default_excludes = settings.default_excludes
        self.recent_ns = recent_ns
        self.parts: list[tuple[Any, ...]] = []
        self.shape: list[tuple[Any, ...]] = []
        self.racy = False
        self.shape_racy = False

    def tree(self, rootdir: str) -> None:
        """Add every entry under ``rootdir``, not entering skipped folders.

        Args:
            rootdir: The project root.
        """
        folders = [rootdir]
        parts, shape = self.parts, self.shape
        while folders:
            folder = folders.pop()
            try:
                with os.scandir(folder) as listing:
                    entries = sorted(listing, key=_name)
            except OSError as exc:
                parts.append(("unlisted", folder, exc.errno))
                shape.append(("unlisted", folder, exc.errno))
                continue
            parts.append(("folder", folder))
            shape.append(("folder", folder))
            if self.default_excludes and folder != rootdir and _is_venv(entries):
                parts.append(("venv",))  # skipped by every walk, as a whole
                shape.append(("venv",))
                continue
            for entry in entries:
                entered = self._entry(entry)
                if entered:
                    folders.append(entry.path)

    def _entry(self, entry: os.DirEntry[str]) -> bool:
        """Add one entry; return whether it is a folder to enter."""
        name = entry.name
        try:
            # The type comes with the listing: no lstat for a folder entered.
            if entry.is_dir(follow_symlinks=False):
                return self._folder(entry)
            info = entry.stat(follow_symlinks=False)
        except OSError as exc:
            self.parts.append(("gone", name, exc.errno))
            self.shape.append(("gone", name, exc.errno))
            return False
        status = self._status(info)
        self.parts.append(("entry", name, *status))
        link = stat.S_ISLNK(info.st_mode)
        if link or name in STEERING_FILES:
            self.shape.append(("entry", name, *status))
            self.shape_racy = self.shape_racy or self._is_racy(info)
        else:
            self.shape.append(("entry", name, stat.S_IFMT(info.st_mode)))
        if link:
            self.path(entry.path)
        return False

    def _folder(self, entry: os.DirEntry[str]) -> bool:
        """Add a folder; return whether to enter it."""
        name = entry.name
        if name in QUIET_DIRS and (name == ".git" or self.default_excludes):
            self.parts.append(("quiet", name))
            self.shape.append(("quiet", name))
            if name == ".git":
                info = self.path(os.path.join(entry.path, "info", "exclude"))
                self.shape.append(self.parts[-1])
                if info is not None and self._is_racy(info):
                    self.shape_racy = True
            return False
        if name in self.skipped or (
            self.default_excludes and name.endswith(".egg-info")
        ):
            info = entry.stat(follow_symlinks=False)
            self.parts.append(("skipped", name, *self._status(info)))
            self.shape.append(("skipped", name))
            return False
        self.parts.append(("dir", name))
        self.shape.append(("dir", name))
        return True

    def path(self, path: str) -> os.stat_result | None:
        """Add the status of one path, following symlinks.

        Args:
            path: The path.

        Returns:
            Its status, None when it has none.
        """
        try:
            info = os.stat(path)
        except OSError as exc:
            self.parts.append(("path", path, exc.errno))
            return None
        self.parts.append(("path", path, *self._status(info)))
        return info

    def _status(self, info: os.stat_result) -> tuple[int, ...]:
        self.racy = self.racy or self._is_racy(info)
        return status_fields(info)

    def _is_racy(self, info: os.stat_result) -> bool:
        return changed_since(info, self.recent_ns)


def _is_venv(entries: list[os.DirEntry[str]]) -> bool:
    """Tell whether a folder's entries are a virtualenv's (a ``pyvenv.cfg``)."""
    return any(entry.name == "pyvenv.cfg" for entry in entries)


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name
