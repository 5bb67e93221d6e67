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
        for path, relpath in walker.walk(root):
            if relpath is None:
                relpath = relative_path(Path(path), settings.rootdir)
            if relpath not in found:
                found[relpath] = FoundFile(relpath, Path(path))
    return sorted(found.values())


@dataclass(frozen=True)
class _IgnoreFile:
    """The patterns of one ``.gitignore``, seen from a folder below it.

    Attributes:
        spec: The compiled patterns.
        prefix: The listed folder relative to the ``.gitignore``'s folder,
            ``""`` or ending in ``/``.
    """

    spec: pathspec.GitIgnoreSpec
    prefix: str

    def below(self, name: str) -> _IgnoreFile:
        return _IgnoreFile(self.spec, f"{self.prefix}{name}/")


class _Walker:
    """Walks source roots, deciding on each entry from its folder's rules.

    The rules of a folder (its ``.gitignore`` files, nearest last) are built
    once per folder from its parent's, so deciding on an entry costs a few
    pattern matches and no file-system calls.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.rootdir = settings.rootdir
        self.exclude = (
            pathspec.GitIgnoreSpec.from_lines(settings.exclude)
            if settings.exclude
            else None
        )

    def walk(self, root: Path) -> Iterator[tuple[str, str | None]]:
        """Yield ``(absolute path, path relative to the rootdir or None)``."""
        rules = self._rules_above(root)
        relroot = relative_path(root, self.rootdir)
        outside = relroot.startswith("..")
        if root == self.rootdir:
            yield from self._walk_folder(str(root), "", [])
            return
        parent_prefix = None if outside else relroot[: -len(root.name)]
        if root.is_file():
            if root.suffix == ".py" and not self._ignored(
                parent_prefix, rules, root.name
            ):
                yield str(root), None
            return
        if not root.is_dir() or self._is_default_excluded(root.name):
            return
        if not self._ignored(parent_prefix, rules, f"{root.name}/"):
            prefix = None if outside else f"{relroot}/"
            inherited = [rule.below(root.name) for rule in rules]
            yield from self._walk_folder(str(root), prefix, inherited)

    def _walk_folder(
        self, folder: str, prefix: str | None, inherited: list[_IgnoreFile]
    ) -> Iterator[tuple[str, str | None]]:
        """Walk one folder tree; strings, not Paths, on this hot path."""
        skip_venvs = self.settings.default_excludes
        stack = [(folder, prefix, inherited)]
        while stack:
            directory, prefix, rules = stack.pop()
            try:
                entries = sorted(os.scandir(directory), key=lambda e: e.name)
            except OSError:
                continue  # unreadable folder: nothing in it can be listed
            if skip_venvs and any(entry.name == "pyvenv.cfg" for entry in entries):
                continue  # a virtualenv under any name
            rules = rules + self._own_rules(directory, entries)
            for entry in entries:
                name = entry.name
                try:
                    is_dir = entry.is_dir(follow_symlinks=False)
                except OSError:
                    continue
                if is_dir:
                    if self._is_default_excluded(name):
                        continue
                    if not self._ignored(prefix, rules, f"{name}/"):
                        child_prefix = None if prefix is None else f"{prefix}{name}/"
                        child_rules = [rule.below(name) for rule in rules]
                        stack.append((entry.path, child_prefix, child_rules))
                elif name.endswith(".py") and not self._ignored(prefix, rules, name):
                    yield entry.path, None if prefix is None else prefix + name

    def _ignored(self, prefix: str | None, rules: list[_IgnoreFile], name: str) -> bool:
        """Decide on one entry; ``name`` ends in ``/`` for a folder."""
        if self.exclude is not None and prefix is not None:
            if self.exclude.match_file(prefix + name):
                return True
        for rule in reversed(rules):  # the nearest .gitignore decides
            include = rule.spec.check_file(rule.prefix + name).include
            if include is not None:
                return include
        return False

    def _is_default_excluded(self, name: str) -> bool:
        if not self.settings.default_excludes:
            return False
        return name in DEFAULT_EXCLUDED_DIRS or name.endswith(".egg-info")

    def _own_rules(
        self, directory: str | Path, entries: list[os.DirEntry[str]]
    ) -> list[_IgnoreFile]:
        if not self.settings.respect_gitignore:
            return []
        names = {
            entry.name for entry in entries if entry.name in (".gitignore", ".git")
        }
        lines: list[str] = []
        for name in (".gitignore", ".git/info/exclude"):
            if name.split("/")[0] in names:
                lines.extend(_read_lines(Path(directory, name)))
        return (
            [_IgnoreFile(pathspec.GitIgnoreSpec.from_lines(lines), "")] if lines else []
        )

    def _rules_above(self, root: Path) -> list[_IgnoreFile]:
        """Return the .gitignore rules of the folders above a source root."""
        if not self.settings.respect_gitignore:
            return []
        chain: list[Path] = []
        for directory in root.parents:
            if directory != self.rootdir and self.rootdir not in directory.parents:
                break  # only the rootdir and the folders inside it
            chain.append(directory)
            if directory == self.rootdir or (directory / ".git").exists():
                break
        rules: list[_IgnoreFile] = []
        for directory in reversed(chain):
            rules = [rule.below(directory.name) for rule in rules]
            try:
                entries = list(os.scandir(directory))
            except OSError:
                continue
            rules += self._own_rules(directory, entries)
        return rules


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
