"""STYLE002 and STYLE003: tabs in indentation, and widths not a multiple of 4."""

from __future__ import annotations

import ast
import bisect
import functools
import re
from collections.abc import Iterator

from pytest_backend_guide import FileContext, Violation
from pytest_backend_guide.checks.style.layout import Layout, TokenFacts

INDENT_WIDTH = 4

# Leading whitespace with a tab in it, on a line that is not blank.
TAB_INDENT = re.compile(r"^[ \f]*\t[ \t\f]*(?=\S)", re.MULTILINE)
# Leading spaces whose count is not a multiple of 4, on a line that is not blank.
ODD_INDENT = re.compile(r"^(?: {4})* {1,3}(?=\S)", re.MULTILINE)
# Lines the ast has no node for but that start a logical line.
UNPLACED_START = re.compile(r"#|(?:else|finally)\b")


def tab_indents(ctx: FileContext, layout: Layout) -> Iterator[Violation]:
    """Yield STYLE002 for each line indented with a tab, outside strings.

    Args:
        ctx: The file.
        layout: Its lines, and its tokens when needed.

    Yields:
        One violation per such line.
    """
    if "\t" not in layout.text:
        return
    indents = list(layout.match_lines(TAB_INDENT))
    facts = layout.tokens if indents else TokenFacts()
    for lineno, match in indents:
        if not facts.complete or lineno in facts.in_string:
            continue
        yield ctx.violation(
            "STYLE002",
            lineno,
            1,
            "indentation contains a tab",
            fix_hint="indent with 4 spaces",
            end_col=match.end() - match.start() + 1,
        )


def odd_indents(ctx: FileContext, layout: Layout) -> Iterator[Violation]:
    """Yield STYLE003 for each logical line indented by a width not a multiple of 4.

    Args:
        ctx: The file.
        layout: Its lines, and its tokens when needed.

    Yields:
        One violation per such line.
    """
    candidates = {
        lineno: m.end() - m.start() for lineno, m in layout.match_lines(ODD_INDENT)
    }
    if not candidates:
        return
    placer = _IndentPlacer(candidates, layout.lines)
    placer.visit(ctx.source.tree.body)
    flagged = placer.flagged
    pending = placer.pending()
    if pending:
        flagged.update(_settled_by_tokens(pending, candidates, layout))
    for lineno in sorted(flagged):
        width = candidates[lineno]
        yield ctx.violation(
            "STYLE003",
            lineno,
            1,
            f"indentation is {width} {'space' if width == 1 else 'spaces'}, "
            f"not a multiple of {INDENT_WIDTH}",
            fix_hint=f"indent with {_nearest_widths(width)} spaces",
            end_col=width + 1,
        )


def _nearest_widths(width: int) -> str:
    """Return the multiples of 4 around ``width`` (``4 or 8`` for 6)."""
    lower = width // INDENT_WIDTH * INDENT_WIDTH
    return f"{lower} or {lower + INDENT_WIDTH}"


def _settled_by_tokens(
    pending: list[int], candidates: dict[int, int], layout: Layout
) -> list[int]:
    """Return the pending lines that start a logical line of their own.

    Args:
        pending: Comment and clause lines the ``ast`` could not place.
        candidates: Indentation width of each oddly indented line.
        layout: The file.

    Returns:
        The pending lines to flag.
    """
    facts = layout.tokens
    return [
        line
        for line in pending
        if line in facts.logical_starts
        and not _continues_above(line, candidates[line], layout.lines, facts)
    ]


def _continues_above(
    line: int, width: int, lines: list[str], facts: TokenFacts
) -> bool:
    """Return whether a comment line continues the line above it.

    A comment aligned with the trailing comment of the code line above, or
    indented under a continuation line deeper than the statement that line
    continues, belongs to that line rather than to the block; so do further
    comment lines at the same column. A comment under a header that opens a
    block (``def f(...):``) is the first line of that block.

    Args:
        line: A 1-based line that may hold only a comment.
        width: Its indentation width.
        lines: The lines of the file.
        facts: The token facts of the file.

    Returns:
        Whether the line is a comment that continues the line above.
    """
    if facts.comments.get(line) != width:
        return False
    above = line - 1
    while above >= 1 and _comment_only(above, lines, facts):
        if facts.comments[above] != width:
            return False
        above -= 1
    if above < 1 or not lines[above - 1].strip():
        return False
    if facts.comments.get(above) == width:
        return True
    if above in facts.block_openers:
        return False
    start = above
    while start >= 1 and start not in facts.logical_starts:
        start -= 1
    return 1 <= start < above and width > _indentation(lines[start - 1])


def _indentation(text: str) -> int:
    """Return the number of leading whitespace characters of a line."""
    return len(text) - len(text.lstrip())


def _comment_only(line: int, lines: list[str], facts: TokenFacts) -> bool:
    """Return whether a line holds a comment and nothing else."""
    col = facts.comments.get(line)
    return col is not None and not lines[line - 1][:col].strip()


def _comment_at(text: str, width: int) -> bool:
    """Return whether a line is only a comment that starts at ``width``."""
    return text.startswith("#", width) and not text[:width].strip()


class _IndentPlacer:
    """Sort oddly indented lines into statements and lines to settle later.

    A candidate line is flagged when a statement, ``elif``, ``except``,
    ``case`` or decorator starts on it right after the indentation. A
    comment, ``else:`` or ``finally:`` line is pending unless it lies inside
    a multi-line simple statement (a bracket or a string); tokens settle the
    pending ones. Any other candidate is a continuation or string line.
    Statements whose lines hold no candidate are skipped with their bodies.
    """

    def __init__(self, candidates: dict[int, int], lines: list[str]) -> None:
        """Prepare to place the candidate lines.

        Args:
            candidates: Indentation width of each oddly indented line.
            lines: The lines of the file.
        """
        self.candidates = candidates
        self.lines = lines
        self.ordered = sorted(candidates)
        self.flagged: set[int] = set()
        self.spans: list[tuple[int, int]] = []
        self._starts: list[int] = []

    def visit(self, body: list[ast.stmt]) -> None:
        """Walk the statements of a body and every nested body.

        Args:
            body: The statements of a module or block.
        """
        stack: list[ast.stmt | ast.excepthandler | ast.match_case] = list(body)
        while stack:
            node = stack.pop()
            if isinstance(node, ast.match_case):
                self._place_keyword(node.pattern.lineno, "case")
                stack.extend(node.body)
                continue
            decorators: list[ast.expr] = getattr(node, "decorator_list", [])
            first = decorators[0].lineno if decorators else node.lineno
            if not self._holds_candidate(first, node.end_lineno):
                continue
            self._place(node.lineno, node.col_offset)
            for decorator in decorators:
                self._place_keyword(decorator.lineno, "@")
                self._span(decorator)
            kind: type = type(node)
            fields = _block_fields(kind)
            if fields:
                stack.extend(child for name in fields for child in getattr(node, name))
            else:
                self._span(node)

    def pending(self) -> list[int]:
        """Return the comment and clause lines that tokens must settle.

        Lines inside a multi-line simple statement are continuation or
        string lines; comments that visibly continue the line above are
        exempt (see :func:`_continues_above`). Neither needs tokens.

        Returns:
            The lines, in no particular order.
        """
        self.spans.sort()
        self._starts = [start for start, _ in self.spans]
        pending = []
        for line, width in self.candidates.items():
            if line in self.flagged:
                continue
            if not UNPLACED_START.match(self.lines[line - 1], width):
                continue
            if not self._covered(line) and not self._continues_above(line, width):
                pending.append(line)
        return pending

    def _covered(self, line: int) -> bool:
        """Return whether a line is past the first of a multi-line statement."""
        return self._statement_start(line) is not None

    def _statement_start(self, line: int) -> int | None:
        """Return the first line of the multi-line statement continued on ``line``."""
        index = bisect.bisect_left(self._starts, line) - 1
        if index >= 0 and line <= self.spans[index][1]:
            return self.spans[index][0]
        return None

    def _continues_above(self, line: int, width: int) -> bool:
        """Tell from the raw lines whether a comment continues the line above."""
        lines = self.lines
        if not lines[line - 1].startswith("#", width):
            return False
        above = line - 1
        while above >= 1 and _comment_at(lines[above - 1], width):
            above -= 1
        if above < 1 or not lines[above - 1].strip():
            return False
        if lines[above - 1].startswith("#", width):
            return True
        start = self._statement_start(above)
        return start is not None and width > _indentation(lines[start - 1])

    def _holds_candidate(self, first: int, last: int | None) -> bool:
        index = bisect.bisect_left(self.ordered, first)
        return index < len(self.ordered) and (
            last is None or self.ordered[index] <= last
        )

    def _place(self, line: int, col: int) -> None:
        if self.candidates.get(line) == col:
            self.flagged.add(line)

    def _place_keyword(self, line: int, keyword: str) -> None:
        width = self.candidates.get(line)
        if width is not None and self.lines[line - 1].startswith(keyword, width):
            self.flagged.add(line)

    def _span(self, node: ast.stmt | ast.expr | ast.excepthandler) -> None:
        if node.end_lineno is not None and node.end_lineno > node.lineno:
            self.spans.append((node.lineno, node.end_lineno))


@functools.cache
def _block_fields(kind: type) -> tuple[str, ...]:
    """Return the fields of a node type that hold nested statements or clauses.

    Args:
        kind: A statement or handler node type.

    Returns:
        The field names, empty for a simple statement.
    """
    names = ("body", "orelse", "finalbody", "handlers", "cases")
    fields: tuple[str, ...] = getattr(kind, "_fields", ())
    return tuple(name for name in names if name in fields)
