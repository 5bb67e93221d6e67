"""Typed option declarations for the configuration tables.

Each family declares its ``[tool.backend-guide.<section>]`` table once, as
a :class:`ParsedSection` of :class:`Option` objects and the frozen
dataclass the values become. The declarations drive validation at start-up
(unknown keys, wrong types and entries the family cannot use are usage
errors that name the key), defaults, and the configuration reference in
``docs/``. A checker reads its options, parsed once per session, with
``ctx.options_for(SECTION)``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")

KINDS = ("bool", "int", "str", "str-list", "str-list-map", "int-map")


class OptionError(ValueError):
    """A configured value does not have the declared type, or is unusable.

    Attributes:
        key: The key at fault, when a whole table is parsed at once (a
            :class:`ParsedSection`'s ``parse`` names it); None when the
            caller knows the key.
    """

    def __init__(self, message: str, key: str | None = None) -> None:
        """Describe the problem.

        Args:
            message: What is wrong, e.g. ``entry 'a..b' is not a module``.
            key: The key at fault, if the caller cannot know it.
        """
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Option:
    """One configuration key.

    Attributes:
        key: Kebab-case key as users write it in TOML.
        kind: One of ``bool``, ``int``, ``str``, ``str-list`` (a list of
            strings), ``str-list-map`` (a table of string lists) and
            ``int-map`` (a table of integers).
        default: Value used when the key is absent (lists as tuples).
        help: One line for the configuration reference.
        choices: For ``str`` options, the accepted values.
        minimum: For ``int`` and ``int-map`` options, the smallest accepted
            value.
        used_by: Codes of the rules that read the option. When the
            configuration sets it but none of them is enabled, a start-up
            warning names the key and its value: it has no effect.
    """

    key: str
    kind: str
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    used_by: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Reject an undeclared kind at definition time."""
        if self.kind not in KINDS:
            msg = f"option {self.key!r} has unknown kind {self.kind!r}"
            raise ValueError(msg)

    def coerce(self, value: Any) -> Any:
        """Validate a TOML value and convert lists to tuples.

        Args:
            value: The value as read from TOML (or the command line).

        Returns:
            The value in its frozen form.

        Raises:
            OptionError: The value has the wrong type or is out of range.
        """
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise OptionError(f"expected true or false, got {_shown(value)}")
            return value
        if self.kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                raise OptionError(f"expected an integer, got {_shown(value)}")
            if self.minimum is not None and value < self.minimum:
                raise OptionError(f"expected an integer >= {self.minimum}, got {value}")
            return value
        if self.kind == "str":
            if not isinstance(value, str):
                raise OptionError(f"expected a string, got {_shown(value)}")
            if self.choices and value not in self.choices:
                allowed = ", ".join(repr(choice) for choice in self.choices)
                raise OptionError(f"expected one of {allowed}, got {value!r}")
            return value
        if self.kind == "str-list":
            return _string_tuple(value)
        if self.kind == "int-map":
            return _int_map(value, self.minimum)
        if not isinstance(value, Mapping):
            raise OptionError(f"expected a table of string lists, got {_shown(value)}")
        return {str(name): _string_tuple(item) for name, item in value.items()}


@dataclass(frozen=True)
class ConfigSection:
    """The options of one ``[tool.backend-guide.<name>]`` table.

    Attributes:
        name: The table name (``naming``), or ``""`` for the top-level table.
        options: The declared keys.
        help: One line saying what the table configures.
    """

    name: str
    options: tuple[Option, ...]
    help: str = ""

    def keys(self) -> list[str]:
        """Return the declared keys."""
        return [option.key for option in self.options]

    def get(self, key: str) -> Option | None:
        """Return the option declared under ``key``, if any."""
        for option in self.options:
            if option.key == key:
                return option
        return None

    def defaults(self) -> dict[str, Any]:
        """Return every key with its default value."""
        return {option.key: option.default for option in self.options}

    def with_defaults(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Return validated values with every missing key at its default.

        Args:
            values: The table's validated values (any subset of the keys).

        Returns:
            Every declared key, by its kebab-case name.
        """
        return {**self.defaults(), **values}

    def as_fields(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Return :meth:`with_defaults` keyed by Python names (``skip_overload``).

        Meant for a dataclass whose fields are the table's keys in snake case:
        ``Options(**SECTION.as_fields(values))``.

        Args:
            values: The table's validated values (any subset of the keys).

        Returns:
            Every declared key, by its snake-case name.
        """
        merged = self.with_defaults(values)
        return {key.replace("-", "_"): value for key, value in merged.items()}


@dataclass(frozen=True)
class ParsedSection(ConfigSection, Generic[T]):
    """A table whose values a family reads as one typed object.

    The host validates each key against its :class:`Option`, then calls
    ``parse`` once per session with every key (defaults filled in) by its
    Python name: ``skip_overload=True``. A frozen dataclass whose fields are
    the keys in snake case is a ``parse`` as it is; a classmethod can check
    entries across keys and compile them. ``parse`` raises
    :class:`OptionError` with the ``key`` at fault for an entry it cannot
    use: the run stops with a usage error naming it.

    Attributes:
        parse: Builds the typed options from the keys by Python name.
    """

    parse: Callable[..., T] | None = None

    def parsed(self, values: Mapping[str, Any]) -> T:
        """Return the typed options of validated values.

        Args:
            values: The table's validated values (any subset of the keys).

        Returns:
            What ``parse`` builds from them.

        Raises:
            OptionError: ``parse`` cannot use an entry.
            TypeError: The section was declared without ``parse``.
        """
        if self.parse is None:
            raise TypeError(f"section {self.name!r} declares no parse")
        return self.parse(**self.as_fields(values))


def _string_tuple(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(
        isinstance(v, str) for v in value
    ):
        raise OptionError(f"expected a list of strings, got {_shown(value)}")
    return tuple(value)


def _int_map(value: Any, minimum: int | None) -> dict[str, int]:
    if not isinstance(value, Mapping):
        raise OptionError(f"expected a table of integers, got {_shown(value)}")
    table = {}
    for name, item in value.items():
        if isinstance(item, bool) or not isinstance(item, int):
            raise OptionError(f"{name!r}: expected an integer, got {_shown(item)}")
        if minimum is not None and item < minimum:
            raise OptionError(f"{name!r}: expected an integer >= {minimum}, got {item}")
        table[str(name)] = item
    return table


def _shown(value: Any) -> str:
    kind = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "a table"
    return f"{kind.get(type(value), type(value).__name__)} ({value!r})"


def read_options(
    section: ParsedSection[T],
    parsed: Mapping[str, Any],
    values: Mapping[str, Mapping[str, Any]],
) -> T:
    """Return a section's typed options: parsed at start-up, else parsed now.

    Args:
        section: The family's section.
        parsed: The typed options of the session, by section name.
        values: The validated tables, for a context built without
            start-up (a test's): its section is parsed on each call.

    Returns:
        The typed options.
    """
    found = parsed.get(section.name)
    if found is None:
        return section.parsed(values.get(section.name, {}))
    typed: T = found
    return typed

