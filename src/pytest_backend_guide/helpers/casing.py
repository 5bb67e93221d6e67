"""Case tests and case conversions for identifiers, in any script.

A name is judged on its *core*: the name without its leading and trailing
underscores, so ``_private``, ``__mangled`` and ``class_`` are judged as
``private``, ``mangled`` and ``class``. Case is read with ``str`` methods,
not ASCII ranges, so ``größe`` is snake_case and ``Größe`` is not.
"""

from __future__ import annotations

import re

NON_WORD = re.compile(r"\W+")


def core_of(name: str) -> str:
    """Return the name without its leading and trailing underscores.

    Args:
        name: An identifier.

    Returns:
        The core of the name (empty for ``_`` and ``__``).
    """
    return name.strip("_")


def is_dunder(name: str) -> bool:
    """Return whether the name is a ``__dunder__`` name.

    Args:
        name: An identifier.

    Returns:
        True for names such as ``__init__`` and ``__all__``.
    """
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def is_snake_case(name: str) -> bool:
    """Return whether the name has no upper-case letter in its core.

    Args:
        name: An identifier.

    Returns:
        True for ``user_id``, ``_cache``, ``größe`` and ``_``.
    """
    core = core_of(name)
    return core.lower() == core


def is_upper_snake_case(name: str) -> bool:
    """Return whether the name has no lower-case letter in its core.

    Args:
        name: An identifier.

    Returns:
        True for ``MAX_SIZE``, ``_DEFAULT`` and ``HTTP2``.
    """
    core = core_of(name)
    return core.upper() == core


def is_pascal_case(name: str) -> bool:
    """Return whether the name's core is PascalCase (CapWords).

    The core must not start with a lower-case letter or a digit and must
    not contain underscores. Acronyms are accepted (``HTTPServer``).

    Args:
        name: An identifier.

    Returns:
        True for ``UserService``, ``_Base`` and ``HTTPServer``.
    """
    core = core_of(name)
    if not core:
        return True
    first = core[0]
    return "_" not in core and not first.islower() and not first.isdigit()


def is_mixed_pascal(name: str) -> bool:
    """Return whether the name is PascalCase with at least one lower-case letter.

    Such a name reads as a class, unlike ``MAX_SIZE`` or ``N``.

    Args:
        name: An identifier.

    Returns:
        True for ``UserModel``, False for ``HTTP`` and ``user``.
    """
    core = core_of(name)
    return bool(core) and is_pascal_case(core) and core.upper() != core


def split_words(core: str) -> list[str]:
    """Split an identifier core into its words.

    Words end at underscores, where a lower-case letter or digit is followed
    by an upper-case letter (``userId``), and before the last capital of an
    acronym that a capitalised word follows (``HTTPServer``).

    Args:
        core: An identifier without leading or trailing underscores.

    Returns:
        The words, in their original case.
    """
    words: list[str] = []
    current: list[str] = []
    last = len(core) - 1
    for index, char in enumerate(core):
        if char == "_":
            _flush(current, words)
            continue
        if current and char.isupper():
            previous = core[index - 1]
            following = core[index + 1] if index < last else ""
            if not previous.isupper() or following.islower():
                _flush(current, words)
        current.append(char)
    _flush(current, words)
    return words


def _flush(current: list[str], words: list[str]) -> None:
    """Move the characters collected so far into a new word."""
    if current:
        words.append("".join(current))
        current.clear()


def _affixes(name: str) -> tuple[str, str, str]:
    """Split a name into leading underscores, core and trailing underscores."""
    core = core_of(name)
    if not core:
        return name, "", ""
    start = name.index(core)
    return name[:start], core, name[start + len(core) :]


def to_snake_case(name: str) -> str:
    """Convert a name to snake_case, keeping its leading/trailing underscores.

    Args:
        name: An identifier (``getHTTPResponse``, ``parseJSON``).

    Returns:
        The snake_case name (``get_http_response``, ``parse_json``).
    """
    lead, core, trail = _affixes(name)
    if not core:
        return name
    return lead + "_".join(word.lower() for word in split_words(core)) + trail


def to_upper_snake_case(name: str) -> str:
    """Convert a name to UPPER_SNAKE_CASE, keeping its underscores around.

    Args:
        name: An identifier (``maxSize``).

    Returns:
        The UPPER_SNAKE_CASE name (``MAX_SIZE``).
    """
    return to_snake_case(name).upper()


def to_pascal_case(name: str) -> str:
    """Convert a name to PascalCase, keeping its leading/trailing underscores.

    Args:
        name: An identifier (``user_service``, ``http_Server``).

    Returns:
        The PascalCase name (``UserService``, ``HttpServer``).
    """
    lead, core, trail = _affixes(name)
    if not core:
        return name
    words = split_words(core)
    return lead + "".join(word[0].upper() + word[1:] for word in words) + trail


def module_name_fix(stem: str) -> str:
    """Suggest a snake_case module name for a file stem or folder name.

    Args:
        stem: A file stem or folder name, possibly with hyphens or dots.

    Returns:
        The suggested snake_case name.
    """
    return to_snake_case(NON_WORD.sub("_", stem).strip("_") or stem)
