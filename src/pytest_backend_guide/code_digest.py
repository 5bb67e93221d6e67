"""A digest of the checkers' own code, for the result cache key.

A cached result is only as good as the code that computed it: after a rule
is edited in an editable install, or a checker package is upgraded in
place without a new version number, results computed by the old code must
not be shown. The digest covers the text of every Python file and rule
file (``.yml``) under the folder of each checker plugin's package, and this
package's own folder (the host and the built-in families).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType

CODE_SUFFIXES = (".py", ".yml", ".yaml")
_SKIPPED_DIRS = frozenset({"__pycache__"})


def code_root(plugin: object) -> Path | None:
    """Return the code a checker plugin runs: its package folder or its file.

    Args:
        plugin: A registered pluggy plugin, usually a module.

    Returns:
        A package's folder, a plain module's file, or None when the plugin
        has no file (an object registered at run time).
    """
    module = plugin if isinstance(plugin, ModuleType) else None
    if module is None:
        return None
    filename = getattr(module, "__file__", None)
    if not filename:
        return None
    path = Path(filename)
    return path.parent if hasattr(module, "__path__") else path


def code_roots(plugins: Iterable[object], host: Path) -> tuple[Path, ...]:
    """Return the code roots of the plugins, the host's folder first.

    Roots inside another root are left out: they are hashed with it.

    Args:
        plugins: The registered plugins.
        host: This package's folder.

    Returns:
        Distinct roots, sorted after the host.
    """
    found = {root for root in map(code_root, plugins) if root is not None}
    outside = sorted(root for root in found if not _is_within(root, host))
    return (host, *outside)


def code_digest(roots: Iterable[Path]) -> str:
    """Return a digest of the code files under the given roots.

    Args:
        roots: Folders (walked) or single files.

    Returns:
        A hex digest; unreadable files count by their name alone.
    """
    digest = hashlib.sha256()
    for root in roots:
        for path in _code_files(root):
            digest.update(os.fsencode(path))
            digest.update(b"\0")
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"unreadable")
            digest.update(b"\0")
    return digest.hexdigest()


def _code_files(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        yield root
        return
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(name for name in dirs if name not in _SKIPPED_DIRS)
        for name in sorted(files):
            if name.endswith(CODE_SUFFIXES):
                yield Path(folder, name)


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents
