"""Find the project's dependency manifest, whichever form it takes."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

MANIFEST_FILES = ("requirements.txt", "Pipfile")
INSTALL_REQUIRES_FILES = ("setup.cfg", "setup.py")


def find_manifest(folders: Iterable[Path]) -> Path | None:
    """Return the first dependency manifest found in ``folders``.

    A manifest is a ``requirements*.txt`` file, a ``requirements/`` folder
    of ``.txt`` or ``.in`` files, a ``Pipfile``, a ``pyproject.toml``
    declaring dependencies (``[project] dependencies``, dependencies marked
    ``dynamic``, or ``[tool.poetry.dependencies]``) or a ``setup.cfg`` /
    ``setup.py`` with ``install_requires``.

    Args:
        folders: Folders to look in, nearest first.

    Returns:
        The manifest's path, or None.
    """
    for folder in folders:
        found = _manifest_in(folder)
        if found is not None:
            return found
    return None


def _manifest_in(folder: Path) -> Path | None:
    for name in MANIFEST_FILES:
        if os.path.isfile(folder / name):
            return folder / name
    for path in sorted(folder.glob("requirements*.txt")):
        return path
    requirements = folder / "requirements"
    if os.path.isdir(requirements):
        for pattern in ("*.txt", "*.in"):
            for path in sorted(requirements.glob(pattern)):
                return path
    pyproject = folder / "pyproject.toml"
    if os.path.isfile(pyproject) and declares_dependencies(pyproject):
        return pyproject
    for name in INSTALL_REQUIRES_FILES:
        path = folder / name
        if os.path.isfile(path) and "install_requires" in _read(path):
            return path
    return None


def declares_dependencies(pyproject: Path) -> bool:
    """Return whether a ``pyproject.toml`` declares the project's dependencies.

    Args:
        pyproject: The file.

    Returns:
        True for ``[project] dependencies`` (even an empty list: a project
        may need nothing), ``dynamic = ["dependencies"]`` or Poetry's
        ``[tool.poetry.dependencies]``; False otherwise or when the file is
        not valid TOML.
    """
    try:
        data: dict[str, Any] = tomllib.loads(_read(pyproject))
    except tomllib.TOMLDecodeError:
        return False
    project = data.get("project", {})
    if isinstance(project, dict):
        if "dependencies" in project:
            return True
        if "dependencies" in project.get("dynamic", ()):
            return True
    poetry = data.get("tool", {}).get("poetry", {})
    return isinstance(poetry, dict) and "dependencies" in poetry


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
