"""Find the import statements of one Python file, without running it.

Two readers give the same answer. :func:`scan_tree` walks the statements of
an ``ast`` tree: exact, but a full parse of a large tree costs more than the
whole import check may. :func:`scan_text` reads the text with a few regular
expressions: it finds the lines that start an import, drops those inside
triple-quoted strings and parses only the statements themselves. When the
text holds anything it cannot read with certainty (a triple quote after a
comment or another string on its line, a ``;``, an import after a ``:`` on
one line, an unusual ``TYPE_CHECKING`` test), it returns None and
:func:`scan_source` falls back to the ``ast`` reader for that file.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pytest_backend_guide.source import SourceFile

_IMPORT_WORD = re.compile(r"import[ \t(]")
_FROM_PREFIX = re.compile(r"from\b[ \t.]*(?:[^\W\d][\w.]*)?[ \t]*$")
_FROM_WORD = re.compile(r"from\b")
_TC_ANY = re.compile(r"^[ \t]*(?:el)?if\b[^\n]*\bTYPE_CHECKING\b", re.MULTILINE)
_TC_SIMPLE = re.compile(
    r"([ \t]*)if[ \t]+(?:[A-Za-z_]\w*\.)?TYPE_CHECKING[ \t]*:[ \t]*(?:#.*)?\r?$"
)
_DOTTED = r"[^\W\d]\w*(?:[ \t]*\.[ \t]*[^\W\d]\w*)*"
_IMPORT = re.compile(r"import[ \t]+(?P<names>.+)", re.DOTALL)
_FROM = re.compile(
    r"from[ \t]*(?P<dots>(?:\.[ \t]*)*)(?P<module>" + _DOTTED + r")?[ \t]*"
    r"import\b[ \t]*(?P<names>.+)",
    re.DOTALL,
)
_ALIAS = re.compile(r"(?P<name>" + _DOTTED + r"|\*)(?:[ \t]+as[ \t]+[^\W\d]\w*)?")


@dataclass(frozen=True)
class ImportStatement:
    """One imported name or module, as written in the source.

    ``import a.b, c`` gives two statements (``a.b`` and ``c``, no names);
    ``from ..x import y, z`` gives one with level 2, module ``x`` and names
    ``("y", "z")``.

    Attributes:
        line: 1-based line where the statement starts.
        col: 1-based column of the ``import`` or ``from`` keyword.
        end_col: Column just after the statement, when it fits on its line.
        module: The dotted module (``""`` for ``from . import x``).
        level: Number of leading dots of a relative import (0: absolute).
        names: Names after ``import`` in a ``from`` import (``*`` included);
            empty for a plain ``import``.
        type_checking: Whether the statement sits under ``if TYPE_CHECKING:``.
    """

    line: int
    col: int
    end_col: int | None
    module: str
    level: int
    names: tuple[str, ...]
    type_checking: bool = False

    @property
    def is_from(self) -> bool:
        """Return whether this is a ``from ... import ...`` statement."""
        return bool(self.names)


def to_json(statements: list[ImportStatement]) -> list[list[Any]]:
    """Return statements as JSON-compatible lists, to keep between runs.

    Args:
        statements: The statements.

    Returns:
        One list of fields per statement.
    """
    return [
        [s.line, s.col, s.end_col, s.module, s.level, list(s.names), s.type_checking]
        for s in statements
    ]


def from_json(data: list[list[Any]]) -> list[ImportStatement]:
    """Return the statements :func:`to_json` gave.

    Args:
        data: The lists.

    Returns:
        The statements.

    Raises:
        TypeError: The data is not what :func:`to_json` gives (a damaged
            cache entry): the caller computes the statements again.
    """
    if not isinstance(data, list):
        raise TypeError("import statements are not a list")
    statements = []
    for fields in data:
        if not isinstance(fields, list) or len(fields) != len(_FIELD_TYPES):
            raise TypeError("an import statement is not a list of 7 fields")
        for value, types in zip(fields, _FIELD_TYPES):
            if type(value) not in types:
                raise TypeError(f"an import statement holds {value!r}")
        line, col, end_col, module, level, names, tc = fields
        if not all(type(name) is str for name in names):
            raise TypeError("an imported name is not a string")
        statements.append(
            ImportStatement(line, col, end_col, module, level, tuple(names), tc)
        )
    return statements


_FIELD_TYPES: tuple[tuple[type, ...], ...] = (
    (int,),
    (int,),
    (int, type(None)),
    (str,),
    (int,),
    (list,),
    (bool,),
)


def scan_source(source: SourceFile) -> list[ImportStatement]:
    """Return the import statements of a file, the cheap way when it is safe.

    Args:
        source: The decoded file; its ``tree`` is parsed only when the text
            reader gives up.

    Returns:
        The statements in source order.

    Raises:
        SourceError: The text reader gave up and the file does not parse.
    """
    found = scan_text(source.text)
    if found is not None:
        return found
    return scan_tree(source.tree, source.lines)


def scan_tree(tree: ast.Module, lines: list[str]) -> list[ImportStatement]:
    """Return the import statements of a parsed file.

    Only statement lists are walked (imports are never inside expressions):
    function and class bodies, ``try`` blocks and handlers, ``if`` branches,
    loops, ``with`` and ``match`` blocks.

    Args:
        tree: The parsed module.
        lines: The source lines, for character columns.

    Returns:
        The statements in source order.
    """
    found: list[ImportStatement] = []
    for node, type_checking in _walk_statements(tree.body):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append(_from_node(node, lines, alias.name, 0, (), type_checking))
        elif isinstance(node, ast.ImportFrom):
            names = tuple(alias.name for alias in node.names)
            module = node.module or ""
            found.append(
                _from_node(node, lines, module, node.level, names, type_checking)
            )
    found.sort(key=lambda statement: (statement.line, statement.col))
    return found


def _walk_statements(body: list[ast.stmt]) -> Iterator[tuple[ast.stmt, bool]]:
    """Yield every statement under ``body`` with its TYPE_CHECKING flag."""
    stack: list[tuple[list[ast.stmt], bool]] = [(body, False)]
    while stack:
        statements, type_checking = stack.pop()
        for node in statements:
            yield node, type_checking
            if isinstance(node, ast.If):
                guard = _type_checking_guard(node.test)
                stack.append((node.body, type_checking or guard == "body"))
                stack.append((node.orelse, type_checking or guard == "else"))
                continue
            for field in ("body", "orelse", "finalbody"):
                child = getattr(node, field, None)
                if isinstance(child, list):
                    stack.append((child, type_checking))
            for part in getattr(node, "handlers", ()):
                stack.append((part.body, type_checking))
            for part in getattr(node, "cases", ()):
                stack.append((part.body, type_checking))


def _type_checking_guard(test: ast.expr) -> str | None:
    """Return which branch of an ``if`` is for type checkers only, if any."""
    if _is_type_checking(test):
        return "body"
    if (
        isinstance(test, ast.UnaryOp)
        and isinstance(test.op, ast.Not)
        and _is_type_checking(test.operand)
    ):
        return "else"
    return None


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _from_node(
    node: ast.Import | ast.ImportFrom,
    lines: list[str],
    module: str,
    level: int,
    names: tuple[str, ...],
    type_checking: bool,
) -> ImportStatement:
    text = lines[node.lineno - 1] if node.lineno <= len(lines) else ""
    col = _char_column(text, node.col_offset)
    end_col = None
    if node.end_lineno == node.lineno and node.end_col_offset is not None:
        end_col = _char_column(text, node.end_col_offset)
    return ImportStatement(
        node.lineno, col, end_col, module, level, names, type_checking
    )


def _char_column(text: str, byte_offset: int) -> int:
    if text.isascii():
        return byte_offset + 1
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="replace")) + 1


def scan_text(text: str) -> list[ImportStatement] | None:
    """Return the import statements of a file read as text, or None if unsure.

    Every statement that imports contains the word ``import``, so the reader
    only looks at the lines holding that word, outside triple-quoted strings.

    Args:
        text: The decoded source.

    Returns:
        The statements in source order, or None when the text holds a
        construct this reader does not handle with certainty.
    """
    if "import" not in text:
        return []
    strings = _string_spans(text)
    if strings is None:
        return None
    guards = _type_checking_blocks(text, strings) if "TYPE_CHECKING" in text else _NONE
    if guards is None:
        return None
    found: list[ImportStatement] = []
    line = 1
    counted_to = 0
    consumed_to = 0
    for match in _IMPORT_WORD.finditer(text):
        word = match.start()
        if word < consumed_to or strings.covers(word):
            continue
        line_start = text.rfind("\n", 0, word) + 1
        kind = _line_kind(text, line_start, word)
        if kind == "other":
            continue
        if kind == "unsure":
            return None
        line += text.count("\n", counted_to, line_start)
        counted_to = line_start
        indent = len(text[line_start:word]) - len(text[line_start:word].lstrip(" \t"))
        read = _read_statement(text, line_start, line, indent + 1)
        if read is None:
            return None
        statements, consumed_to = read
        if guards.covers(line_start):
            statements = [_as_type_checking(s) for s in statements]
        found.extend(statements)
    return found


def _line_kind(text: str, line_start: int, word: int) -> str:
    """Classify a line by what stands before the word ``import`` on it.

    Returns:
        ``statement`` for a line that starts an import, ``unsure`` for one
        that may import in a way this reader does not follow (after ``:``
        or ``;``, or on a continuation line), ``other`` for a mere mention.
    """
    if word > 0 and (text[word - 1].isalnum() or text[word - 1] == "_"):
        return "other"  # reimport, my_import
    before = text[line_start:word]
    code = before.lstrip(" \t")
    if not code or _FROM_PREFIX.match(code):
        previous = text[max(0, line_start - 3) : line_start].rstrip("\r\n")
        return "unsure" if previous.endswith("\\") else "statement"
    if _FROM_WORD.match(code):
        return "unsure"
    if ":" in code or ";" in code:
        return "unsure"
    return "other"


def _as_type_checking(statement: ImportStatement) -> ImportStatement:
    return ImportStatement(
        statement.line,
        statement.col,
        statement.end_col,
        statement.module,
        statement.level,
        statement.names,
        type_checking=True,
    )


@dataclass(frozen=True)
class _Spans:
    """Sorted, disjoint ``[start, end)`` character ranges of a text."""

    starts: list[int]
    ends: list[int]

    def covers(self, offset: int) -> bool:
        index = bisect.bisect_right(self.starts, offset) - 1
        return index >= 0 and offset < self.ends[index]


def _string_spans(text: str) -> _Spans | None:
    """Return the ranges of the triple-quoted strings, or None if unsure.

    A triple quote that opens a string must have nothing on its line before
    it that could itself start a string or a comment; otherwise the pairing
    could be wrong and the caller falls back to a full parse.
    """
    starts: list[int] = []
    ends: list[int] = []
    double = text.find('"""')
    single = text.find("'''")
    while double >= 0 or single >= 0:
        if single < 0 or 0 <= double < single:
            opening, quote = double, '"""'
        else:
            opening, quote = single, "'''"
        line_start = text.rfind("\n", 0, opening) + 1
        before = text[line_start:opening]
        if "#" in before or '"' in before or "'" in before:
            return None
        closing = _closing_quote(text, opening + 3, quote)
        if closing < 0:
            return None
        starts.append(opening)
        ends.append(closing)
        if double >= 0:
            double = text.find('"""', closing) if double < closing else double
        if single >= 0:
            single = text.find("'''", closing) if single < closing else single
    return _Spans(starts, ends)


def _closing_quote(text: str, position: int, quote: str) -> int:
    """Return the offset just after the quote that closes a string, or -1."""
    while True:
        found = text.find(quote, position)
        if found < 0:
            return -1
        backslashes = 0
        while (
            found - backslashes - 1 >= position
            and text[found - backslashes - 1] == "\\"
        ):
            backslashes += 1
        if backslashes % 2 == 0:
            return found + len(quote)
        position = found + 1


def _type_checking_blocks(text: str, strings: _Spans) -> _Spans | None:
    """Return the ranges of ``if TYPE_CHECKING:`` bodies, or None if unsure."""
    starts: list[int] = []
    ends: list[int] = []
    for match in _TC_ANY.finditer(text):
        if strings.covers(match.start()):
            continue
        line_end = text.find("\n", match.start())
        line_end = len(text) if line_end < 0 else line_end
        header = _TC_SIMPLE.match(text, match.start(), line_end)
        if header is None:
            return None
        indent = len(header.group(1).expandtabs(8))
        starts.append(line_end)
        ends.append(_block_end(text, line_end, indent, strings))
    return _Spans(starts, ends)


_NONE = _Spans([], [])


def _block_end(text: str, position: int, indent: int, strings: _Spans) -> int:
    """Return where the block whose header ends at ``position`` ends."""
    while position < len(text):
        line_start = position + 1
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        line = text[line_start:line_end]
        stripped = line.lstrip(" \t")
        if (
            stripped.strip()
            and not stripped.startswith("#")
            and not strings.covers(line_start)
        ):
            width = len(line[: len(line) - len(stripped)].expandtabs(8))
            if width <= indent:
                return line_start
        position = line_end
    return len(text)


def _read_statement(
    text: str, start: int, line: int, col: int
) -> tuple[list[ImportStatement], int] | None:
    """Read the import statement that starts at ``start``, over its lines.

    Returns:
        The statements and the offset where the statement's last line ends,
        or None when the statement cannot be read with certainty.
    """
    parts: list[str] = []
    depth = 0
    position = start
    first_line_end: int | None = None
    while True:
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        code = text[position:end].split("#", 1)[0].rstrip()
        if first_line_end is None:
            first_line_end = len(code)
        depth += code.count("(") - code.count(")")
        continued = code.endswith("\\")
        parts.append(code[:-1] if continued else code)
        if depth < 0 or (depth == 0 and not continued):
            break
        if end >= len(text):
            return None
        position = end + 1
    if depth != 0:
        return None
    statement = " ".join(part.strip() for part in parts)
    end_col = first_line_end + 1 if len(parts) == 1 else None
    parsed = _parse_statement(statement, line, col, end_col)
    return None if parsed is None else (parsed, end)


def _parse_statement(
    statement: str, line: int, col: int, end_col: int | None
) -> list[ImportStatement] | None:
    if ";" in statement:
        return None
    if statement.startswith("import"):
        plain = _IMPORT.fullmatch(statement)
        names = _aliases(plain.group("names")) if plain else None
        if not names or "*" in names:
            return None
        return [ImportStatement(line, col, end_col, name, 0, ()) for name in names]
    matched = _FROM.fullmatch(statement)
    if matched is None:
        return None
    names = _aliases(matched.group("names"))
    if not names:
        return None
    level = matched.group("dots").count(".")
    module = _no_blanks(matched.group("module") or "")
    if not module and not level:
        return None
    return [ImportStatement(line, col, end_col, module, level, tuple(names))]


def _aliases(text: str) -> list[str] | None:
    text = text.strip()
    if text.startswith("("):
        if not text.endswith(")"):
            return None
        text = text[1:-1]
    names = []
    for raw in text.split(","):
        part = raw.strip()
        if not part:
            continue
        matched = _ALIAS.fullmatch(part)
        if matched is None:
            return None
        names.append(_no_blanks(matched.group("name")))
    if not text.strip().rstrip(",") or ("*" in names and len(names) > 1):
        return None
    return names


def _no_blanks(dotted: str) -> str:
    return "".join(dotted.split())
