"""``backend-guide config``: the effective configuration, as commented TOML.

Every key of ``[tool.backend-guide]`` and of every registered family's
table, with the value this run uses, the option's help above it and its
default beside it when the project changed it (like ``ruff check
--show-settings``). The text is valid TOML: pasted into a
``pyproject.toml`` it configures the same run.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pytest_backend_guide.options import ConfigSection

TABLE = "tool.backend-guide"


def config_text(
    sections: Mapping[str, ConfigSection],
    values: Mapping[str, Mapping[str, Any]],
    source: str,
) -> str:
    """Return the effective configuration of every section.

    Args:
        sections: The sections, by name (``""`` for the top-level table).
        values: The validated values of each section, defaults filled in.
        source: Where the configuration was read from, for the heading.

    Returns:
        The TOML text.
    """
    lines = [f"# backend-guide configuration from {source}; defaults where unset"]
    for name in sorted(sections):
        section = sections[name]
        lines += ["", f"[{TABLE}.{name}]" if name else f"[{TABLE}]"]
        if section.help:
            lines.append(f"# {section.help}")
        table = values.get(name, {})
        for option in section.options:
            value = table.get(option.key, option.default)
            lines.append(f"# {option.help}")
            lines.append(_key_line(option.key, value, option.default))
    return "\n".join(lines) + "\n"


def _key_line(key: str, value: Any, default: Any) -> str:
    """Return ``key = value``, with the default when the value differs.

    TOML has no null: a key without a value (its default is "unset") is
    shown commented out.
    """
    if value is None:
        return f"# {key} = (unset)"
    line = f"{key} = {toml_value(value)}"
    if value != default:
        shown = "unset" if default is None else toml_value(default)
        line += f"  # default: {shown}"
    return line


def toml_value(value: Any) -> str:
    """Return a TOML literal for an option value.

    Args:
        value: A bool, int, string, sequence of strings or a table of those.

    Returns:
        The literal; tables inline, strings in JSON's escaping, which TOML's
        basic strings accept.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        items = [f"{json.dumps(str(k))} = {toml_value(v)}" for k, v in value.items()]
        return "{ " + ", ".join(items) + " }" if items else "{}"
    return "[" + ", ".join(toml_value(item) for item in value) + "]"
