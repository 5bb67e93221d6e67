"""Find the Python files to check, without importing or running anything.

The walk is our own rather than pytest's: it only looks at the configured
source roots, prunes excluded folders before entering them, never follows
symlinked folders (so symlink loops cannot trap it) and honours the
project's ``.gitignore`` files, nested ones included.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pathspec

from pytest_backend_guide.settings import Settings

DEFAULT_EXCLUDED_DIRS = frozenset(
    {
        ".bzr",
        ".direnv",
        ".eggs",
        ".git",
        ".hg",
        ".ipynb_checkpoints",
        ".mypy_cache",
        ".nox",
        ".pytest_cache",
        ".pytype",
        ".ruff_cache",
        ".svn",
        ".tox",
        ".venv",
        "__pycache__",
        "__pypackages__",
        "_build",
        "build",
        "dist",
        "node_modules",
        "site-packages",
        "venv",
    }
)


@dataclass(frozen=True, order=True)
class FoundFile:
    """A Python file to check.

    Attributes:
        relpath: Path relative to the rootdir, with ``/`` separators.
        path: Absolute path.
    """

    relpath: str
    path: Path


def relative_path(path: Path, rootdir: Path) -> str:
    """Return ``path`` relative to ``rootdir`` with ``/`` separators.

    Paths outside the rootdir keep ``..`` segments so they stay readable.

    Args:
        path: An absolute path.
        rootdir: The project root.

    Returns:
        The display path.
    """
    return Path(os.path.relpath(path, rootdir)).as_posix()


def find_python_files(settings: Settings) -> list[FoundFile]:
    """Return every Python file under the source roots that is not excluded.

    Args:
        settings: The effective settings.

    Returns:
        The files, sorted by path, each once.
    """
    walker = _Walker(settings)
    found: dict[str, FoundFile] = {}
    for root in settings.src:
        for path in walker.walk(root):
            relpath = relative_path(path, settings.rootdir)
            found.setdefault(relpath, FoundFile(relpath, path))
    return sorted(found.values())


class _Walker:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.rootdir = settings.rootdir
        self.exclude = pathspec.GitIgnoreSpec.from_lines(settings.exclude)
        self._gitignores: dict[Path, pathspec.GitIgnoreSpec | None] = {}

    def walk(self, root: Path) -> Iterator[Path]:
        if root.is_file():
            if root.suffix == ".py" and not self._excluded(root, is_dir=False):
                yield root
            return
        if not root.is_dir() or self._excluded(root, is_dir=True):
            return
        stack = [root]
        while stack:
            directory = stack.pop()
            try:
                entries = sorted(os.scandir(directory), key=lambda e: e.name)
            except OSError:
                continue  # unreadable folder: nothing in it can be listed
            for entry in entries:
                path = Path(entry.path)
                try:
                    is_dir = entry.is_dir(follow_symlinks=False)
                except OSError:
                    continue
                if is_dir:
                    if not self._excluded(path, is_dir=True):
                        stack.append(path)
                elif entry.name.endswith(".py") and not self._excluded(
                    path, is_dir=False
                ):
                    yield path

    def _excluded(self, path: Path, *, is_dir: bool) -> bool:
        settings = self.settings
        if is_dir and settings.default_excludes and self._is_default_excluded(path):
            return True
        relpath = relative_path(path, self.rootdir)
        suffix = "/" if is_dir else ""
        if not relpath.startswith("..") and self.exclude.match_file(relpath + suffix):
            return True
        return settings.respect_gitignore and self._gitignored(path, suffix)

    def _is_default_excluded(self, path: Path) -> bool:
        name = path.name
        if name in DEFAULT_EXCLUDED_DIRS or name.endswith(".egg-info"):
            return True
        return (path / "pyvenv.cfg").is_file()  # a virtualenv under any name

    def _gitignored(self, path: Path, suffix: str) -> bool:
        for directory in path.parents:
            spec = self._gitignore(directory)
            if spec is not None:
                relpath = path.relative_to(directory).as_posix() + suffix
                if spec.match_file(relpath):
                    return True
            if directory == self.rootdir or (directory / ".git").exists():
                break
        return False

    def _gitignore(self, directory: Path) -> pathspec.GitIgnoreSpec | None:
        if directory not in self._gitignores:
            lines: list[str] = []
            for name in (".gitignore", ".git/info/exclude"):
                try:
                    text = (directory / name).read_text(
                        encoding="utf-8", errors="replace"
                    )
                except OSError:
                    continue
                lines.extend(text.splitlines())
            self._gitignores[directory] = (
                pathspec.GitIgnoreSpec.from_lines(lines) if lines else None
            )
        return self._gitignores[directory]
