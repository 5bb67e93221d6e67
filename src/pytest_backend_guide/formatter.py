"""The project's own formatter line length, the default of ``line-length``.

A project formatted by ruff or Black at 100 or 120 columns would otherwise
get a STYLE001 report for every line between 89 and its own limit. Read in
ruff's order of precedence (``.ruff.toml``, ``ruff.toml``, then
``[tool.ruff]`` of ``pyproject.toml``), then ``[tool.black]``; a file that
cannot be read or parsed is passed over (it is the formatter's to report).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

KEY = "line-length"


@dataclass(frozen=True)
class FormatterLength:
    """A line length set for a formatter.

    Attributes:
        length: The maximum line length.
        source: Where it was set, e.g. ``[tool.ruff] in pyproject.toml``.
    """

    length: int
    source: str


def formatter_line_length(folder: Path) -> FormatterLength | None:
    """Return the line length the project's formatter is set to, if any.

    Args:
        folder: The folder of the configuration file in use.

    Returns:
        The first length set, or None when no formatter sets one.
    """
    for name in (".ruff.toml", "ruff.toml"):
        length = _length(_read(folder / name))
        if length is not None:
            return FormatterLength(length, name)
    tools = _read(folder / "pyproject.toml").get("tool", {})
    if not isinstance(tools, Mapping):
        return None
    for tool in ("ruff", "black"):
        table = tools.get(tool, {})
        length = _length(table) if isinstance(table, Mapping) else None
        if length is not None:
            return FormatterLength(length, f"[tool.{tool}] in pyproject.toml")
    return None


def _length(table: Mapping[str, Any]) -> int | None:
    """Return a valid ``line-length`` of a table (Black also accepts ``_``)."""
    for key in (KEY, KEY.replace("-", "_")):
        value = table.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
    return None


def _read(path: Path) -> Mapping[str, Any]:
    """Return a TOML file's data, empty when it is missing or broken."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
