"""The project's console scripts, read from ``pyproject.toml``.

A module that ``[project.scripts]`` (or Poetry's ``[tool.poetry.scripts]``)
names is a command-line entry point, as ``cli.py`` is: it starts the
application, and may import ``main`` as ``main`` may.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


def script_modules(rootdir: Path) -> frozenset[str]:
    """Return the dotted modules the project's console scripts run.

    Args:
        rootdir: The project root, where ``pyproject.toml`` is.

    Returns:
        ``dispatch.cli`` for ``dispatch = "dispatch.cli:entrypoint"``; none
        when there is no readable ``pyproject.toml``.
    """
    try:
        data = tomllib.loads((rootdir / "pyproject.toml").read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return frozenset()
    tables = [
        _table(_table(data, "project"), "scripts"),
        _table(_table(_table(data, "tool"), "poetry"), "scripts"),
    ]
    modules = set()
    for table in tables:
        for target in table.values():
            if isinstance(target, str) and target.strip():
                modules.add(target.partition(":")[0].strip())
    return frozenset(modules)


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    return value if isinstance(value, Mapping) else {}
