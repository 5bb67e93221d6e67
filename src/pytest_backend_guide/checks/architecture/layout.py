"""ARCH001-ARCH003: the project has the parts the guide's tree lists."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from pytest_backend_guide import ProjectContext, Violation
from pytest_backend_guide.checks.architecture.config import (
    SECTION,
    TABLE,
    ArchConfig,
    ConfigFile,
)
from pytest_backend_guide.checks.architecture.manifest import find_manifest
from pytest_backend_guide.helpers import (
    BackendPackage,
    Detection,
    backend_package,
    layout_preset,
)
from pytest_backend_guide.helpers.parts import (
    MANIFEST,
    MODULE,
    PACKAGE,
    TESTS,
    TESTS_NAMES,
    Part,
    has_module,
    has_package,
    required_parts,
)

MISSING_PACKAGE = "ARCH001"
MISSING_FILE = "ARCH002"
MISSING_TESTS = "ARCH003"
MISSING_MANIFEST = "DEP001"
CONFIG_MODULE = "config.py"
# Where real projects keep their configuration module: the template and the
# FastAPI realworld app use core/config.py, Django and others settings.py.
CONFIG_PLACES = (
    "config.py",
    "settings.py",
    "core/config.py",
    "core/settings.py",
)


def run_layout(ctx: ProjectContext) -> Iterator[Violation]:
    """Check that the backend package and the project have the required parts.

    Args:
        ctx: The project context.

    Yields:
        ARCH001 for a missing layer package (or no backend package at all),
        ARCH002 for a missing module, manifest or file, ARCH003 for missing
        tests.
    """
    preset = layout_preset(ctx)
    config = ctx.options_for(SECTION).with_preset(preset)
    config_file = ConfigFile.of(ctx)
    detection = backend_package(ctx)
    if config.per_app and not config.package:
        # Apps or domains, not one package per layer: the project is the unit.
        detection = Detection(BackendPackage(".", "", "", preset.how))
    if detection.package is None:
        hint = f'set package = "app" (or a path such as "src/app") in [{TABLE}]'
        yield ctx.violation(
            MISSING_PACKAGE, config_file.path, 1, 1, detection.problem, fix_hint=hint
        )
        return
    package = detection.package
    folder = package.folder(ctx.rootdir)
    upward = _folders_up(folder, ctx.rootdir)
    for part in required_parts(config.required):
        if part.kind == MANIFEST and ctx.is_enabled(MISSING_MANIFEST):
            continue  # DEP001 reports a missing manifest, once
        if _present(part, folder, upward, config):
            continue
        yield _missing(ctx, part, package, config_file.path)


def _present(part: Part, folder: Path, upward: list[Path], config: ArchConfig) -> bool:
    if part.kind == PACKAGE:
        return has_package(folder, part.name, allow_module=config.allow_module_layers)
    if part.kind == MODULE:
        if part.name == CONFIG_MODULE:
            # Flask projects keep config.py beside the package (microblog).
            beside = [place / CONFIG_MODULE for place in upward[1:]]
            return any(has_module(folder, name) for name in CONFIG_PLACES) or any(
                os.path.isfile(path) for path in beside
            )
        return has_module(folder, part.name)
    if part.kind == TESTS:
        return any(
            os.path.isdir(place / name) for place in upward for name in TESTS_NAMES
        )
    if part.kind == MANIFEST:
        return find_manifest(upward) is not None
    return any(os.path.exists(place / part.name) for place in upward)


def _missing(
    ctx: ProjectContext, part: Part, package: BackendPackage, config_path: str
) -> Violation:
    shown = package.path
    place = config_path if shown == "." else shown
    where = "the project root" if shown == "." else f"backend package '{shown}'"
    prefix = "" if shown == "." else f"{shown}/"
    if part.kind == PACKAGE:
        message = f"{where} has no '{part.name}' package"
        hint = f"create {prefix}{part.name}/__init__.py; {package.how}"
        return ctx.violation(MISSING_PACKAGE, place, 1, 1, message, fix_hint=hint)
    if part.kind == MODULE:
        message = f"{where} has no '{part.name}' module"
        hint = f"create {prefix}{part.name}; {package.how}"
        return ctx.violation(MISSING_FILE, place, 1, 1, message, fix_hint=hint)
    if part.kind == TESTS:
        message = f"no 'tests/' folder in {where} or above it up to the project root"
        hint = f"create tests/ at the project root or in the package; {package.how}"
        return ctx.violation(MISSING_TESTS, config_path, 1, 1, message, fix_hint=hint)
    if part.kind == MANIFEST:
        message = (
            "no dependency manifest: no requirements.txt and no dependencies "
            "in pyproject.toml ([project] or [tool.poetry])"
        )
        hint = "list the dependencies in requirements.txt or [project] dependencies"
        return ctx.violation(MISSING_FILE, config_path, 1, 1, message, fix_hint=hint)
    message = f"no '{part.name}' in {where} or above it up to the project root"
    return ctx.violation(MISSING_FILE, config_path, 1, 1, message, fix_hint=package.how)


def _folders_up(folder: Path, rootdir: Path) -> list[Path]:
    """Return ``folder`` and its parents up to the rootdir, nearest first."""
    folders = [folder]
    while folder != rootdir and rootdir in folder.parents:
        folder = folder.parent
        folders.append(folder)
    return folders
