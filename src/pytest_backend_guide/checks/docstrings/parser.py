"""Parse Google and NumPy docstrings into sections, entries and problems.

The parser works on the raw docstring text, as ``ast`` gives it, and keeps
every position as a line index into that text and a character column, so
that a checker can point at the offending header or entry in the file.

A Google section is a ``Title:`` line at the docstring's base indentation
with its body indented below it; a NumPy section is a title underlined with
dashes, with entries at the title's indentation and descriptions indented.
Lines that merely end with a colon are prose unless the title is a known
header or a near miss of one (``Arg:``, ``Return:``).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from pytest_backend_guide.checks.docstrings.sections import (
    ANY,
    ATTRIBUTES,
    GOOGLE,
    GOOGLE_SECTIONS,
    KEYWORDS,
    NUMPY,
    NUMPY_SECTIONS,
    OTHER_PARAMS,
    PARAMS,
    RAISES,
    RETURNS,
    YIELDS,
    known_kind,
    near_miss,
    title_in,
)

_UNDERLINE = re.compile(r"^-{3,}$")
_CANDIDATE = re.compile(r"^[ \t]*(?:[A-Za-z]+(?: [A-Za-z]+){0,2}:|-{3,}[ \t]*$)", re.M)
_FOREIGN_HINT = re.compile(r"^[ \t]*[:@][a-z]+\b", re.M)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_TITLE = re.compile(r"^[A-Za-z]+(?: [A-Za-z]+){0,2}$")
_COLON_HEADER = re.compile(r"^([A-Za-z]+(?: [A-Za-z]+){0,2}):(?!:)[ \t]*(.*)$")
_NAME = r"\*{0,2}[A-Za-z_][\w.]*"
_NAMES = rf"(?P<names>{_NAME}(?:\s*,\s*{_NAME})*)"
_GOOGLE_ENTRY = re.compile(rf"^{_NAMES}\s*(?:\(.*\))?\s*:(?!:)")
_GOOGLE_RAISES = re.compile(rf"^{_NAMES}\s*(?::(?!:)|$)")
_NUMPY_ENTRY = re.compile(rf"^{_NAMES}(?:\s+:(?:\s.*)?)?$")
_NUMPY_RAISES = re.compile(rf"^{_NAMES}")
_GOOGLE_ENTRY_KINDS = (PARAMS, KEYWORDS, OTHER_PARAMS, ATTRIBUTES, RAISES)
_NUMPY_HEAD_KINDS = (PARAMS, OTHER_PARAMS, ATTRIBUTES, RETURNS, YIELDS, RAISES)
_NUMPY_ENTRY_KINDS = (PARAMS, OTHER_PARAMS, ATTRIBUTES)
_INLINE_CUTOFF = 0.85
_SHOWN = 40


@dataclass(frozen=True)
class Entry:
    """One documented name of an entry section (``user_id (int): ...``).

    Attributes:
        names: The names, without ``*`` or ``**`` (several for ``x, y``).
        line: 0-based index of the entry's line in the docstring.
        col: 0-based character column of the entry in that line.
    """

    names: tuple[str, ...]
    line: int
    col: int


@dataclass(frozen=True)
class Section:
    """One section of a docstring.

    Attributes:
        kind: What it documents: ``params``, ``returns``, ``text``...
        title: The title as written (``Args``).
        syntax: ``google`` (``Title:``) or ``numpy`` (underlined).
        line: 0-based index of the header line.
        entries: The documented names, for entry sections.
    """

    kind: str
    title: str
    syntax: str
    line: int
    entries: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class Problem:
    """A breach of the docstring style, at a place in the docstring.

    Attributes:
        line: 0-based index of the line in the docstring.
        col: 0-based character column in that line.
        message: What is wrong.
    """

    line: int
    col: int
    message: str


@dataclass(frozen=True)
class Docstring:
    """A parsed docstring.

    Attributes:
        style: The style it was read in: ``google`` or ``numpy``.
        summary_only: Nothing but a summary: no sections, no description.
        sections: The sections, in order.
        problems: Style problems, in order.
        foreign: The other convention it is written in (``reST``,
            ``Epytext``), whose fields are not read as sections.
    """

    style: str
    summary_only: bool
    sections: tuple[Section, ...] = ()
    problems: tuple[Problem, ...] = ()
    foreign: str = ""

    def has(self, *kinds: str) -> bool:
        """Return whether a section of one of ``kinds`` is present."""
        return any(section.kind in kinds for section in self.sections)

    def entries(self, *kinds: str) -> list[Entry]:
        """Return the entries of every section of one of ``kinds``."""
        return [e for s in self.sections if s.kind in kinds for e in s.entries]

    def title_of(self, kind: str) -> str:
        """Return the title of the first section of ``kind``, or the default.

        Args:
            kind: A section kind.

        Returns:
            The title as written, or how the docstring's style names it.
        """
        for section in self.sections:
            if section.kind == kind:
                return section.title
        if kind == PARAMS:
            return "Args" if self.style == GOOGLE else "Parameters"
        return kind.title()


_FOREIGN = (
    (
        "reST",
        re.compile(
            r":(param|parameter|arg|argument|key|keyword|type|returns?|rtype"
            r"|raises?|except|exception|yields?|ytype)\b[^:]*:"
        ),
        ":param x:",
    ),
    (
        "Epytext",
        re.compile(r"@(param|type|return|rtype|raise|keyword|yield)\b[^:]*:"),
        "@param x:",
    ),
)


class _Line(NamedTuple):
    text: str
    indent: int
    col: int
    fenced: bool = False


@dataclass
class _Header:
    line: int
    title: str
    syntax: str
    kind: str
    message: str | None = None
    inline: str = ""
    inline_col: int = 0


@dataclass
class _Parse:
    lines: list[_Line]
    style: str
    summary: int
    problems: list[Problem] = field(default_factory=list)

    def problem(self, line: int, message: str, col: int | None = None) -> None:
        where = self.lines[line].col if col is None else col
        self.problems.append(Problem(line, where, message))


def parse_docstring(text: str, style: str) -> Docstring:
    """Parse a docstring in the configured style.

    Args:
        text: The raw docstring, as the string constant holds it.
        style: ``google``, ``numpy`` or ``any`` (read each docstring in the
            style its headers show, Google when they show none).

    Returns:
        The sections, entries and style problems found.
    """
    stripped = text.strip()
    first_break = stripped.find("\n")
    if first_break < 0 or not (
        _CANDIDATE.search(stripped, first_break)
        or _FOREIGN_HINT.search(stripped, first_break)
    ):
        # No line can be a header: prose only, no need to look closer.
        only = first_break < 0 or not _PARAGRAPH_BREAK.search(stripped)
        return Docstring(NUMPY if style == NUMPY else GOOGLE, summary_only=only)
    lines = _split(text)
    summary = next((i for i, line in enumerate(lines) if line.text), 0)
    foreign = _foreign_convention(lines)
    if foreign is not None:
        return foreign
    parse = _Parse(lines, _effective_style(lines, style), summary)
    headers = _find_headers(parse)
    sections = tuple(_section(parse, headers, index) for index in range(len(headers)))
    only = not sections and _single_paragraph(lines, summary)
    return Docstring(parse.style, only, sections, tuple(parse.problems))


def _foreign_convention(lines: list[_Line]) -> Docstring | None:
    """Return a docstring written with reST or Epytext fields, with one problem.

    ``:param x:``/``:returns:`` (reST, Sphinx) and ``@param x:``/``@return:``
    (Epytext) document a function in another convention: one DOC010 says
    so, and its fields are not checked one by one against the signature.
    """
    for index, line in enumerate(lines):
        if line.fenced:
            continue
        for name, pattern, example in _FOREIGN:
            if pattern.match(line.text):
                message = (
                    f"docstring uses {name} fields ({example}), not Google or "
                    "NumPy sections"
                )
                problem = Problem(index, line.col, message)
                return Docstring(GOOGLE, False, (), (problem,), foreign=name)
    return None


def _split(text: str) -> list[_Line]:
    raw = text.split("\n")
    rest = [len(line) - len(line.lstrip()) for line in raw[1:] if line.strip()]
    base = min(rest, default=0)
    lines = [_Line(raw[0].strip(), 0, len(raw[0]) - len(raw[0].lstrip()))]
    fenced = False
    for line in raw[1:]:
        body = line.strip()
        width = len(line) - len(line.lstrip())
        fence = body.startswith("```")
        lines.append(_Line(body, max(width - base, 0), width, fenced or fence))
        if fence:
            fenced = not fenced
    return lines


def _single_paragraph(lines: list[_Line], summary: int) -> bool:
    seen_blank = False
    for line in lines[summary:]:
        if not line.text:
            seen_blank = True
        elif seen_blank:
            return False
    return True


def _effective_style(lines: list[_Line], style: str) -> str:
    if style != ANY:
        return style
    for index in range(1, len(lines) - 1):
        if _is_underlined(lines, index) and known_kind(lines[index].text.lower()):
            return NUMPY
    return GOOGLE


def _is_underlined(lines: list[_Line], index: int) -> bool:
    line = lines[index]
    if line.indent or line.fenced or index + 1 >= len(lines):
        return False
    below = lines[index + 1]
    return (
        not below.indent
        and bool(_UNDERLINE.match(below.text))
        and bool(_TITLE.match(line.text))
    )


def _find_headers(parse: _Parse) -> list[_Header]:
    headers: list[_Header] = []
    lines = parse.lines
    for index, line in enumerate(lines):
        if index <= parse.summary or line.indent or line.fenced or not line.text:
            continue
        if _is_underlined(lines, index):
            header = _underlined(parse.style, index, line.text)
        else:
            match = _COLON_HEADER.match(line.text)
            header = _colon(parse, index, match) if match else None
        if header is not None:
            headers.append(header)
            if header.message:
                parse.problem(index, header.message)
    return headers


def _underlined(style: str, index: int, title: str) -> _Header | None:
    key = title.lower()
    if style == NUMPY and key in NUMPY_SECTIONS:
        return _Header(index, title, NUMPY, NUMPY_SECTIONS[key])
    known = key if known_kind(key) else near_miss(key)
    if known is None:
        return None  # a reStructuredText heading, not a section
    kind = known_kind(known) or ""
    wanted = title_in(style, known)
    if style == GOOGLE:
        use = f"; use '{wanted}:'" if wanted else ""
        message = f"NumPy-style section '{title}' in a Google-style docstring{use}"
    elif wanted:
        message = f"unknown section header '{title}'; did you mean '{wanted}'?"
    else:
        message = f"'{title}' is not a NumPy-style section"
    return _Header(index, title, NUMPY, kind, message)


def _colon(parse: _Parse, index: int, match: re.Match[str]) -> _Header | None:
    title, inline = match.group(1), match.group(2)
    key = title.lower()
    inline_col = parse.lines[index].col + match.start(2)
    if parse.style == NUMPY:
        return _google_in_numpy(parse, index, title, inline)
    if key in GOOGLE_SECTIONS:
        kind = GOOGLE_SECTIONS[key]
        return _Header(index, title, GOOGLE, kind, None, inline, inline_col)
    if key in NUMPY_SECTIONS:
        if inline:
            return None
        wanted = title_in(GOOGLE, key)
        use = f"; use '{wanted}:'" if wanted else ""
        message = f"NumPy section name '{title}:' in a Google-style docstring{use}"
        return _Header(index, title, GOOGLE, NUMPY_SECTIONS[key], message)
    if not title[0].isupper():
        guess = None  # headers are capitalised; this is prose or code
    elif not inline:
        guess = near_miss(key)
    elif " " not in key:
        guess = near_miss(key, _INLINE_CUTOFF)
    else:
        guess = None
    if guess is None:
        return None  # prose that happens to end with a colon
    wanted = title_in(GOOGLE, guess) or guess.title()
    message = f"unknown section header '{title}:'; did you mean '{wanted}:'?"
    kind = known_kind(guess) or ""
    return _Header(index, title, GOOGLE, kind, message, inline, inline_col)


def _google_in_numpy(
    parse: _Parse, index: int, title: str, inline: str
) -> _Header | None:
    kind = known_kind(title.lower())
    below = next((line for line in parse.lines[index + 1 :] if line.text), None)
    if kind is None or inline or below is None or not below.indent:
        return None
    wanted = title_in(NUMPY, title.lower())
    use = f"; use an underlined '{wanted}' header" if wanted else ""
    message = f"Google-style section '{title}:' in a NumPy-style docstring{use}"
    return _Header(index, title, GOOGLE, kind, message)


def _section(parse: _Parse, headers: list[_Header], position: int) -> Section:
    header = headers[position]
    if header.syntax == GOOGLE:
        entries = _google_body(parse, header)
    else:
        following = headers[position + 1].line if position + 1 < len(headers) else None
        entries = _numpy_body(parse, header, following)
    return Section(header.kind, header.title, header.syntax, header.line, entries)


def _google_body(parse: _Parse, header: _Header) -> tuple[Entry, ...]:
    lines = parse.lines
    stop = header.line + 1
    while stop < len(lines) and (not lines[stop].text or lines[stop].indent):
        stop += 1
    end = stop
    while end > header.line + 1 and not lines[end - 1].text:
        end -= 1
    shown = f"'{header.title}:'"
    if end == header.line + 1 and not header.inline:
        if header.message is None:
            unindented = stop < len(lines) and not _is_header_line(lines, stop)
            problem = "is not indented under the header" if unindented else "is empty"
            parse.problem(header.line, f"the body of the {shown} section {problem}")
        return ()
    if header.kind not in _GOOGLE_ENTRY_KINDS:
        return ()
    entries: list[Entry] = []
    if header.inline:
        if header.message is None:
            hint = "must go on indented lines below the header"
            parse.problem(
                header.line, f"the entries of {shown} {hint}", header.inline_col
            )
        entry = _google_entry(header, header.inline)
        if entry:
            entries.append(Entry(entry, header.line, header.inline_col))
    body = range(header.line + 1, end)
    entries.extend(_google_entries(parse, header, body))
    return tuple(entries)


def _is_header_line(lines: list[_Line], index: int) -> bool:
    match = _COLON_HEADER.match(lines[index].text)
    return bool(match and known_kind(match.group(1).lower())) or _is_underlined(
        lines, index
    )


def _google_entries(parse: _Parse, header: _Header, body: range) -> list[Entry]:
    lines = parse.lines
    filled = [index for index in body if lines[index].text]
    if not filled:
        return []
    indent = lines[filled[0]].indent
    check = header.message is None
    entries: list[Entry] = []
    for index in filled:
        line = lines[index]
        if line.indent > indent:
            continue
        names = _google_entry(header, line.text)
        if names is not None and line.indent == indent:
            entries.append(Entry(names, index, line.col))
        elif check and line.indent < indent:
            shown = _shorten(line.text)
            message = (
                f"'{shown}' in '{header.title}:' is not aligned with the entries above"
            )
            parse.problem(index, message)
            check = False  # one problem per section: the rest usually follow
        elif check:
            parse.problem(
                index, _malformed(header, line.text, "name (type): description")
            )
            check = False
    return entries


def _google_entry(header: _Header, text: str) -> tuple[str, ...] | None:
    pattern = _GOOGLE_RAISES if header.kind == RAISES else _GOOGLE_ENTRY
    match = pattern.match(text)
    return _names(match.group("names")) if match else None


def _numpy_body(
    parse: _Parse, header: _Header, following: int | None
) -> tuple[Entry, ...]:
    lines = parse.lines
    end = len(lines) if following is None else following
    while end > header.line + 2 and not lines[end - 1].text:
        end -= 1
    filled = [index for index in range(header.line + 2, end) if lines[index].text]
    check = header.message is None
    if not filled:
        if check:
            parse.problem(header.line, f"the '{header.title}' section is empty")
        return ()
    if header.kind not in _NUMPY_HEAD_KINDS:
        return ()
    indent = lines[filled[0]].indent
    if indent and check:
        message = (
            f"the entries of '{header.title}' must not be indented under the header"
        )
        parse.problem(filled[0], message)
        check = False
    return tuple(_numpy_entries(parse, header, filled, indent, check))


def _numpy_entries(
    parse: _Parse, header: _Header, filled: list[int], indent: int, check: bool
) -> list[Entry]:
    entries: list[Entry] = []
    for index in filled:
        line = parse.lines[index]
        if line.indent != indent:
            continue
        if header.kind == RAISES:
            match = _NUMPY_RAISES.match(line.text)
        elif header.kind in _NUMPY_ENTRY_KINDS:
            match = _NUMPY_ENTRY.match(line.text)
            if match is None:
                if check:
                    parse.problem(index, _malformed(header, line.text, "name : type"))
                    check = False
                match = _GOOGLE_ENTRY.match(line.text)  # still counts as documented
        else:
            continue
        if match:
            entries.append(Entry(_names(match.group("names")), index, line.col))
    return entries


def _malformed(header: _Header, text: str, expected: str) -> str:
    colon = ":" if header.syntax == GOOGLE else ""
    return (
        f"'{_shorten(text)}' in '{header.title}{colon}' is not of the form "
        f"'{expected}' (indent continuation lines further)"
    )


def _names(text: str) -> tuple[str, ...]:
    return tuple(part.strip().lstrip("*") for part in text.split(","))


def _shorten(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


class DocstringCache:
    """Parses each docstring of a file once, on first demand."""

    def __init__(self, style: str) -> None:
        """Create an empty cache for one file.

        Args:
            style: The configured style.
        """
        self.style = style
        self._parsed: dict[int, Docstring] = {}

    def get(self, node: ast.Constant) -> Docstring:
        """Return the parsed docstring held by a string constant.

        Args:
            node: The docstring's constant node.

        Returns:
            The parsed docstring.
        """
        parsed = self._parsed.get(id(node))
        if parsed is None:
            parsed = parse_docstring(str(node.value), self.style)
            self._parsed[id(node)] = parsed
        return parsed
