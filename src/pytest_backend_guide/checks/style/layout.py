"""What the tokens of a file say about its lines, computed only when needed."""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

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


