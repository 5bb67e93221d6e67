"""Find the project's test files, where pytest would look, without pytest.

pytest's ``testpaths`` and ``python_files`` are read from the rootdir's
configuration file, in pytest's order of precedence (``pytest.ini``,
``.pytest.ini``, ``pyproject.toml``, ``tox.ini``, ``setup.cfg``). Without
``testpaths``, tests are looked for in ``tests/`` and ``test/`` at the
rootdir and among the checked files.
"""

from __future__ import annotations

import configparser
import fnmatch
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pytest_backend_guide import ProjectContext

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

DEFAULT_PYTHON_FILES = ("test_*.py", "*_test.py")
DEFAULT_TEST_DIRS = ("tests", "test")
CONFTEST = "conftest.py"
_INI_SECTIONS = (
    ("pytest.ini", "pytest"),
    (".pytest.ini", "pytest"),
    ("pyproject.toml", ""),
    ("tox.ini", "pytest"),
    ("setup.cfg", "tool:pytest"),
)


@dataclass(frozen=True)
class PytestLayout:
    """Where pytest looks for tests.

    Attributes:
        testpaths: ``testpaths`` as configured (may hold glob patterns).
        python_files: Patterns of test file names.
    """

    testpaths: tuple[str, ...] = ()
    python_files: tuple[str, ...] = DEFAULT_PYTHON_FILES

    def is_test_file(self, relpath: str) -> bool:
        """Return whether pytest would collect a file as a test module.

        Args:
            relpath: The file's path relative to the rootdir.

        Returns:
            True when its name (or path, for patterns with a ``/``) matches
            ``python_files``.
        """
        name = relpath.rsplit("/", 1)[-1]
        for pattern in self.python_files:
            if "/" in pattern:
                if fnmatch.fnmatch(relpath, pattern) or fnmatch.fnmatch(
                    relpath, f"*/{pattern}"
                ):
                    return True
            elif fnmatch.fnmatch(name, pattern):
                return True
        return False


@dataclass(frozen=True)
class Suite:
    """The project's test code.

    Attributes:
        layout: Where pytest looks for tests.
        roots: The test folders that exist, relative to the rootdir.
        tests: Test modules (matching ``python_files``), sorted.
        support: Other test code: ``conftest.py`` files and the helpers in
            the test folders, sorted.
    """

    layout: PytestLayout
    roots: tuple[str, ...]
    tests: tuple[str, ...]
    support: tuple[str, ...]

    @property
    def code(self) -> frozenset[str]:
        """Return every file of test code: tests and support."""
        return frozenset(self.tests + self.support)

    @property
    def home(self) -> str:
        """Return the folder where new tests belong (``tests`` by default)."""
        return self.roots[0] if self.roots else DEFAULT_TEST_DIRS[0]

    def describe(self) -> str:
        """Return where tests were looked for, for messages.

        Returns:
            Such as ``test_*.py or *_test.py under tests/``.
        """
        patterns = " or ".join(self.layout.python_files)
        if self.layout.testpaths:
            places = ", ".join(f"{path}/" for path in self.layout.testpaths)
            return f"{patterns} under testpaths {places}"
        return f"{patterns} under tests/ or the source roots"


def read_layout(rootdir: Path) -> PytestLayout:
    """Read ``testpaths`` and ``python_files`` from pytest's configuration.

    Args:
        rootdir: The project root.

    Returns:
        The layout; pytest's defaults when nothing is configured or the
        file cannot be read.
    """
    for name, section in _INI_SECTIONS:
        path = rootdir / name
        if not os.path.isfile(path):
            continue
        values = _toml_options(path) if not section else _ini_options(path, section)
        if values is None and section == "pytest" and name != "tox.ini":
            values = {}  # pytest.ini counts even without a [pytest] section
        if values is not None:
            return PytestLayout(
                _words(values.get("testpaths")),
                _words(values.get("python_files")) or DEFAULT_PYTHON_FILES,
            )
    return PytestLayout()


def find_suite(ctx: ProjectContext) -> Suite:
    """Find the test files of the project.

    Args:
        ctx: The project context.

    Returns:
        The test suite.
    """
    rootdir = ctx.rootdir
    layout = read_layout(rootdir)
    if layout.testpaths:
        folders = sorted(
            {path for pattern in layout.testpaths for path in _glob(rootdir, pattern)}
        )
    else:
        folders = [rootdir / name for name in DEFAULT_TEST_DIRS]
    folders = [folder for folder in folders if os.path.exists(folder)]
    in_folders = ctx.find_files(folders) if folders else []
    candidates = set(in_folders)
    if not layout.testpaths:
        candidates.update(
            found.relpath for found in ctx.files if not found.relpath.startswith("..")
        )
    tests = sorted(path for path in candidates if layout.is_test_file(path))
    support = sorted(
        path
        for path in candidates
        if not layout.is_test_file(path)
        and (path in in_folders or path.rsplit("/", 1)[-1] == CONFTEST)
    )
    roots = tuple(
        _relative(folder, rootdir) for folder in folders if os.path.isdir(folder)
    )
    return Suite(layout, roots, tuple(tests), tuple(support))


def _glob(rootdir: Path, pattern: str) -> list[Path]:
    """Expand one ``testpaths`` entry as pytest does, relative to the rootdir."""
    try:
        return list(rootdir.glob(pattern))
    except (ValueError, NotImplementedError, OSError):
        return []


def _toml_options(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    tool = data.get("tool", {})
    pytest_table = tool.get("pytest") if isinstance(tool, dict) else None
    if not isinstance(pytest_table, dict):
        return None
    options = pytest_table.get("ini_options")
    return options if isinstance(options, dict) else pytest_table


def _ini_options(path: Path, section: str) -> dict[str, Any] | None:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError):
        return None
    if not parser.has_section(section):
        return None
    return dict(parser.items(section))


def _words(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(value.split())
    if isinstance(value, Iterable):
        return tuple(str(item) for item in value)
    return ()


def _relative(folder: Path, rootdir: Path) -> str:
    try:
        return folder.relative_to(rootdir).as_posix()
    except ValueError:
        return folder.as_posix()
