"""STYLE: PEP 8 layout of a file: line length, tabs and indentation width.

The checks read the raw lines first. ``tokenize`` is slow, so it runs only
when a cheap look at the lines finds something only tokens can settle: a
long line ending in what looks like a pragma comment, a tab in an
indentation, or a comment or ``else:`` line indented by a width that is not
a multiple of 4 and that the ``ast`` tree cannot place.
"""

from __future__ import annotations

import ast
import bisect
import functools
import io
import re
import tokenize
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from pytest_backend_guide.hookspecs import hookimpl
from pytest_backend_guide.registry import Rule
from pytest_backend_guide.violation import FileContext, Violation

INDENT_WIDTH = 4

RULES = (
    Rule(
        "STYLE001", "line-too-long", "Line is longer than the configured line-length."
    ),
    Rule("STYLE002", "tab-indentation", "Indentation contains a tab."),
    Rule("STYLE003", "indentation-width", "Indentation is not a multiple of 4 spaces."),
)

# One or more trailing comments that are all tool pragmas, up to the line end.
PRAGMA_TAIL = re.compile(
    r"(?:[ \t]*#[ \t]*(?:noqa|type:|pragma:|guide:[ \t]*ignore|nosec|pyright:"
    r"|pylint:|mypy:|isort:|fmt:|ruff:|flake8:)[^#]*)+$",
    re.IGNORECASE,
)
# Leading whitespace with a tab in it, on a line that is not blank.
TAB_INDENT = re.compile(r"^[ \f]*\t[ \t\f]*(?=\S)", re.MULTILINE)
# Leading spaces whose count is not a multiple of 4, on a line that is not blank.
ODD_INDENT = re.compile(r"^(?: {4})* {1,3}(?=\S)", re.MULTILINE)
# Lines the ast has no node for but that start a logical line.
UNPLACED_START = re.compile(r"#|(?:else|finally)\b")

BRACKETS = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}
STRING_OPENERS = frozenset(
    getattr(tokenize, name)
    for name in ("FSTRING_START", "TSTRING_START")
    if hasattr(tokenize, name)
)
STRING_CLOSERS = frozenset(
    getattr(tokenize, name)
    for name in ("FSTRING_END", "TSTRING_END")
    if hasattr(tokenize, name)
)
LAYOUT_TOKENS = frozenset({tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER})


@hookimpl
def guide_rules() -> Sequence[Rule]:
    """Declare the STYLE rules.

    Returns:
        STYLE001 to STYLE003.
    """
    return RULES


@hookimpl
def guide_check_file(ctx: FileContext) -> list[Violation] | None:
    """Check line length, tabs and indentation width of one file.

    Args:
        ctx: The parsed file and the enabled rules.

    Returns:
        The violations found, or None when no STYLE rule is enabled.
    """
    if not ctx.any_enabled("STYLE"):
        return None
    layout = Layout.of(ctx.source.text)
    found: list[Violation] = []
    if ctx.is_enabled("STYLE001"):
        found.extend(_long_lines(ctx, layout))
    if ctx.is_enabled("STYLE002"):
        found.extend(_tab_indents(ctx, layout))
    if ctx.is_enabled("STYLE003"):
        found.extend(_odd_indents(ctx, layout))
    return found


@dataclass
class TokenFacts:
    """What the tokens of a file say about its lines.

    Attributes:
        comments: 0-based character column of the comment on each line.
        in_string: Lines that start inside a string (multi-line string content).
        logical_starts: Lines whose first token starts a logical line, comment
            lines outside brackets included.
        block_openers: Last lines of the logical lines that end with a colon.
        complete: Whether the whole file could be tokenized.
    """

    comments: dict[int, int] = field(default_factory=dict)
    in_string: set[int] = field(default_factory=set)
    logical_starts: set[int] = field(default_factory=set)
    block_openers: set[int] = field(default_factory=set)
    complete: bool = True


@dataclass
class Layout:
    r"""The lines of a file split as the interpreter splits them.

    ``str.splitlines`` also breaks at form feeds and Unicode separators, which
    would shift line numbers away from the ``ast`` ones; here only ``\n``,
    ``\r\n`` and ``\r`` end a line.

    Attributes:
        text: The source with every line ending turned into ``\n``.
        lines: The lines, without line endings.
    """

    text: str
    lines: list[str]

    @classmethod
    def of(cls, source: str) -> Layout:
        """Split a decoded source into lines.

        Args:
            source: The decoded file.

        Returns:
            The layout of the file.
        """
        if "\r" in source:
            source = source.replace("\r\n", "\n").replace("\r", "\n")
        lines = source.split("\n")
        if lines[-1] == "":
            lines.pop()
        return cls(source, lines)

    @cached_property
    def tokens(self) -> TokenFacts:
        """Return the token facts, tokenizing the file on first use."""
        return scan_tokens(self.text)

    def match_lines(
        self, pattern: re.Pattern[str]
    ) -> Iterator[tuple[int, re.Match[str]]]:
        """Yield the 1-based line of each match of a multi-line pattern.

        Args:
            pattern: A pattern compiled with ``re.MULTILINE``.

        Yields:
            The line of the match start, and the match.
        """
        line, pos = 1, 0
        for match in pattern.finditer(self.text):
            line += self.text.count("\n", pos, match.start())
            pos = match.start()
            yield line, match


def scan_tokens(text: str) -> TokenFacts:
    r"""Tokenize a file and record what its tokens say about its lines.

    Args:
        text: The source, with ``\n`` line endings.

    Returns:
        The facts; ``complete`` is false when tokenizing failed part way.
    """
    scanner = _TokenScanner()
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            scanner.feed(tok)
    except (tokenize.TokenError, SyntaxError):
        scanner.facts.complete = False
    return scanner.facts


class _TokenScanner:
    """Fold a token stream into :class:`TokenFacts`, one token at a time."""

    def __init__(self) -> None:
        """Start at the top of a file, outside brackets and strings."""
        self.facts = TokenFacts()
        self.depth = 0
        self.at_start = True
        self.last = ""
        self.open_strings: list[int] = []

    def feed(self, tok: tokenize.TokenInfo) -> None:
        """Take in the next token.

        Args:
            tok: The token.
        """
        kind, line = tok.type, tok.start[0]
        if kind in (tokenize.NEWLINE, tokenize.NL):
            self._end_line(kind, line)
            return
        if kind in LAYOUT_TOKENS:
            return
        if self.at_start and self.depth == 0 and not self.open_strings:
            self.facts.logical_starts.add(line)
        if kind == tokenize.COMMENT:
            self.facts.comments[line] = tok.start[1]
            return
        self.at_start = False
        self.last = tok.string if kind == tokenize.OP else ""
        if kind == tokenize.OP:
            self.depth = max(0, self.depth + BRACKETS.get(tok.string, 0))
        else:
            self._note_string(tok)

    def _end_line(self, kind: int, line: int) -> None:
        if kind == tokenize.NEWLINE and self.last == ":":
            self.facts.block_openers.add(line)
        if self.depth == 0:
            self.at_start = True

    def _note_string(self, tok: tokenize.TokenInfo) -> None:
        """Mark the lines that start inside a string token or an f-string."""
        if tok.type in STRING_OPENERS:
            self.open_strings.append(tok.start[0])
            return
        if tok.type == tokenize.STRING:
            first = tok.start[0]
        elif tok.type in STRING_CLOSERS and self.open_strings:
            first = self.open_strings.pop()
            if self.open_strings:
                return
        else:
            return
        self.facts.in_string.update(range(first + 1, tok.end[0] + 1))


def _long_lines(ctx: FileContext, layout: Layout) -> Iterator[Violation]:
    """Yield STYLE001 for each line longer than the line length."""
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


def _tab_indents(ctx: FileContext, layout: Layout) -> Iterator[Violation]:
    """Yield STYLE002 for each line indented with a tab, outside strings."""
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


def _odd_indents(ctx: FileContext, layout: Layout) -> Iterator[Violation]:
    """Yield STYLE003 for each logical line indented by a width not a multiple of 4."""
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
            fields = _block_fields(type(node))
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

    def _span(self, node: ast.stmt | ast.expr) -> None:
        if node.end_lineno is not None and node.end_lineno > node.lineno:
            self.spans.append((node.lineno, node.end_lineno))


@functools.cache
def _block_fields(kind: type[ast.AST]) -> tuple[str, ...]:
    """Return the fields of a node type that hold nested statements or clauses.

    Args:
        kind: A statement or handler node type.

    Returns:
        The field names, empty for a simple statement.
    """
    names = ("body", "orelse", "finalbody", "handlers", "cases")
    return tuple(name for name in names if name in kind._fields)
