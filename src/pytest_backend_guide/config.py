"""Read ``[tool.backend-guide]`` into validated :class:`Settings`.

Every mistake in the user's configuration is reported as a
:class:`ConfigError` that names the file, the table, the key (with its line
when it can be found) and the closest valid spelling.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pytest_backend_guide.custom_rules import (
    CustomRuleError,
    load_custom_rules,
    with_custom_rules,
)
from pytest_backend_guide.formatter import formatter_line_length
from pytest_backend_guide.manager import Checkers
from pytest_backend_guide.options import (
    ConfigSection,
    Option,
    OptionError,
    ParsedSection,
)
from pytest_backend_guide.registry import RuleRegistry
from pytest_backend_guide.settings import Settings
from pytest_backend_guide.shown_path import shown_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

TABLE = "tool.backend-guide"

TOP_LEVEL = ConfigSection(
    "",
    (
        Option(
            "src", "str-list", (), "Source roots to check, relative to the rootdir."
        ),
        Option(
            "exclude", "str-list", (), "Gitignore-style patterns of paths not to check."
        ),
        Option(
            "default-excludes",
            "bool",
            default=True,
            help="Skip virtualenvs, VCS folders, caches and build output.",
        ),
        Option(
            "exclude-migrations",
            "bool",
            default=True,
            help="Skip database migrations: migrations/, Alembic versions/.",
        ),
        Option(
            "respect-gitignore",
            "bool",
            default=True,
            help="Skip files that the project's .gitignore files ignore.",
        ),
        Option(
            "custom-rules",
            "str-list",
            (),
            "Glob patterns of ast-grep rule files with the project's own rules.",
        ),
        Option("select", "str-list", (), "Rules to enable, by code, name or prefix."),
        Option("extend-select", "str-list", (), "Rules to enable on top of select."),
        Option("ignore", "str-list", (), "Rules to disable, by code, name or prefix."),
        Option(
            "per-file-ignores",
            "str-list-map",
            default={},
            help="Gitignore-style pattern -> rules to disable in matching files.",
        ),
        Option("line-length", "int", 88, "Maximum line length (STYLE001).", minimum=1),
        Option(
            "max-file-size",
            "int",
            1_048_576,
            "Files larger than this many bytes are skipped, with a reason.",
            minimum=1,
        ),
        Option(
            "baseline",
            "str",
            ".guide-baseline.json",
            "The baseline file of known violations, relative to the config file.",
        ),
        Option(
            "mode",
            "str",
            "fail",
            "'warn' reports every violation but fails nothing, for a trial period.",
            choices=("fail", "warn"),
        ),
        Option(
            "output-format",
            "str",
            "full",
            "How violations are shown: 'full' frames or 'concise' lines.",
            choices=("full", "concise"),
        ),
        Option(
            "strict-baseline",
            "bool",
            default=False,
            help="Baseline entries that match no violation fail the run.",
        ),
    ),
    "Which files are checked and which rules run.",
)


class ConfigError(Exception):
    """The configuration is invalid; the message says where and how to fix it."""


@dataclass(frozen=True)
class CommandLine:
    """Configuration given on the pytest command line.

    Attributes:
        select: ``--guide-select`` value, replacing ``select`` when given.
        ignore: ``--guide-ignore`` value, replacing ``ignore`` when given.
    """

    select: str | None = None
    ignore: str | None = None


def read_table(path: Path, shown: str | None = None) -> dict[str, Any]:
    """Return the ``[tool.backend-guide]`` table of a TOML file.

    Args:
        path: A ``pyproject.toml``-like file.
        shown: How messages name the file (default: ``path`` as given).

    Returns:
        The table, empty when the file has none.

    Raises:
        ConfigError: The file cannot be read or is not valid TOML.
    """
    name = path if shown is None else shown
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        msg = f"{name}: cannot read the configuration: {exc.strerror or exc}"
        raise ConfigError(msg) from None
    except UnicodeDecodeError as exc:
        msg = f"{name}: the configuration is not UTF-8 ({exc.reason})"
        raise ConfigError(msg) from None
    except tomllib.TOMLDecodeError as exc:
        msg = f"{name}: invalid TOML: {exc}"
        raise ConfigError(msg) from None
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        msg = f"{name}: [tool] must be a table, not {_kind(tool)}"
        raise ConfigError(msg)
    table = tool.get("backend-guide", {})
    if not isinstance(table, dict):
        msg = f"{name}: [{TABLE}] must be a table, not {_kind(table)}"
        raise ConfigError(msg)
    return table


def _kind(value: object) -> str:
    return {str: "a string", list: "an array", bool: "a boolean"}.get(
        type(value), f"a value of type {type(value).__name__}"
    )


def load_settings(
    rootdir: Path,
    checkers: Checkers,
    config_path: Path | None = None,
    command_line: CommandLine | None = None,
) -> Settings:
    """Build the effective settings for a run.

    Args:
        rootdir: The pytest rootdir.
        checkers: Loaded checkers, for the rule registry and option tables.
        config_path: An explicit configuration file (``--guide-config``);
            the rootdir's ``pyproject.toml`` when not given.
        command_line: Selection given on the command line.

    Returns:
        The validated settings.

    Raises:
        ConfigError: A key, a value or a rule selector is invalid.
    """
    if config_path is not None and not config_path.is_file():
        msg = f"--guide-config: no such file: {shown_path(config_path, rootdir)}"
        raise ConfigError(msg)
    path = config_path or rootdir / "pyproject.toml"
    shown = shown_path(path, rootdir)
    table = read_table(path, shown) if path.is_file() else {}
    source = _Located(shown, path.read_text(encoding="utf-8") if table else "")
    command_line = command_line or CommandLine()

    sections = {name: s for name, s in checkers.sections.items()}
    top = _validate_table(table, TOP_LEVEL, source, sub_tables=sections)
    options = {
        name: _validate_table(table.get(name, {}), section, source)
        for name, section in sections.items()
    }
    parsed = {
        name: _parse_table(section, options[name], source)
        for name, section in sections.items()
        if isinstance(section, ParsedSection)
    }

    # Like ruff, paths in a configuration file are relative to that file.
    base = path.parent
    try:
        custom = load_custom_rules(base, rootdir, top["custom-rules"], checkers.rules)
    except CustomRuleError as exc:
        raise ConfigError(str(exc)) from None
    registry = with_custom_rules(checkers.rules, custom)
    _check_globs(top["exclude"], source, "exclude")
    _check_globs(top["per-file-ignores"], source, "per-file-ignores")
    if command_line.select is not None:
        selectors = _split(command_line.select)
        if not selectors:
            msg = (
                f"--guide-select {command_line.select!r}: no rule given; name "
                "codes, names or prefixes (ALL for every rule)"
            )
            raise ConfigError(msg)
        select = _resolve(selectors, registry, "--guide-select", None)
    elif "select" in table:
        select = _resolve(top["select"], registry, "select", source)
    else:
        select = registry.default_codes()
    select |= _resolve(top["extend-select"], registry, "extend-select", source)
    if command_line.ignore is not None:
        ignore = _resolve(
            _split(command_line.ignore), registry, "--guide-ignore", None, every=True
        )
    else:
        ignore = _resolve(top["ignore"], registry, "ignore", source, every=True)
    per_file = tuple(
        (pattern, _resolve(codes, registry, "per-file-ignores", source, every=True))
        for pattern, codes in top["per-file-ignores"].items()
    )

    enabled = frozenset(select - ignore)
    unused = _unused_options(table, sections, enabled, registry, source)
    line_length = _line_length(top["line-length"], table, base)
    src = tuple((base / entry).resolve() for entry in top["src"]) or (rootdir,)
    for root in src:
        if not root.exists():
            where = source.where("", "src")
            msg = f"{where}: source root '{shown_path(root, rootdir)}' does not exist"
            raise ConfigError(msg)
    return Settings(
        rootdir=rootdir,
        config_path=path if table else None,
        src=src,
        exclude=top["exclude"],
        default_excludes=top["default-excludes"],
        exclude_migrations=top["exclude-migrations"],
        respect_gitignore=top["respect-gitignore"],
        line_length=line_length,
        max_file_size=top["max-file-size"],
        enabled=enabled,
        per_file_ignores=per_file,
        options=options,
        parsed=parsed,
        baseline=(base / top["baseline"]).resolve(),
        strict_baseline=top["strict-baseline"],
        mode=top["mode"],
        output_format=top["output-format"],
        custom_rules=custom,
        warnings=unused,
        top_level={**top, "line-length": line_length},
    )


def _unused_options(
    table: Mapping[str, Any],
    sections: Mapping[str, ConfigSection],
    enabled: frozenset[str],
    registry: RuleRegistry,
    source: _Located,
) -> tuple[str, ...]:
    """Name the keys set in the file for rules that are all disabled.

    ``layers`` with ARCH010 ignored would otherwise be dropped without a
    word, while the user believes the layer order is checked.

    Args:
        table: The ``[tool.backend-guide]`` table as read.
        sections: The declared option tables.
        enabled: The rules enabled for every file.
        registry: Every rule, for their names.
        source: The configuration file, for line numbers.

    Returns:
        One warning per such key, naming it, its value and its rules.
    """
    found = []
    for name, section in sections.items():
        values = table.get(name)
        if not isinstance(values, Mapping):
            continue
        for key, value in values.items():
            option = section.get(key)
            if option is None or not enabled.isdisjoint(option.used_by or enabled):
                continue
            rules = ", ".join(
                f"{code} {registry.get(code).name}" if code in registry else code
                for code in option.used_by
            )
            if isinstance(value, bool):
                shown = str(value).lower()  # as TOML writes it
            elif isinstance(value, list):
                shown = "[" + ", ".join(repr(item) for item in value) + "]"
            else:
                shown = repr(value)
            found.append(
                f"{source.where(name, key)} = {shown} has no effect: "
                f"no rule that reads it is enabled ({rules})"
            )
    return tuple(found)


def _line_length(configured: int, table: Mapping[str, Any], base: Path) -> int:
    """Return ``line-length``: set here, else the formatter's, else 88."""
    if "line-length" in table:
        return configured
    formatter = formatter_line_length(base)
    return formatter.length if formatter else configured


class _Located:
    """Finds the line of a key in the configuration file, for messages."""

    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def where(self, section: str, key: str | None = None) -> str:
        table = f"{TABLE}.{section}" if section else TABLE
        line = self._find(table, key)
        place = f"{self.path}:{line}" if line else self.path
        return f"{place}: [{table}]" + (f" {key}" if key else "")

    def _find(self, table: str, key: str | None) -> int | None:
        header = re.compile(r"^\s*\[\s*" + re.escape(table) + r"\s*\]")
        any_header = re.compile(r"^\s*\[")
        key_line = re.compile(r"^\s*[\"']?" + re.escape(key or "") + r"[\"']?\s*=")
        inside = False
        for number, text in enumerate(self.lines, start=1):
            if header.match(text):
                if key is None:
                    return number
                inside = True
            elif any_header.match(text):
                inside = False
            elif inside and key_line.match(text):
                return number
        return None


def _validate_table(
    table: Mapping[str, Any],
    section: ConfigSection,
    source: _Located,
    sub_tables: Mapping[str, ConfigSection] | None = None,
) -> dict[str, Any]:
    if not isinstance(table, Mapping):
        msg = f"{source.where(section.name)}: must be a table"
        raise ConfigError(msg)
    sub_tables = sub_tables or {}
    values = section.defaults()
    for key, value in table.items():
        if key in sub_tables:
            continue
        option = section.get(key)
        if option is None:
            valid = section.keys() + list(sub_tables)
            kind = "table" if isinstance(value, Mapping) else "key"
            msg = f"{source.where(section.name, key)}: unknown {kind} '{key}'"
            raise ConfigError(msg + _did_you_mean(key, valid, kind))
        try:
            values[key] = option.coerce(value)
        except OptionError as exc:
            msg = f"{source.where(section.name, key)}: {exc}{_help(option)}"
            raise ConfigError(msg) from None
    return values


def _parse_table(
    section: ParsedSection[Any], values: Mapping[str, Any], source: _Located
) -> Any:
    """Build a family's typed options, or fail naming the key it cannot use."""
    try:
        return section.parsed(values)
    except OptionError as exc:
        option = section.get(exc.key) if exc.key else None
        shown = _help(option) if option is not None else ""
        msg = f"{source.where(section.name, exc.key)}: {exc}{shown}"
        raise ConfigError(msg) from None


def _help(option: Option) -> str:
    """Return the option's help, to follow a message about its value."""
    return f"\n  {option.key}: {option.help}" if option.help else ""


def _check_globs(patterns: Iterable[str], source: _Located, key: str) -> None:
    """Fail on the first gitignore-style pattern that does not compile.

    Raises:
        ConfigError: A pattern is invalid; the message names the key.
    """
    import pathspec  # only runs with patterns to check pay for it

    for pattern in patterns:
        try:
            pathspec.GitIgnoreSpec.from_lines([pattern])
        except (ValueError, TypeError, re.error) as exc:
            reason = str(exc) or type(exc).__name__
            msg = f"{source.where('', key)}: invalid pattern {pattern!r}: {reason}"
            raise ConfigError(msg) from None


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _resolve(
    selectors: Iterable[str],
    registry: RuleRegistry,
    key: str,
    source: _Located | None,
    *,
    every: bool = False,
) -> frozenset[str]:
    """Resolve rule selectors to codes, failing on the first unknown one.

    With ``every``, a prefix also names the family's off-by-default rules:
    ignoring ``DOC`` must ignore every DOC rule, including any selected ones.
    """
    codes: set[str] = set()
    for selector in selectors:
        matched = registry.match(selector)
        if matched is None:
            where = source.where("", key) if source else key
            hint = _did_you_mean(selector, registry.selector_vocabulary(), "code")
            msg = f"{where}: unknown rule code '{selector}'{hint}"
            raise ConfigError(msg)
        if every and selector != "ALL" and selector not in registry:
            matched = (
                frozenset(
                    rule.code for rule in registry if rule.code.startswith(selector)
                )
                or matched
            )
        codes |= matched
    return frozenset(codes)


def _did_you_mean(word: str, valid: Sequence[str], kind: str) -> str:
    close = difflib.get_close_matches(word, valid, n=1, cutoff=0.5)
    if close:
        return f" (did you mean '{close[0]}'?)"
    if kind == "code":
        return "; run 'pytest --guide-rules' to list the rules"
    shown = ", ".join(sorted(valid))
    return f"; valid {kind}s: {shown}"
