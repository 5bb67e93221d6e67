"""Find the Python files to check, without importing or running anything.

The walk is our own rather than pytest's: it only looks at the configured
source roots, prunes excluded folders before entering them, never follows
symlinked folders (so symlink loops cannot trap it) and honours the
project's ``.gitignore`` files, nested ones included.

What cannot be checked is found too, each once, with the reason, so that it
is reported rather than silently left out: a folder that cannot be listed,
a ``*.py`` that is not a regular file (a FIFO, a device), and a symlink to a
file outside the project, which is never followed (its content could be
anything, ``/proc/self/environ`` or a key file, and would be printed). A
file name that is not valid UTF-8 is reported under an escaped name.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pathspec

from pytest_backend_guide.migrations import (
    ALEMBIC_INI,
    MIGRATIONS_DIR,
    VERSIONS_DIR,
    is_migrations_folder,
    script_locations,
)
from pytest_backend_guide.reading import file_kind, read_text_file
from pytest_backend_guide.settings import Settings

IGNORE_FILE_LIMIT = 1_048_576
FOLDER_PROBLEM = "cannot list the folder"

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
        relpath: Path relative to the rootdir, with ``/`` separators; a
            name that is not valid UTF-8 has its bad bytes escaped
            (``caf\\xe9.py``). A folder's ends in ``/``.
        path: Absolute path (with the name as the file system has it).
        problem: Why it cannot be checked, if it cannot: a folder that
            cannot be listed, a special file, a symlink out of the project.
    """

    relpath: str
    path: Path
    problem: str | None = None


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


def display_path(relpath: str) -> str:
    """Return a path that can be printed and encoded, escaping bytes that are not UTF-8.

    File names come from the file system as ``str`` with undecodable bytes
    kept as lone surrogates, which no UTF-8 encoder (a cache key, pytest's
    own cache, a JUnit XML file) accepts.

    Args:
        relpath: A path as the file system gave it.

    Returns:
        The same path, or, with its bad bytes written ``\\xNN``.
    """
    if relpath.isascii():
        return relpath
    try:
        relpath.encode("utf-8")
    except UnicodeEncodeError:
        raw = relpath.encode("utf-8", errors="surrogateescape")
        return raw.decode("utf-8", errors="backslashreplace")
    return relpath


def find_python_files(settings: Settings, suffix: str = ".py") -> list[FoundFile]:
    """Return every checkable Python file under the source roots, not excluded.

    Args:
        settings: The effective settings.
        suffix: The ending of the names to find; ``""`` finds every file.

    Returns:
        The files, sorted by path, each once.
    """
    return [found for found in discover(settings, suffix) if found.problem is None]


def discover(settings: Settings, suffix: str = ".py") -> list[FoundFile]:
    """Return every Python file under the source roots, and what cannot be checked.

    Args:
        settings: The effective settings.
        suffix: The ending of the names to find; ``""`` finds every file.

    Returns:
        The files, sorted by path, each once; those that cannot be checked
        (and folders that cannot be listed) carry their ``problem``.
    """
    walker = _Walker(settings, suffix)
    found: dict[str, FoundFile] = {}
    for root in settings.src:
        for path, relpath, problem in walker.walk(root):
            if relpath is None:
                relpath = relative_path(Path(path), settings.rootdir)
                if problem is not None and problem.startswith(FOLDER_PROBLEM):
                    relpath += "/"
            shown = display_path(relpath)
            if shown not in found:
                found[shown] = FoundFile(shown, Path(path), problem)
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

    def __init__(self, settings: Settings, suffix: str = ".py") -> None:
        self.settings = settings
        self.suffix = suffix
        self.rootdir = settings.rootdir
        self.exclude = (
            pathspec.GitIgnoreSpec.from_lines(settings.exclude)
            if settings.exclude
            else None
        )
        self._inside: tuple[str, ...] | None = None
        self.skip_migrations = settings.exclude_migrations
        self.package_roots = (self.rootdir, *settings.src)
        self.migration_trees: set[str] = set()
        if self.skip_migrations:
            for folder in dict.fromkeys(self.package_roots):
                self._add_script_locations(folder / ALEMBIC_INI)

    def walk(self, root: Path) -> Iterator[tuple[str, str | None, str | None]]:
        """Yield ``(absolute path, path relative to the rootdir or None, problem)``."""
        rules = self._rules_above(root)
        relroot = relative_path(root, self.rootdir)
        outside = relroot.startswith("..")
        if root == self.rootdir:
            yield from self._walk_folder(str(root), "", [])
            return
        parent_prefix = None if outside else relroot[: -len(root.name)]
        if os.path.isfile(root):
            if root.name.endswith(self.suffix) and not self._ignored(
                parent_prefix, rules, root.name
            ):
                yield str(root), None, None
            return
        if not os.path.isdir(root) or self._is_default_excluded(root.name):
            return
        if not self._ignored(parent_prefix, rules, f"{root.name}/"):
            prefix = None if outside else f"{relroot}/"
            inherited = [rule.below(root.name) for rule in rules]
            yield from self._walk_folder(str(root), prefix, inherited)

    def _walk_folder(
        self, folder: str, prefix: str | None, inherited: list[_IgnoreFile]
    ) -> Iterator[tuple[str, str | None, str | None]]:
        """Walk one folder tree; strings, not Paths, on this hot path."""
        skip_venvs = self.settings.default_excludes
        stack = [(folder, prefix, inherited)]
        while stack:
            directory, prefix, rules = stack.pop()
            try:
                entries = sorted(os.scandir(directory), key=lambda e: e.name)
            except OSError as exc:
                reason = exc.strerror or type(exc).__name__
                problem = f"{FOLDER_PROBLEM}: {reason}; no file in it is checked"
                shown = "./" if prefix == "" else prefix  # the rootdir itself
                yield directory, shown, problem
                continue
            if skip_venvs and any(entry.name == "pyvenv.cfg" for entry in entries):
                continue  # a virtualenv under any name
            rules = rules + self._own_rules(directory, entries)
            if self.skip_migrations and any(e.name == ALEMBIC_INI for e in entries):
                self._add_script_locations(Path(directory, ALEMBIC_INI))
            for entry in entries:
                name = entry.name
                try:
                    is_dir = entry.is_dir(follow_symlinks=False)
                except OSError:
                    continue
                if is_dir:
                    if self._is_default_excluded(name):
                        continue
                    if self.skip_migrations and self._is_migrations(
                        directory, entry, entries
                    ):
                        continue
                    if not self._ignored(prefix, rules, f"{name}/"):
                        child_prefix = None if prefix is None else f"{prefix}{name}/"
                        child_rules = [rule.below(name) for rule in rules]
                        stack.append((entry.path, child_prefix, child_rules))
                elif name.endswith(self.suffix) and not self._ignored(
                    prefix, rules, name
                ):
                    relpath = None if prefix is None else prefix + name
                    yield entry.path, relpath, self._file_problem(entry)

    def _add_script_locations(self, ini: Path) -> None:
        """Remember the migration folders an ``alembic.ini`` names, if it exists."""
        try:
            exists = ini.is_file()
        except OSError:  # an unreadable folder is reported by the walk
            return
        if exists:
            for folder in script_locations(ini, self.package_roots):
                self.migration_trees.add(str(folder))

    def _is_migrations(
        self, directory: str, entry: os.DirEntry[str], entries: list[os.DirEntry[str]]
    ) -> bool:
        """Decide whether a sub-folder holds migrations (not checked by default)."""
        name = entry.name
        if name in (MIGRATIONS_DIR, VERSIONS_DIR):
            siblings = [other.name for other in entries]
            if is_migrations_folder(directory, name, siblings):
                return True
        return entry.path in self.migration_trees

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

    def _file_problem(self, entry: os.DirEntry[str]) -> str | None:
        """Return why a ``*.py`` entry cannot be checked, or None if it can.

        Free for a plain file (the folder listing says what it is); a
        symlink costs a ``realpath`` and a ``stat``.
        """
        try:
            if entry.is_symlink():
                target = os.path.realpath(entry.path)
                if not target.startswith(self._inside_prefixes()):
                    return "a symlink to a file outside the project; not followed"
            if entry.is_file():
                return None
            return f"{file_kind(entry.stat().st_mode)}, not a regular file; not checked"
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            return f"cannot read: {reason}"

    def _inside_prefixes(self) -> tuple[str, ...]:
        """Return the real paths, ending in a separator, that hold the project."""
        if self._inside is None:
            roots = {os.path.realpath(self.rootdir)}
            roots.update(os.path.realpath(root) for root in self.settings.src)
            self._inside = tuple(os.path.join(root, "") for root in sorted(roots))
        return self._inside

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
        return [_IgnoreFile(_gitignore_spec(lines), "")] if lines else []

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


def _gitignore_spec(lines: list[str]) -> pathspec.GitIgnoreSpec:
    """Compile a ``.gitignore``, leaving out a line git would not take, as git does."""
    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except (ValueError, TypeError, re.error):
        return pathspec.GitIgnoreSpec.from_lines(
            [line for line in lines if _is_valid_pattern(line)]
        )


def _is_valid_pattern(line: str) -> bool:
    try:
        pathspec.GitIgnoreSpec.from_lines([line])
    except (ValueError, TypeError, re.error):
        return False
    return True


def _read_lines(path: Path) -> list[str]:
    text = read_text_file(path, IGNORE_FILE_LIMIT)  # a FIFO must not hang the walk
    return text.splitlines() if text is not None else []
