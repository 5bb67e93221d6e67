"""Read the requirements a ``pyproject.toml`` declares, PEP 621 and Poetry."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from packaging.utils import canonicalize_name

from pytest_backend_guide.checks.dependencies.declared import (
    BOUNDED,
    EXACT,
    OPEN,
    Declared,
    normalised_specifier,
    parse_requirement,
    parse_specifier,
    specifier_strength,
    url_strength,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

PYPROJECT = "pyproject.toml"
_TABLE = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_POETRY_VERSION = re.compile(r"^\d+(\.\d+)*$")


@dataclass
class _Lines:
    """Finds the line of a value in a TOML text, table by table."""

    lines: list[str]
    used: set[tuple[int, str]] = field(default_factory=set)

    def table_span(self, table: str) -> tuple[int, int]:
        """Return the 0-based line range of ``[table]``, or the whole file."""
        wanted = table.replace(" ", "")
        start = None
        for index, line in enumerate(self.lines):
            match = _TABLE.match(line)
            if match is None:
                continue
            name = match.group(1).replace(" ", "").replace('"', "")
            if start is not None:
                return start, index
            if name == wanted:
                start = index
        return (start, len(self.lines)) if start is not None else (0, len(self.lines))

    def find(self, tables: tuple[str, ...], needle: re.Pattern[str]) -> int:
        """Return the 1-based line of ``needle`` in the first table that has it."""
        for table in tables:
            begin, end = self.table_span(table)
            for index in range(begin, end):
                seen = (index, needle.pattern)
                if seen not in self.used and needle.search(self.lines[index]):
                    self.used.add(seen)
                    return index + 1
        return 1


def declares_manifest(data: Mapping[str, Any]) -> bool:
    """Return whether a parsed ``pyproject.toml`` declares dependencies.

    Args:
        data: The parsed file.

    Returns:
        True for ``[project] dependencies`` (even empty), dependencies
        marked ``dynamic``, ``[dependency-groups]`` or Poetry's
        ``[tool.poetry.dependencies]``.
    """
    project = _table(data, "project")
    if "dependencies" in project or "dependencies" in project.get("dynamic", ()):
        return True
    if _table(data, "dependency-groups"):
        return True
    return "dependencies" in _table(_table(data, "tool"), "poetry")


def load_pyproject(text: str) -> dict[str, Any] | None:
    """Parse a ``pyproject.toml`` text, or return None when it is not TOML.

    Args:
        text: The file's text.

    Returns:
        The parsed tables, or None.
    """
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def pyproject_requirements(
    data: Mapping[str, Any], text: str, path: str = PYPROJECT
) -> Iterator[Declared]:
    """Yield every requirement of a parsed ``pyproject.toml``.

    Reads ``[project] dependencies``, ``[project.optional-dependencies]``,
    ``[dependency-groups]`` (``include-group`` entries aside), and Poetry's
    ``[tool.poetry.dependencies]``, ``[tool.poetry.dev-dependencies]`` and
    ``[tool.poetry.group.<name>.dependencies]`` (``python`` aside). The
    project's own name (``myapp[test]`` in an extra) is not a dependency.

    Args:
        data: The parsed file.
        text: Its text, to find each requirement's line.
        path: The file, relative to the rootdir.

    Yields:
        The requirements, in file order per table.
    """
    lines = _Lines(text.splitlines())
    project = _table(data, "project")
    own = canonicalize_name(str(project.get("name", ""))) if project else ""
    tables = {"dependencies": project.get("dependencies", [])}
    for extra, items in _table(project, "optional-dependencies").items():
        tables[f"optional-dependencies.{extra}"] = items
    for group, items in _table(data, "dependency-groups").items():
        tables[f"dependency-groups.{group}"] = items
    sources = _uv_sources(data)
    for where, items in tables.items():
        homes = _homes(where)
        for item in items if isinstance(items, list) else ():
            if not isinstance(item, str):
                continue  # {include-group = "..."}
            line = lines.find(homes, _quoted(item))
            declared = parse_requirement(item, path, line)
            if declared is None or declared.name == own:
                continue
            source = sources.get(declared.name)
            if source is None:
                yield declared
            elif source != LOCAL:
                yield replace(declared, strength=source)
    yield from _poetry(data, lines, path)


LOCAL = "local"


def _uv_sources(data: Mapping[str, Any]) -> dict[str, str]:
    """Return package -> strength given by ``[tool.uv.sources]``, or ``local``.

    A path or workspace source is the project's own code, not a dependency
    to pin; a git source is pinned by ``rev`` or ``tag``, not by ``branch``;
    a URL names one archive.
    """
    found: dict[str, str] = {}
    for name, source in _table(_table(_table(data, "tool"), "uv"), "sources").items():
        if not isinstance(source, Mapping):
            continue
        normal = canonicalize_name(str(name))
        if "path" in source or source.get("workspace"):
            found[normal] = LOCAL
        elif "git" in source:
            found[normal] = EXACT if "rev" in source or "tag" in source else OPEN
        elif "url" in source:
            found[normal] = EXACT
    return found


def _homes(where: str) -> tuple[str, ...]:
    if where == "dependencies":
        return ("project",)
    if where.startswith("optional-dependencies."):
        return ("project.optional-dependencies", "project")
    return ("dependency-groups",)


def _poetry(data: Mapping[str, Any], lines: _Lines, path: str) -> Iterator[Declared]:
    poetry = _table(_table(data, "tool"), "poetry")
    tables = {"tool.poetry.dependencies": _table(poetry, "dependencies")}
    tables["tool.poetry.dev-dependencies"] = _table(poetry, "dev-dependencies")
    for group, content in _table(poetry, "group").items():
        if isinstance(content, Mapping):
            table = f"tool.poetry.group.{group}.dependencies"
            tables[table] = _table(content, "dependencies")
    for table, entries in tables.items():
        for name, value in entries.items():
            if name.lower() == "python":
                continue
            key = re.compile(rf'^\s*["\']?{re.escape(name)}["\']?\s*=')
            line = lines.find((table,), key)
            declared = _poetry_entry(str(name), value, path, line)
            if declared is not None:
                yield declared


def _poetry_entry(name: str, value: Any, path: str, line: int) -> Declared | None:
    """Judge one Poetry dependency: a version string, a table or a list of them."""
    text = f"{name} = {value!r}"
    normal = canonicalize_name(name)
    if isinstance(value, list):  # multiple constraints: the loosest decides
        strengths = [_poetry_strength(item) for item in value]
        known = [s for s in strengths if s is not None]
        if not known:
            return None
        loosest = OPEN if OPEN in known else BOUNDED if BOUNDED in known else EXACT
        return Declared(normal, text, path, line, repr(value), loosest)
    single = _poetry_strength(value)
    if single is None:
        return None
    spec = value if isinstance(value, str) else str(value.get("version", value))
    return Declared(normal, text, path, line, _poetry_spec(spec), single)


def _poetry_strength(value: Any) -> str | None:
    if isinstance(value, Mapping):
        if "path" in value:
            return None
        if "git" in value:
            pinned = "rev" in value or "tag" in value
            return EXACT if pinned else OPEN
        if "url" in value:
            strength = url_strength(str(value["url"]))
            return OPEN if strength is None else strength
        value = value.get("version", "*")
    if not isinstance(value, str):
        return OPEN
    return poetry_version_strength(value)


def poetry_version_strength(constraint: str) -> str:
    """Return how tightly a Poetry version constraint pins.

    Args:
        constraint: Such as ``^1.2``, ``~1.2``, ``1.2.3``, ``>=1,<2``, ``*``.

    Returns:
        ``exact`` for a bare version (Poetry reads it as ``==``),
        ``bounded`` for caret and tilde constraints or PEP 440 ones with an
        upper bound, ``open`` otherwise.
    """
    alternatives = [part.strip() for part in constraint.split("||")]
    strengths = [_one_poetry_strength(part) for part in alternatives]
    if OPEN in strengths:
        return OPEN
    return BOUNDED if BOUNDED in strengths else EXACT


def _one_poetry_strength(constraint: str) -> str:
    if constraint in ("", "*"):
        return OPEN
    if _POETRY_VERSION.match(constraint):
        return EXACT
    if constraint.startswith(("^", "~")) and not constraint.startswith("~="):
        return BOUNDED
    specifiers = parse_specifier(_poetry_spec(constraint))
    return OPEN if specifiers is None else specifier_strength(specifiers)


def _poetry_spec(constraint: str) -> str:
    """Return a Poetry constraint in PEP 440 form where it has one, for comparing."""
    text = re.sub(r"\s*,\s*|\s+(?=[<>=!~])", ",", constraint.strip())
    if _POETRY_VERSION.match(text):
        return f"=={text}"
    specifiers = parse_specifier(text)
    return text if specifiers is None else normalised_specifier(specifiers)


def _quoted(item: str) -> re.Pattern[str]:
    escaped = re.escape(item)
    return re.compile(rf"([\"']){escaped}\1")


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    return value if isinstance(value, Mapping) else {}
