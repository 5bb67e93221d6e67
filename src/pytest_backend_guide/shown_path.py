"""How messages name a file of the project: relative to the rootdir, as pytest does."""

from __future__ import annotations

from pathlib import Path


def shown_path(path: Path, rootdir: Path) -> str:
    """Return a path for a message: below the rootdir relative to it, as pytest does.

    Args:
        path: A file, absolute or relative to the working directory.
        rootdir: The pytest rootdir.

    Returns:
        ``pyproject.toml`` for the rootdir's own file; the absolute path of a
        file outside the rootdir.
    """
    absolute = path.resolve()
    try:
        return absolute.relative_to(rootdir.resolve()).as_posix()
    except ValueError:
        return str(absolute)
