"""Find a project's manifests and lock files, and read what they declare."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pytest_backend_guide.checks.dependencies.declared import Declared
from pytest_backend_guide.checks.dependencies.pyproject_file import (
    PYPROJECT,
    declares_manifest,
    load_pyproject,
    pyproject_requirements,
)
from pytest_backend_guide.checks.dependencies.requirements_file import (
    RequirementsReader,
)

LOCK_FILES = ("uv.lock", "poetry.lock", "pdm.lock", "Pipfile.lock")
OTHER_MANIFESTS = ("Pipfile", "setup.cfg", "setup.py")
SKIPPED_FOLDERS = frozenset(
    {"node_modules", "venv", "env", "docs", "doc", "tests", "test", "build", "dist"}
)


@dataclass(frozen=True)
class Manifests:
    """What the project declares about its dependencies.

    Attributes:
        files: The manifests read or found, relative to the rootdir.
        requirements: Every requirement, in file order.
        locked: The manifests (relative paths) that a lock file pins: one in
            their folder or above it inside the git repository, or a
            requirements file with ``--hash`` on every entry beside them.
    """

    files: tuple[str, ...]
    requirements: tuple[Declared, ...]
    locked: frozenset[str]


def read_manifests(rootdir: Path) -> Manifests:
    """Read the manifests at the project root, else one folder down.

    Requirements files are ``requirements*.txt`` and ``requirements/*.txt``
    (with what they include); ``pyproject.toml`` counts when it declares
    dependencies; a ``Pipfile``, or a ``setup.cfg``/``setup.py`` with
    ``install_requires``, is a manifest whose entries are not read. When
    the rootdir has none, each folder directly below it that has some is
    read (``backend/``, ``src/``: a repository whose app lives in a folder).

    Args:
        rootdir: The project root.

    Returns:
        The manifests.
    """
    found = _read_folder(rootdir, rootdir)
    if found.files:
        return found
    files: list[str] = []
    requirements: list[Declared] = []
    locked: set[str] = set()
    for folder in _subfolders(rootdir):
        part = _read_folder(rootdir, folder)
        files.extend(part.files)
        requirements.extend(part.requirements)
        locked |= part.locked
    return Manifests(tuple(files), tuple(requirements), frozenset(locked))


def _subfolders(rootdir: Path) -> list[Path]:
    try:
        entries = sorted(rootdir.iterdir())
    except OSError:
        return []
    return [
        entry
        for entry in entries
        if entry.is_dir()
        and not entry.is_symlink()
        and not entry.name.startswith((".", "_"))
        and entry.name not in SKIPPED_FOLDERS
        and not (entry / "pyvenv.cfg").exists()
    ]


def _read_folder(rootdir: Path, folder: Path) -> Manifests:
    reader = RequirementsReader(rootdir)
    roots = sorted(folder.glob("requirements*.txt"))
    roots += sorted((folder / "requirements").glob("*.txt"))
    for path in roots:
        if path.is_file():
            reader.read(path)
    files = list(reader.files)
    found = [entry for name in reader.files for entry in reader.entries[name]]
    pyproject = folder / PYPROJECT
    text = _read(pyproject)
    data = load_pyproject(text) if text else None
    if data is not None and declares_manifest(data):
        relpath = relative_name(pyproject, rootdir)
        files.append(relpath)
        found.extend(pyproject_requirements(data, text, relpath))
    for name in OTHER_MANIFESTS:
        if _other_manifest(folder / name):
            files.append(relative_name(folder / name, rootdir))
    lock = _lock(folder, reader)
    locked = frozenset(files) if lock is not None else frozenset()
    return Manifests(tuple(files), tuple(found), locked)


def _lock(folder: Path, reader: RequirementsReader) -> str | None:
    for home in _lock_folders(folder):
        for name in LOCK_FILES:
            if (home / name).is_file():
                return name
    for name in reader.files:
        entries = reader.entries[name]
        if entries and all(entry.hashed for entry in entries):
            return name
    return None


def _lock_folders(rootdir: Path) -> list[Path]:
    """Return the rootdir and, inside a git repository, the folders up to its top.

    A workspace member (uv, Poetry) is pinned by the workspace's lock file,
    which lies in a folder above it.
    """
    chain = [rootdir]
    for folder in (rootdir, *rootdir.parents):
        if folder != rootdir:
            chain.append(folder)
        if (folder / ".git").exists():
            return chain
    return [rootdir]


def relative_name(path: Path, rootdir: Path) -> str:
    """Return a path relative to the rootdir, ``../`` included, ``/``-separated.

    Args:
        path: The path.
        rootdir: The project root.

    Returns:
        The display path.
    """
    return Path(os.path.relpath(path, rootdir)).as_posix()


def _other_manifest(path: Path) -> bool:
    if path.name == "Pipfile":
        return path.is_file()
    return "install_requires" in _read(path)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
