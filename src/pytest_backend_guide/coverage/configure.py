"""The guide's own coverage.py: which configuration, which files.

coverage.py's configuration is honoured as coverage.py itself reads it;
the guide only fills in what it leaves open: which files to measure
(the guide's source roots, without test code) when it names none.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pytest_backend_guide.settings import Settings

COVERAGE_CONFIG_FILES = (".coveragerc", "setup.cfg", "tox.ini", "pyproject.toml")
TEST_CODE = ("*/tests/*", "*/test_*.py", "*/*_test.py", "*/conftest.py")
ROOT_SCRIPTS = ("test/*", "setup.py", "noxfile.py")


def own_coverage(settings: Settings, cwd: Path) -> tuple[Any, bool]:
    """Create the guide's own ``coverage.Coverage``, not started.

    coverage.py's configuration is honoured (``[tool.coverage.run]`` and
    friends); when it names no ``source``, ``source_pkgs``, ``source_dirs``
    or ``include``, the guide's source roots are measured, without test
    code and build scripts (``setup.py``, ``noxfile.py``).

    Args:
        settings: The guide's settings.
        cwd: The invocation directory.

    Returns:
        The object, and whether the guide chose the measured files.
    """
    import coverage

    cov = coverage.Coverage(
        data_file=None, config_file=config_file(settings.rootdir, cwd)
    )
    config = cov.config
    chosen = (
        config.source
        or config.source_pkgs
        or getattr(config, "source_dirs", None)
        or config.run_include
    )
    if not chosen:
        cov.set_option("run:source", source_dirs(settings.src))
        scripts = [f"{settings.rootdir}/{name}" for name in ROOT_SCRIPTS]
        omit = [*config.run_omit, *TEST_CODE, *scripts]
        cov.set_option("run:omit", omit)
    quiet = [*config.disable_warnings, "no-data-collected"]
    cov.set_option("run:disable_warnings", quiet)
    if not getattr(config, "core", None) and _c_tracer_unloaded():
        cov.set_option("run:core", "pytrace")
    return cov, not chosen


def _c_tracer_unloaded() -> bool:
    """Return whether coverage.py's C tracer was imported, then unloaded.

    pytester's in-process runs drop the modules a run imported; the C
    extension then re-imports empty, and only the Python tracer works.
    """
    try:
        from coverage import tracer
    except ImportError:
        return False  # no C tracer at all: coverage.py falls back by itself
    return not hasattr(tracer, "CTracer")


def config_file(rootdir: Path, cwd: Path) -> str | bool:
    """Return coverage.py's ``config_file`` argument for this run.

    coverage.py reads its configuration from the current directory; when
    pytest runs from elsewhere, the rootdir's ``.coveragerc`` or
    ``pyproject.toml`` (with a ``[tool.coverage`` table) is used instead.

    Args:
        rootdir: pytest's rootdir.
        cwd: The invocation directory.

    Returns:
        A file name, or True for coverage.py's own search.
    """
    if os.environ.get("COVERAGE_RCFILE") or _same(rootdir, cwd):
        return True
    if any((cwd / name).is_file() for name in COVERAGE_CONFIG_FILES):
        return True
    rcfile = rootdir / ".coveragerc"
    if rcfile.is_file():
        return str(rcfile)
    pyproject = rootdir / "pyproject.toml"
    try:
        if "[tool.coverage" in pyproject.read_text(encoding="utf-8"):
            return str(pyproject)
    except (OSError, UnicodeDecodeError):
        pass
    return True


def source_dirs(roots: Iterable[Path]) -> list[str]:
    """Return the folders to measure for the guide's source roots.

    Args:
        roots: Source roots, folders or files.

    Returns:
        The folders (a file's own folder), each once.
    """
    folders: list[str] = []
    for root in roots:
        folder = str(root if root.is_dir() else root.parent)
        if folder not in folders:
            folders.append(folder)
    return folders


def _same(first: Path, second: Path) -> bool:
    try:
        return first.resolve() == second.resolve()
    except OSError:
        return False
