"""The ``[tool.backend-guide.naming]`` table, compiled for fast matching."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from pytest_backend_guide import Option, ParsedSection
from pytest_backend_guide.helpers import casing

SECTION = "naming"
DEFAULT_CLASSMETHOD_DECORATORS = (
    "validator",
    "field_validator",
    "model_validator",
    "root_validator",
    "validates",
    "declared_attr",
)
DEFAULT_OVERRIDE_DECORATORS = (
    "override",
    "typing.override",
    "typing_extensions.override",
)

OPTIONS = (
    Option(
        "ignore-names",
        "str-list",
        (),
        "Glob patterns (fnmatch) of names that no NAME rule reports.",
    ),
    Option(
        "deny-names",
        "str-list",
        (),
        "Names that NAME007 reports wherever they are bound (e.g. 'data', 'tmp').",
    ),
    Option(
        "allowed-short-names",
        "str-list",
        (),
        "Short names NAME007 accepts anywhere, beyond the conventional ones.",
    ),
    Option(
        "classmethod-decorators",
        "str-list",
        DEFAULT_CLASSMETHOD_DECORATORS,
        "Validator-style decorators: first parameter is the class, short value "
        "parameters (v) are accepted.",
    ),
    Option(
        "override-decorators",
        "str-list",
        DEFAULT_OVERRIDE_DECORATORS,
        "Decorators marking an override: its name and parameters are not judged.",
    ),
)

@dataclass(frozen=True)
class DecoratorSet:
    """Decorator names from an option, matched by dotted or final name.

    An entry without a dot (``override``) matches any decorator whose last
    component it is (``typing.override``); a dotted entry must match exactly.

    Attributes:
        dotted: Entries containing a dot.
        bare: Entries without a dot.
    """

    dotted: frozenset[str]
    bare: frozenset[str]

    @classmethod
    def of(cls, entries: Iterable[str]) -> DecoratorSet:
        """Build a set from option entries.

        Args:
            entries: Decorator names, plain or dotted.

        Returns:
            The matcher.
        """
        names = tuple(entries)
        return cls(
            frozenset(name for name in names if "." in name),
            frozenset(name for name in names if "." not in name),
        )

    def matches(self, decorators: Iterable[str]) -> bool:
        """Return whether any of the decorators is in the set.

        Args:
            decorators: Dotted names of a function's decorators.

        Returns:
            True when one of them matches an entry.
        """
        for name in decorators:
            if name in self.dotted or name.rpartition(".")[2] in self.bare:
                return True
        return False


class PassingNames(dict[str, bool]):
    """Whether each name passes every variable, parameter and function rule.

    Such a name is snake_case, not denied and longer than one letter:
    judging it as a variable, parameter, attribute or function reports
    nothing, wherever it is bound. Look a name up with ``passing[name]``;
    it is judged on its first look-up only, as most names recur.
    """

    def __init__(self, deny: frozenset[str]) -> None:
        """Start with no name judged.

        Args:
            deny: Names NAME007 always reports.
        """
        super().__init__()
        self.deny = deny

    def __missing__(self, name: str) -> bool:
        """Judge a name seen for the first time, and remember the verdict.

        Args:
            name: A name as written.

        Returns:
            Whether the name passes.
        """
        core = casing.core_of(name)
        passes = (
            len(core) > 1
            and core.lower() == core
            and name not in self.deny
            and core not in self.deny
        )
        self[name] = passes
        return passes


@dataclass(frozen=True)
class NamingOptions:
    """The ``naming`` table, compiled for fast matching.

    Attributes:
        ignore: Matcher of ignored names, or None when nothing is ignored.
        deny: Names NAME007 always reports.
        allowed_short: Short names NAME007 always accepts.
        classmethods: Validator-style decorators.
        overrides: Override decorators.
        passing: Which names pass every variable, parameter and function rule.
    """

    ignore: re.Pattern[str] | None
    deny: frozenset[str]
    allowed_short: frozenset[str]
    classmethods: DecoratorSet
    overrides: DecoratorSet
    passing: PassingNames = field(compare=False, repr=False)

    def ignores(self, name: str) -> bool:
        """Return whether ``ignore-names`` covers the name.

        Args:
            name: A name as written.

        Returns:
            True when a pattern matches it.
        """
        return self.ignore is not None and self.ignore.match(name) is not None


def compile_options(
    *,
    ignore_names: tuple[str, ...],
    deny_names: tuple[str, ...],
    allowed_short_names: tuple[str, ...],
    classmethod_decorators: tuple[str, ...],
    override_decorators: tuple[str, ...],
) -> NamingOptions:
    """Compile the ``naming`` table, once per session.

    Args:
        ignore_names: Glob patterns of names no rule reports.
        deny_names: Names NAME007 always reports.
        allowed_short_names: Short names NAME007 always accepts.
        classmethod_decorators: Validator-style decorators.
        override_decorators: Decorators marking an override.

    Returns:
        The compiled options.
    """
    pattern = None
    if ignore_names:
        globs = (fnmatch.translate(glob) for glob in ignore_names)
        pattern = re.compile("|".join(globs))
    return NamingOptions(
        pattern,
        frozenset(deny_names),
        frozenset(allowed_short_names),
        DecoratorSet.of(classmethod_decorators),
        DecoratorSet.of(override_decorators),
        PassingNames(frozenset(deny_names)),
    )


NAMING_SECTION = ParsedSection(
    SECTION, OPTIONS, "Naming conventions (NAME rules).", parse=compile_options
)
