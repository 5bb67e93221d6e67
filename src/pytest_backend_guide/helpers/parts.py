"""The parts a project must have, as listed by the ``required`` option."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "package"
MODULE = "module"
TESTS = "tests"
MANIFEST = "manifest"
FILE = "file"
TESTS_NAMES = ("tests", "test")


@dataclass(frozen=True)
class Part:
    """One required part of the project.

    Attributes:
        entry: The entry as written (``api/``, ``config.py``).
        name: The folder or file name (``api``, ``config.py``).
        kind: ``package`` (a layer package, ARCH001), ``module`` (a module
            of the package, ARCH002), ``tests`` (ARCH003), ``manifest``
            (``requirements.txt``, ARCH002) or ``file`` (any other file,
            ARCH002).
    """

    entry: str
    name: str
    kind: str


def required_parts(entries: Iterable[str]) -> list[Part]:
    """Classify the entries of ``required``.

    Args:
        entries: Valid entries: ``name/`` or a bare ``name`` for a package,
            ``name.py`` for a module, ``tests/`` for the tests, other names
            with a dot for files.

    Returns:
        The parts, in the given order.
    """
    parts = []
    for entry in entries:
        name = entry.rstrip("/")
        if name in TESTS_NAMES:
            kind = TESTS
        elif entry.endswith("/") or "." not in name:
            kind = PACKAGE
        elif name.endswith(".py"):
            kind = MODULE
        elif name == "requirements.txt":
            kind = MANIFEST
        else:
            kind = FILE
        parts.append(Part(entry, name, kind))
    return parts


def layer_package_names(parts: Iterable[Part]) -> list[str]:
    """Return the names of the required layer packages (``api``, ``core``...).

    Args:
        parts: The required parts.

    Returns:
        The names.
    """
    return [part.name for part in parts if part.kind == PACKAGE]


_MODULE_NAME_PART = re.compile(r"^[^\W\d]\w*$")


def layer_name(entry: str) -> str | None:
    """Return a ``layers`` entry as it counts, or None when it is unusable.

    The one judgement of a layer entry: the architecture options reject an
    unusable one at start-up, the backend-package detection skips it.

    Args:
        entry: The entry as written.

    Returns:
        The dotted module name, stripped; None when a part is not a name.
    """
    parts = [part.strip() for part in entry.strip().split(".")]
    if not all(_MODULE_NAME_PART.match(part) for part in parts):
        return None
    return entry.strip()


def is_valid_part(entry: str) -> bool:
    """Return whether a ``required`` entry names a part.

    Args:
        entry: The entry as written.

    Returns:
        False for empty names, paths and ``.`` or ``..``.
    """
    name = entry.removesuffix("/")
    return (
        bool(name) and "/" not in name and "\\" not in name and name not in {".", ".."}
    )


def has_package(folder: Path, name: str, *, allow_module: bool) -> bool:
    """Return whether ``folder`` holds a package ``name`` (or ``name.py``).

    Args:
        folder: The folder to look in.
        name: The package name.
        allow_module: Whether a module ``name.py`` counts.

    Returns:
        Whether it is there.
    """
    if os.path.isdir(folder / name):
        return True
    return allow_module and os.path.isfile(folder / f"{name}.py")


def has_module(folder: Path, name: str) -> bool:
    """Return whether ``folder`` holds a module ``name`` (``config.py``).

    A package of the same name (``config/``) counts as well.

    Args:
        folder: The folder to look in.
        name: The module's file name, ``.py`` included.

    Returns:
        Whether it is there.
    """
    return os.path.isfile(folder / name) or os.path.isdir(folder / name[: -len(".py")])
