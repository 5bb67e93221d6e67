"""Find guide configuration that this run would silently ignore.

Only ``[tool.backend-guide]`` of the file in use counts. A table spelt
``[tool.backend_guide]``, or one in another ``pyproject.toml`` (a
``backend/`` folder's, when pytest runs from the repository root) would
otherwise be ignored without a word. The files are scanned line by line,
not parsed: an invalid file elsewhere is none of this run's business.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from pytest_backend_guide.discovery import DEFAULT_EXCLUDED_DIRS, relative_path

PYPROJECT = "pyproject.toml"
DEPTH = 2
_HEADER = re.compile(r"^\s*\[\s*tool\s*\.\s*[\"']?backend([-_])guide\b", re.MULTILINE)


def stray_config_warnings(
    rootdir: Path, used: Path, invocation_dir: Path
) -> list[str]:
    """Return one warning per guide table that this run ignores.

    Args:
        rootdir: pytest's rootdir.
        used: The configuration file read (it need not exist).
        invocation_dir: Where pytest was started.

    Returns:
        The warnings, for files in the rootdir, its sub-folders two levels
        down, and the folders from the invocation folder up to the rootdir.
    """
    warnings = []
    shown_used = _shown(used, rootdir)
    if "_" in _spellings(used):
        warnings.append(
            f"{shown_used} has [tool.backend_guide], which is ignored: "
            "the table is [tool.backend-guide] (with a hyphen)"
        )
    for other in sorted(set(_candidates(rootdir, invocation_dir)) - {used}):
        spellings = _spellings(other)
        if not spellings:
            continue
        table = "[tool.backend-guide]" if "-" in spellings else "[tool.backend_guide]"
        warnings.append(
            f"{_shown(other, rootdir)} has {table}, which is ignored: this run "
            f"reads {shown_used} (pytest's rootdir is {rootdir}); run pytest "
            f"from {_shown(other.parent, rootdir)} or pass "
            f"--guide-config={_shown(other, invocation_dir)}"
        )
    return warnings


def _spellings(path: Path) -> set[str]:
    """Return the separators of the guide tables in a file: ``-``, ``_``."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    return {match.group(1) for match in _HEADER.finditer(text)}


def _candidates(rootdir: Path, invocation_dir: Path) -> Iterator[Path]:
    """Yield the ``pyproject.toml`` files a user may have meant."""
    yield from _below(rootdir, DEPTH)
    folder = invocation_dir
    while folder != rootdir and rootdir in folder.parents:
        yield folder / PYPROJECT
        folder = folder.parent
    if invocation_dir != rootdir and rootdir not in invocation_dir.parents:
        yield invocation_dir / PYPROJECT


def _below(folder: Path, depth: int) -> Iterator[Path]:
    """Yield existing ``pyproject.toml`` files of sub-folders, ``depth`` down."""
    if depth == 0:
        return
    try:
        children = sorted(folder.iterdir())
    except OSError:
        return
    for child in children:
        name = child.name
        if name.startswith(".") or name in DEFAULT_EXCLUDED_DIRS:
            continue
        try:  # a folder the user may not enter is none of our business
            if not child.is_dir() or child.is_symlink():
                continue
            found = (child / PYPROJECT).is_file()
        except OSError:
            continue
        if found:
            yield child / PYPROJECT
        yield from _below(child, depth - 1)


def _shown(path: Path, base: Path) -> str:
    """Return a path for a message, relative to ``base`` where it is below it."""
    shown = relative_path(path, base)
    return str(path) if shown.startswith("..") else shown
