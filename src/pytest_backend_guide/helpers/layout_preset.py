"""Layout presets: the guide's tree, a Django project, per-domain packages.

The guide's tree has one package per layer (``app/api``, ``app/core``...).
A Django project has apps, each with its own ``models.py``,
``services.py``, ``selectors.py`` and ``apis.py``; a per-domain (or
hexagonal) project has domain packages, each with ``models.py``,
``service.py`` and ``views.py`` (or ``domain/``, ``application/`` and
``adapters/``). A preset gives the architecture and testing families the
layer names, the required parts and the business packages of its layout;
in the two others the layers are named inside each app or domain, so the
same layer order applies in every one of them.

The preset is the ``layout`` option of ``[tool.backend-guide.architecture]``
or, when it is empty, detected once per session from the project's files.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pytest_backend_guide.discovery import DEFAULT_EXCLUDED_DIRS
from pytest_backend_guide.helpers.backend_package import (
    DEFAULT_LAYERS,
    DEFAULT_REQUIRED,
)
from pytest_backend_guide.project import ProjectContext

GUIDE = "guide"
DJANGO = "django"
PER_DOMAIN = "per-domain"
LAYOUTS = (GUIDE, DJANGO, PER_DOMAIN)
MEMO_KEY = "helpers.layout-preset"
SECTION = "architecture"
MIN_DOMAINS = 3
DOMAIN_MODULES = ("service.py", "services.py", "views.py", "flows.py")


@dataclass(frozen=True)
class Preset:
    """What a layout preset sets.

    Attributes:
        name: ``guide``, ``django`` or ``per-domain``.
        layers: Layer names from top to bottom.
        required: The parts the project must have (``required``).
        business_packages: Folders or module names of business logic that
            tests must import (TEST003).
        per_app: Layers are named inside each app or domain
            (``users.services``), not as the package's top folders.
        how: How the preset was chosen, for messages.
    """

    name: str
    layers: tuple[str, ...]
    required: tuple[str, ...]
    business_packages: tuple[str, ...]
    per_app: bool
    how: str = ""


PRESETS = {
    GUIDE: Preset(
        GUIDE, DEFAULT_LAYERS, DEFAULT_REQUIRED, ("core", "services"), per_app=False
    ),
    DJANGO: Preset(
        DJANGO,
        ("urls", "apis", "views", "services", "selectors", "models", "utils"),
        ("requirements.txt",),
        ("services", "selectors"),
        per_app=True,
    ),
    PER_DOMAIN: Preset(
        PER_DOMAIN,
        (
            "views",
            "adapters",
            "adapter",
            "flows",
            "application",
            "service",
            "services",
            "domain",
            "models",
        ),
        ("tests/", "requirements.txt"),
        ("service.py", "services.py", "flows.py", "domain", "application"),
        per_app=True,
    ),
}


def layout_preset(ctx: ProjectContext) -> Preset:
    """Return the project's layout preset, configured or detected, once per session.

    Args:
        ctx: The project context.

    Returns:
        The preset, with how it was chosen.
    """
    return ctx.memo(MEMO_KEY, lambda: _choose(ctx))


def _choose(ctx: ProjectContext) -> Preset:
    configured = str(ctx.section(SECTION).get("layout", "") or "")
    if configured in PRESETS:
        return _with_how(PRESETS[configured], f'layout = "{configured}"')
    name, why = detect_layout(ctx.rootdir)
    return _with_how(PRESETS[name], f"detected layout '{name}' ({why})")


def detect_layout(rootdir: Path) -> tuple[str, str]:
    """Return the layout a project's files show, and why.

    Args:
        rootdir: The project root.

    Returns:
        ``("django", ...)`` with a ``manage.py`` at the root;
        ``("per-domain", ...)`` when a package holds three or more domain
        packages (each with ``models.py`` and ``service.py``, ``views.py``
        or ``flows.py``) or a folder holds ``domain/`` and ``application/``;
        else ``("guide", ...)``.
    """
    if _is_file(rootdir / "manage.py"):
        return DJANGO, "manage.py at the root"
    for folder in _folders(rootdir, depth=3):
        children = _children(folder)
        names = {child.name for child in children}
        if "domain" in names and "application" in names:
            shown = _shown(folder, rootdir)
            return PER_DOMAIN, f"'{shown}' holds domain/ and application/"
        domains = [child for child in children if _is_domain(child)]
        if len(domains) >= MIN_DOMAINS:
            shown = _shown(folder, rootdir)
            return PER_DOMAIN, f"'{shown}' holds {len(domains)} domain packages"
    return GUIDE, "no manage.py and no domain packages"


def _is_domain(folder: Path) -> bool:
    if not _is_file(folder / "models.py"):
        return False
    return any(_is_file(folder / name) for name in DOMAIN_MODULES)


def _is_file(path: Path) -> bool:
    """Return whether a path is a file; one that cannot be looked at is not."""
    try:
        return path.is_file()
    except OSError:
        return False


def _folders(rootdir: Path, depth: int) -> Iterator[Path]:
    yield rootdir
    if depth == 0:
        return
    for child in _children(rootdir):
        yield from _folders(child, depth - 1)


def _children(folder: Path) -> list[Path]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return []
    found = []
    for entry in entries:
        name = entry.name
        if name.startswith(".") or name in DEFAULT_EXCLUDED_DIRS:
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                found.append(Path(entry.path))
        except OSError:
            continue
    return found


def _with_how(preset: Preset, how: str) -> Preset:
    return Preset(
        preset.name,
        preset.layers,
        preset.required,
        preset.business_packages,
        preset.per_app,
        how,
    )


def _shown(folder: Path, rootdir: Path) -> str:
    return "." if folder == rootdir else folder.relative_to(rootdir).as_posix()
