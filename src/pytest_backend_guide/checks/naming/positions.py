"""Which lines of a source may bind a name inside an expression."""

from __future__ import annotations

from pytest_backend_guide.checks.naming.vocabulary import NAME_CHARS


def binder_lines(text: str, line_count: int) -> bytearray:
    r"""Flag the lines that may bind a name inside an expression.

    Every such binding needs a comprehension's ``for``, a ``lambda`` or
    ``:=``; words in strings and comments only cost a closer look.

    Args:
        text: The source; ``\r\n`` and ``\r`` end lines, as for the parser.
        line_count: How many lines the source has.

    Returns:
        One byte per 1-based line (and one for line 0): 1 where the line
        holds one of them, else 0.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    starts = [*_keyword_starts(text, "for"), *_keyword_starts(text, "lambda")]
    index = text.find(":=")
    while index >= 0:
        starts.append(index)
        index = text.find(":=", index + 2)
    starts.sort()
    flags = bytearray(line_count + 2)
    line, position = 1, 0
    for start in starts:
        line += text.count("\n", position, start)
        position = start
        flags[line] = 1
    return flags


def _keyword_starts(text: str, keyword: str) -> list[int]:
    """Return where ``keyword`` may be the keyword, not the start of a name.

    What precedes it is not looked at: ``1jfor`` is a number and ``for``.
    """
    starts = []
    index = text.find(keyword)
    while index >= 0:
        end = index + len(keyword)
        if text[end : end + 1] not in NAME_CHARS:  # not "format", "for_"
            starts.append(index)
        index = text.find(keyword, end)
    return starts


