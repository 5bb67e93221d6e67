"""STYLE001: lines longer than ``line-length``, pragma comments aside."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pytest_backend_guide import FileContext, Violation
from pytest_backend_guide.checks.style.layout import Layout

# One or more trailing comments that are all tool pragmas, up to the line end.
PRAGMA_TAIL = re.compile(
    r"(?:[ \t]*#[ \t]*(?:noqa|type:|pragma:|guide:[ \t]*ignore|nosec|pyright:"
    r"|pylint:|mypy:|isort:|fmt:|ruff:|flake8:)[^#]*)+$",
    re.IGNORECASE,
)

def long_lines(ctx: FileContext, layout: Layout) -> Iterator[Violation]:
    """Yield STYLE001 for each line longer than the line length.

    Args:
        ctx: The file, with its ``line-length``.
        layout: Its lines, and its tokens when needed.

    Yields:
        One violation per such line.
    """
    limit = ctx.line_length
    for index, line in enumerate(layout.lines):
        if len(line) <= limit:
            continue
        counted = _counted_part(line.rstrip(), index + 1, limit, layout)
        if counted is None:
            continue
        yield ctx.violation(
            "STYLE001",
            index + 1,
            limit + 1,
            f"line too long ({len(counted)} > {limit})",
            fix_hint="wrap the line inside brackets, or shorten it",
            end_col=len(counted) + 1,
        )


def _counted_part(line: str, lineno: int, limit: int, layout: Layout) -> str | None:
    """Return the part of a long line that counts, or None when it is exempt.

    A trailing pragma comment does not count. A line that is one word after
    its indentation cannot be wrapped, nor can a URL that starts within the
    limit and ends the line.
    """
    counted = _without_pragma(line, lineno, layout)
    if len(counted) <= limit:
        return None
    words = counted.split()
    if len(words) < 2:
        return None
    last = words[-1]
    if "://" in last and len(counted) - len(last) <= limit:
        return None
    return counted


def _without_pragma(line: str, lineno: int, layout: Layout) -> str:
    """Return the line without a trailing comment made only of pragmas."""
    if "#" not in line or PRAGMA_TAIL.search(line) is None:
        return line
    facts = layout.tokens
    start = facts.comments.get(lineno)
    if start is None:
        if facts.complete:
            return line
        start = 0
    match = PRAGMA_TAIL.search(line, start)
    return line if match is None else line[: match.start()].rstrip()


