"""Find the backend package: the folder that holds the layer packages.

Several families need it (the architecture layout and import rules, the
modules that tests must import), so it is found once per session through
:meth:`ProjectContext.memo`. The ``architecture`` table configures it: its
``package`` option names it (``app``, ``src/app``, ``.`` for the
rootdir). Otherwise the candidates are the rootdir, its folders and their
folders (which covers ``app/``, ``src/app/`` and ``backend/app/``), and the
one holding most of the required layer packages wins.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pytest_backend_guide.discovery import DEFAULT_EXCLUDED_DIRS
from pytest_backend_guide.helpers.parts import (
    TESTS_NAMES,
    has_package,
    is_valid_part,
    layer_name,
    layer_package_names,
    required_parts,
)
from pytest_backend_guide.project import ProjectContext

ARCHITECTURE_SECTION = "architecture"
MEMO_KEY = "helpers.backend-package"
DEFAULT_LAYERS = ("main", "api", "core", "services", "models", "utils", "config")
DEFAULT_REQUIRED = (
    "api/",
    "core/",
    "models/",
    "services/",
    "utils/",
    "tests/",
    "config.py",
    "main.py",
    "requirements.txt",
)
MIN_LAYER_PACKAGES = 2
_NOT_CANDIDATES = frozenset({*TESTS_NAMES, "docs", "doc", "migrations", "alembic"})


@dataclass(frozen=True)
class BackendPackage:
    """The folder that holds the application's layers.

    Attributes:
        path: Its path relative to the rootdir (``.`` for the rootdir).
        name: Its dotted import name (``app``; ``""`` for the rootdir).
        import_root: The folder it is imported from, relative to the
            rootdir (``src`` for ``src/app``; ``""`` for the rootdir).
        how: How it was found, for messages.
    """

    path: str
    name: str
    import_root: str
    how: str

    def folder(self, rootdir: Path) -> Path:
        """Return the package's absolute folder.

        Args:
            rootdir: The project root.

        Returns:
            The folder.
        """
        return rootdir if self.path == "." else rootdir / self.path


@dataclass(frozen=True)
class Detection:
    """The outcome of looking for the backend package.

    Attributes:
        package: The package, if one was found.
        problem: Why none was found, for the user.
    """

    package: BackendPackage | None
    problem: str = ""


def find_package(
    rootdir: Path, configured: str, layer_names: Sequence[str], *, allow_module: bool
) -> Detection:
    """Return the backend package, configured or detected.

    Args:
        rootdir: The project root.
        configured: The ``package`` option: a name, a path, ``.`` or empty.
        layer_names: The required layer packages, to score candidates.
        allow_module: Whether ``models.py`` counts for ``models/``.

    Returns:
        The detection; with no package, ``problem`` says why.
    """
    if configured:
        return _configured(rootdir, configured)
    scored = []
    for folder in _candidates(rootdir):
        found = sum(
            has_package(folder, name, allow_module=allow_module) for name in layer_names
        )
        if found:
            scored.append(_Candidate(folder, _display(folder, rootdir), found))
    scored.sort(key=lambda candidate: candidate.rank)
    needed = min(MIN_LAYER_PACKAGES, len(layer_names) or 1)
    if not scored or scored[0].found < needed:
        names = ", ".join(layer_names) or "(none required)"
        problem = (
            "no backend package found: no folder in the rootdir, src/ or one "
            f"level down holds {needed} or more of the layer packages {names}"
        )
        if scored:
            problem += f"; the best candidate, '{scored[0].display}', has 1"
        return Detection(None, problem)
    best = scored[0]
    how = (
        f"detected backend package '{best.display}' "
        f"({best.found} of {len(layer_names)} layer packages"
    )
    ties = [other.display for other in scored[1:] if other.found == best.found]
    if ties:
        how += f"; '{ties[0]}' has as many: set package to choose"
    return Detection(_package(rootdir, best.folder, how + ")"))


@dataclass(frozen=True)
class _Candidate:
    folder: Path
    display: str
    found: int

    @property
    def rank(self) -> tuple[int, int, str]:
        depth = 0 if self.display == "." else self.display.count("/") + 1
        return (-self.found, depth, self.display)


@dataclass(frozen=True)
class PackageLayout:
    """What the ``architecture`` table says about where the package is.

    Attributes:
        package: The ``package`` option, stripped; empty to detect it.
        layer_names: The layer packages that detection scores folders by:
            the ``required`` packages, else the first part of each layer.
        allow_module: Whether ``models.py`` counts for ``models/``.
    """

    package: str
    layer_names: tuple[str, ...]
    allow_module: bool

    @classmethod
    def of(cls, section: Mapping[str, Any]) -> PackageLayout:
        """Read the layout from the ``architecture`` table's values.

        Unusable ``required`` and ``layers`` entries are left out, as the
        architecture family leaves them out.

        Args:
            section: The validated table; missing keys take their defaults.

        Returns:
            The layout.
        """
        required = section.get("required", DEFAULT_REQUIRED)
        parts = required_parts(entry for entry in required if is_valid_part(entry))
        names = layer_package_names(parts)
        if not names:
            layers = layer_names(section.get("layers", DEFAULT_LAYERS))
            names = [layer.split(".")[0] for layer in layers]
        return cls(
            str(section.get("package", "")).strip().strip("/"),
            tuple(names),
            bool(section.get("allow-module-layers", True)),
        )


def layer_names(entries: Iterable[str]) -> list[str]:
    """Return the usable entries of ``layers``, as written but stripped.

    Args:
        entries: The entries.

    Returns:
        Dotted module names, each once, in order.
    """
    names: list[str] = []
    for entry in entries:
        name = layer_name(entry)
        if name is not None and name not in names:
            names.append(name)
    return names


def backend_package(ctx: ProjectContext) -> Detection:
    """Return the project's backend package, found once per session.

    Args:
        ctx: The project context.

    Returns:
        The detection, by the ``architecture`` table's ``package``,
        ``required``, ``layers`` and ``allow-module-layers``.
    """
    return ctx.memo(MEMO_KEY, lambda: _detect(ctx))


def _detect(ctx: ProjectContext) -> Detection:
    layout = PackageLayout.of(ctx.section(ARCHITECTURE_SECTION))
    names = layout.layer_names
    return find_package(
        ctx.rootdir, layout.package, names, allow_module=layout.allow_module
    )


def _configured(rootdir: Path, configured: str) -> Detection:
    if configured == "." or "/" in configured:
        folder = rootdir if configured == "." else rootdir / configured
        looked = [configured]
    else:
        looked = [configured, f"src/{configured}", f"*/{configured}"]
        folder = next(
            (rootdir / place for place in looked[:2] if os.path.isdir(rootdir / place)),
            rootdir / configured,
        )
        if not os.path.isdir(folder):
            below = sorted(
                path for path in _children(rootdir) if os.path.isdir(path / configured)
            )
            folder = below[0] / configured if below else folder
    if not os.path.isdir(folder):
        shown = ", ".join(f"{place}/" for place in looked)
        problem = f"configured package '{configured}' not found (looked for {shown})"
        return Detection(None, problem)
    display = _display(folder, rootdir)
    return Detection(
        _package(rootdir, folder, f"backend package '{display}' set by package")
    )


def _package(rootdir: Path, folder: Path, how: str) -> BackendPackage:
    """Name the package from the ``__init__.py`` files of its parents."""
    if folder == rootdir:
        return BackendPackage(".", "", "", how)
    names = [folder.name]
    parent = folder.parent
    while parent != rootdir and os.path.isfile(parent / "__init__.py"):
        names.insert(0, parent.name)
        parent = parent.parent
    root = "" if parent == rootdir else _display(parent, rootdir)
    return BackendPackage(_display(folder, rootdir), ".".join(names), root, how)


def _candidates(rootdir: Path) -> list[Path]:
    folders = [rootdir]
    for child in _children(rootdir):
        folders.append(child)
        folders.extend(_children(child))
    return folders


def _children(folder: Path) -> list[Path]:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    found = []
    for entry in entries:
        name = entry.name
        if (
            name.startswith(".")
            or name in DEFAULT_EXCLUDED_DIRS
            or name in _NOT_CANDIDATES
        ):
            continue
        if name.endswith(".egg-info"):
            continue
        try:
            if not entry.is_dir(follow_symlinks=False):
                continue
        except OSError:
            continue
        path = Path(entry.path)
        if not os.path.isfile(path / "pyvenv.cfg"):
            found.append(path)
    return sorted(found)


def _display(folder: Path, rootdir: Path) -> str:
    return "." if folder == rootdir else folder.relative_to(rootdir).as_posix()
