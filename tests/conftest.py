"""Shared fixtures: run the checkers on real snippets, in process."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from pytest_backend_guide.engine import FileResult, check_source
from pytest_backend_guide.manager import Checkers, load_checkers
from pytest_backend_guide.settings import Settings
from pytest_backend_guide.source import SourceFile

Lint = Callable[..., FileResult]


@pytest.fixture(scope="session")
def checkers() -> Checkers:
    """Return the installed checkers (built-ins through their entry points)."""
    return load_checkers()


@pytest.fixture
def lint(checkers: Checkers) -> Lint:
    """Return a function that checks a snippet and returns its result.

    The snippet is dedented. By default every registered rule is enabled
    (off-by-default ones too); pass ``select`` to narrow it, ``options`` to
    override option tables (``{"naming": {"deny-names": ("data",)}}``) and
    ``path`` to check it as another file.
    """

    def run(
        code: str,
        *,
        path: str = "app/module.py",
        select: Iterable[str] | None = None,
        options: Mapping[str, Mapping[str, Any]] | None = None,
        line_length: int = 88,
    ) -> FileResult:
        merged = {
            name: section.defaults() for name, section in checkers.sections.items()
        }
        for name, values in (options or {}).items():
            merged[name] = {**merged[name], **values}
        enabled = checkers.rules.all_codes()
        if select is not None:
            enabled = frozenset(
                code for code in enabled if any(code.startswith(s) for s in select)
            )
        settings = Settings(
            rootdir=Path.cwd(),
            config_path=None,
            src=(Path.cwd(),),
            line_length=line_length,
            enabled=enabled,
            options=merged,
        )
        source = SourceFile(path, textwrap.dedent(code))
        return check_source(source, settings, checkers.hook)

    return run
