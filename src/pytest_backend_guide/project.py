"""Project-level checks: what they declare and what they may look at."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pytest_backend_guide.options import ParsedSection, read_options
from pytest_backend_guide.reading import is_inside, read_regular_file
from pytest_backend_guide.settings import Settings
from pytest_backend_guide.source import SourceError, SourceFile
from pytest_backend_guide.violation import Violation

if TYPE_CHECKING:  # the walk (and pathspec) is imported only by runs that walk
    from pytest_backend_guide.discovery import FoundFile
    from pytest_backend_guide.cache import ResultCache
    from pytest_backend_guide.project_files import ProjectFiles

T = TypeVar("T")


@dataclass(frozen=True)
class FileFact:
    """Something a project check learns from one file's text alone.

    Declared by a :class:`ProjectCheck` and read with
    :meth:`ProjectContext.file_fact`. Because it depends on nothing but the
    text, it is computed for every file while the file stage has the file in
    hand (over all cores, from the bytes already read) and cached with the
    file's result, under its content key.

    Attributes:
        kind: Its name, one per fact in a session, e.g. ``imports``.
        compute: Derives it from a decoded file; returns JSON-compatible
            data and may raise :class:`SourceError`.
        validate: Raises ``TypeError`` or ``ValueError`` when data read back
            from the cache is not what ``compute`` gives (a damaged entry):
            the file is then checked again and its entry rewritten.
    """

    kind: str
    compute: Callable[[SourceFile], Any]
    validate: Callable[[Any], object] | None = None

    def is_valid(self, data: Any) -> bool:
        """Tell whether data read back from the cache can stand for this fact.

        Args:
            data: The cached data.

        Returns:
            Whether ``validate`` accepts it (always, without a validator).
        """
        if self.validate is None:
            return True
        try:
            self.validate(data)
        except (TypeError, ValueError, RecursionError):
            return False
        return True


@dataclass(frozen=True)
class ProjectCheck:
    """A check of the whole project, run once and reported as one item.

    The item is ``pyproject.toml::guide[<name>]``; it exists only when at
    least one of ``codes`` is enabled.

    Attributes:
        name: Item name suffix, e.g. ``architecture``.
        codes: The rule codes this check reports.
        run: Computes the violations from a :class:`ProjectContext`.
        facts: The per-file facts ``run`` reads through
            :meth:`ProjectContext.file_fact`.
        show_lines: Show each reported line under its violation; False for
            a check whose lines hold what must not be printed (secrets).
        replay: True lets a warm run show the stored result when nothing
            under the rootdir, no discovered file, no setting and nothing git
            tracks changed (see :mod:`pytest_backend_guide.project_state`).
            A check opts in only if it reads nothing else (no environment,
            no files outside the project); left False, it runs every time,
            so a check written before replays existed is never shown stale.
    """

    name: str
    codes: tuple[str, ...]
    run: Callable[[ProjectContext], Iterable[Violation]]
    facts: tuple[FileFact, ...] = ()
    show_lines: bool = True
    replay: bool = False


@dataclass
class ProjectContext:
    """Everything a project-level check may look at.

    Python sources are read and parsed on first request and shared by all
    project checks of the session, and so are the analyses kept with
    :meth:`memo` (such as the import graph of
    :func:`pytest_backend_guide.helpers.project_imports`).

    Attributes:
        settings: The effective settings.
        files: The Python files that are checked, sorted by path.
        known_facts: Facts the file stage gave this session (computed or
            cached), by path and kind.
        value_cache: Where values and walked file lists are kept between
            runs, if anywhere.
        walk_shape: The digest of the tree's shape, when the session made
            it (see :mod:`pytest_backend_guide.project_state`).
    """

    settings: Settings
    files: tuple[FoundFile, ...]
    known_facts: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    _sources: dict[str, SourceFile | None] = field(default_factory=dict, repr=False)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)
    _paths: dict[str, Path] | None = field(default=None, repr=False)
    value_cache: ResultCache | None = field(default=None, repr=False)
    walk_shape: bytes | None = field(default=None, repr=False)

    @property
    def rootdir(self) -> Path:
        """Return the project root."""
        return self.settings.rootdir

    def project_files(self) -> ProjectFiles:
        """Return every file of the project, not only Python, listed once a session.

        Inside a git work tree these are the files git tracks under the
        rootdir (``git ls-files``), so untracked and ignored files never
        appear; without git, every file of the rootdir that the
        ``.gitignore`` files and the default excludes leave (see
        :mod:`pytest_backend_guide.project_files`).

        Returns:
            The files, and whether git listed them.
        """
        return self.memo("host.project-files", self._list_project_files)

    def _list_project_files(self) -> ProjectFiles:
        """List the project's files; a walk's list is reused while its shape holds.

        Without git, the list depends only on the tree's shape (which
        entries exist, and the files that steer the walk): when the session
        knows that shape's digest (:attr:`walk_shape`), the list stored under
        it is used instead of walking again.
        """
        from pytest_backend_guide.project_files import (
            ProjectFiles,
            list_project_files,
            walked_project_files,
        )

        settings = self.settings
        cache, shape = self.value_cache, self.walk_shape
        if cache is None or shape is None:
            return list_project_files(settings)
        key = cache.key("project-value:host.walked-files", shape)
        stored, paths = cache.get_value(key)
        if stored and type(paths) is list and all(type(p) is str for p in paths):
            return ProjectFiles(tuple(paths), False)
        walked = walked_project_files(settings)
        cache.put_value(key, list(walked))
        return ProjectFiles(walked, False)

    @property
    def report_path(self) -> str:
        """Return where findings about the project as a whole point.

        ``pyproject.toml`` when the rootdir has one, else ``.`` (the rootdir).
        """
        return self.settings.project_path

    def is_enabled(self, code: str) -> bool:
        """Return whether the rule ``code`` is enabled for the project."""
        return code in self.settings.enabled

    def section(self, name: str) -> Mapping[str, Any]:
        """Return the validated options of one section, or an empty mapping.

        Families with a :class:`ParsedSection` read :meth:`options_for`.

        Args:
            name: The section's name.

        Returns:
            Its values by kebab-case key.
        """
        return self.settings.options.get(name, {})

    def options_for(self, section: ParsedSection[T]) -> T:
        """Return a family's typed options, parsed once per session.

        Args:
            section: The family's declared section.

        Returns:
            The object its ``parse`` built.
        """
        settings = self.settings
        return read_options(section, settings.parsed, settings.options)

    def cached(self, kind: str, content: bytes, compute: Callable[[], T]) -> T:
        """Return a value computed from some content, cached between runs.

        For what a project check learns from files that are not checked
        Python files (configuration, docs): it digests what it read into
        ``content`` (paths and bytes), and the value is computed again only
        when that digest, the settings, the checkers or the plugin version
        change. Without a cache (``--guide-no-cache``, ``-p
        no:cacheprovider``) it is computed every time.

        Args:
            kind: Names the value, unique per check (``secrets.scan``).
            content: Everything the value depends on besides the settings.
            compute: Computes it; it must return JSON-compatible data.

        Returns:
            The value.
        """
        cache = self.value_cache
        if cache is None:
            return compute()
        key = cache.key(f"project-value:{kind}", content)
        stored, value = cache.get_value(key)
        if stored:
            cached_value: T = value
            return cached_value
        fresh = compute()
        cache.put_value(key, fresh)
        return fresh

    def status_digest(self, relpaths: Sequence[str]) -> bytes | None:
        """Digest the files' status (``lstat``), standing for their bytes.

        A cheap key for :meth:`cached`: the same digest means the same
        bytes without reading them (see :mod:`pytest_backend_guide.file_status`).

        Args:
            relpaths: Paths relative to the rootdir; a missing one counts.

        Returns:
            The digest, or None when a file changed in the last two
            seconds: then read the files and digest their bytes.
        """
        from pytest_backend_guide.file_status import status_digest

        return status_digest(self.rootdir, relpaths, time.time_ns())

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """Return an analysis of the project, building it on first request.

        Project checks that need the same analysis (the import graph, the
        backend package) share one object for the session this way.

        Args:
            key: Names the analysis; one builder per key, e.g.
                ``"helpers.project-imports"``.
            build: Computes it from this context.

        Returns:
            The analysis, built once per context.
        """
        if key not in self._memo:
            self._memo[key] = build()
        value: T = self._memo[key]
        return value

    def relpath(self, path: Path) -> str:
        """Return a path relative to the rootdir, ``/``-separated.

        Args:
            path: An absolute path.

        Returns:
            The relative path; outside the rootdir it keeps ``..`` segments.
        """
        from pytest_backend_guide.discovery import relative_path

        return relative_path(path, self.rootdir)

    def find_files(self, folders: Sequence[Path]) -> list[str]:
        """Return the Python files under some folders, with the project's excludes.

        For files that are not checked, such as the tests when ``src``
        leaves them out.

        Args:
            folders: Absolute folders to walk.

        Returns:
            Their Python files relative to the rootdir, as the walk finds them.
        """
        from pytest_backend_guide.discovery import find_python_files

        settings = replace(self.settings, src=tuple(folders))
        return [found.relpath for found in find_python_files(settings)]

    def source(self, relpath: str) -> SourceFile | None:
        """Return a checked Python file, parsed, or None if it cannot be.

        Files that cannot be read, decoded or parsed are reported by their
        own file items; project checks just skip them.

        Args:
            relpath: Path relative to the rootdir.

        Returns:
            The source with a usable ``tree``, or None.
        """
        if relpath not in self._sources:
            self._sources[relpath] = self._load(relpath)
        return self._sources[relpath]

    def read_source(self, relpath: str) -> SourceFile | None:
        """Return a project file decoded but not parsed, or None if it can't be.

        Files over ``max-file-size``, unreadable or undecodable files are
        None: their own file items report them.

        Args:
            relpath: Path relative to the rootdir.

        Returns:
            The decoded source, or None.
        """
        data = self._read_bytes(relpath)
        if data is None:
            return None
        try:
            return SourceFile.from_bytes(relpath, data)
        except SourceError:
            return None

    def file_fact(self, fact: FileFact, relpath: str) -> tuple[bool, Any]:
        """Return a fact of one file: from the file stage, else read it now.

        Args:
            fact: The fact.
            relpath: Path relative to the rootdir.

        Returns:
            ``(True, value)``, or ``(False, None)`` when the file cannot be
            read, decoded or parsed (its own item reports why).
        """
        known = self.known_facts.get(relpath)
        if known is not None and fact.kind in known:
            return True, known[fact.kind]
        return self.compute_fact(fact, relpath)

    def compute_fact(self, fact: FileFact, relpath: str) -> tuple[bool, Any]:
        """Read a file now and compute one of its facts.

        Args:
            fact: The fact.
            relpath: Path relative to the rootdir.

        Returns:
            ``(True, value)``, or ``(False, None)`` when the file cannot be
            read, decoded or parsed.
        """
        source = self.read_source(relpath)
        if source is None:
            return False, None
        try:
            return True, fact.compute(source)
        except SourceError:
            return False, None

    def _read_bytes(self, relpath: str) -> bytes | None:
        if self._paths is None:
            self._paths = {found.relpath: found.path for found in self.files}
        path = self._paths.get(relpath)  # its real name, when the shown one is escaped
        if path is None:
            path = self.rootdir / relpath
            roots = (self.rootdir, *self.settings.src)
            if not is_inside(path, roots):
                return None  # a symlink out of the project is never followed
        try:
            return read_regular_file(path, self.settings.max_file_size)
        except OSError:
            return None

    def _load(self, relpath: str) -> SourceFile | None:
        source = self.read_source(relpath)
        try:
            if source is not None:
                source.tree  # parse now, so that a broken file is skipped
        except SourceError:
            return None
        return source

    def violation(
        self,
        code: str,
        path: str,
        line: int,
        col: int,
        message: str,
        *,
        fix_hint: str | None = None,
        end_col: int | None = None,
    ) -> Violation:
        """Build a violation at a place in any file of the project.

        Args:
            code: Rule code.
            path: Path relative to the rootdir, ``/``-separated.
            line: 1-based line (1 for a file as a whole).
            col: 1-based character column.
            message: What is wrong.
            fix_hint: How to fix it.
            end_col: 1-based column just after the offending code.

        Returns:
            The violation.
        """
        return Violation(path, line, col, code, message, fix_hint, end_col)
