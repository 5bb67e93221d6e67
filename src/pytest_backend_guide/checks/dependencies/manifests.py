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


@dataclass(frozen=True)
class Manifests:
    """What the project root declares about its dependencies.

    Attributes:
        files: The manifests read or found, relative to the rootdir.
        requirements: Every requirement, in file order.
        lock: The lock file that pins the project, if any (a requirements
            file with ``--hash`` on every entry counts).
    """

    files: tuple[str, ...]
    requirements: tuple[Declared, ...]
    lock: str | None


def read_manifests(rootdir: Path) -> Manifests:
    """Read the manifests at the project root.

    Requirements files are ``requirements*.txt`` and ``requirements/*.txt``
    (with what they include); ``pyproject.toml`` counts when it declares
    dependencies; a ``Pipfile``, or a ``setup.cfg``/``setup.py`` with
    ``install_requires``, is a manifest whose entries are not read.

    Args:
        rootdir: The project root.

    Returns:
        The manifests.
    """
    reader = RequirementsReader(rootdir)
    roots = sorted(rootdir.glob("requirements*.txt"))
    roots += sorted((rootdir / "requirements").glob("*.txt"))
    for path in roots:
        if path.is_file():
            reader.read(path)
    files = list(reader.files)
    found = [entry for name in reader.files for entry in reader.entries[name]]
    pyproject = rootdir / PYPROJECT
    text = _read(pyproject)
    data = load_pyproject(text) if text else None
    if data is not None and declares_manifest(data):
        files.append(PYPROJECT)
        found.extend(pyproject_requirements(data, text))
    for name in OTHER_MANIFESTS:
        if _other_manifest(rootdir / name):
            files.append(name)
    return Manifests(tuple(files), tuple(found), _lock(rootdir, reader))


def _lock(rootdir: Path, reader: RequirementsReader) -> str | None:
    for folder in _lock_folders(rootdir):
        for name in LOCK_FILES:
            if (folder / name).is_file():
                return relative_name(folder / name, rootdir)
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
