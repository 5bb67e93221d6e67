"""A Python file read once, with each representation parsed on first use."""

from __future__ import annotations

import ast
import codecs
import io
import re
import tokenize
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from pytest_backend_guide.node_index import NodeIndex

if TYPE_CHECKING:
    from ast_grep_py import SgNode

LINE_BREAK = re.compile(r"\r\n|\r|\n")


class SourceError(Exception):
    """The file cannot be checked: it cannot be decoded or parsed.

    Attributes:
        path: Display path of the file.
        line: 1-based line of the problem (1 when unknown).
        col: 1-based column of the problem (1 when unknown).
        message: What is wrong, for the user.
    """

    def __init__(self, path: str, line: int, col: int, message: str) -> None:
        """Record where the file went wrong and why.

        Args:
            path: Display path of the file.
            line: 1-based line.
            col: 1-based column.
            message: What is wrong.
        """
        super().__init__(path, line, col, message)
        self.path = path
        self.line = line
        self.col = col
        self.message = message

    def __str__(self) -> str:
        """Return the problem in ``path:line:col: error: message`` form."""
        return f"{self.path}:{self.line}:{self.col}: error: {self.message}"


def decode_source(path: str, data: bytes) -> str:
    """Decode Python source bytes as the interpreter would (PEP 263).

    Args:
        path: Display path, for the error message.
        data: Raw file content.

    Returns:
        The text, without a byte-order mark.

    Raises:
        SourceError: The encoding declaration is unknown or the bytes do
            not decode with it.
    """
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        # No usable declaration: say where the bytes stop being UTF-8.
        if b"coding" in data[:400]:
            line = exc.lineno or 1
            raise SourceError(path, line, 1, f"cannot decode: {exc.msg}") from None
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = data[exc.start : exc.start + 1].hex()
        reason = exc.reason
        message = f"cannot decode as {encoding}: byte 0x{byte} is invalid ({reason})"
        raise SourceError(path, line, col, message) from None
    if text.startswith(codecs.BOM_UTF8.decode("utf-8")):
        text = text[1:]
    return text


@dataclass(eq=False)
class SourceFile:
    """One Python file of the checked project.

    The text is decoded once; ``lines``, ``tree``, ``nodes`` and ``sg_root``
    are built the first time a checker asks for them and shared by every
    checker.

    Attributes:
        path: Path relative to the rootdir, with ``/`` separators.
        text: The decoded source.
    """

    path: str
    text: str
    _ascii: bool = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Note whether byte and character columns coincide."""
        self._ascii = self.text.isascii()

    @classmethod
    def from_bytes(cls, path: str, data: bytes) -> SourceFile:
        """Decode raw bytes into a source file.

        Args:
            path: Display path.
            data: Raw content.

        Returns:
            The source file.
        """
        return cls(path, decode_source(path, data))

    @cached_property
    def lines(self) -> list[str]:
        """Return the lines of the file, without line endings.

        Only ``\\n``, ``\\r\\n`` and ``\\r`` end a line, as for Python's
        tokenizer; ``str.splitlines`` would also split at form feeds and
        other separators and shift every later line number.
        """
        text = self.text
        # Without a carriage return, splitting at "\n" is the same and
        # about three times cheaper than the regular expression.
        lines = LINE_BREAK.split(text) if "\r" in text else text.split("\n")
        if lines and not lines[-1]:
            lines.pop()
        return lines

    @property
    def module_name(self) -> str:
        """Return the file's stem (``users`` for ``app/api/users.py``)."""
        name = self.path.rsplit("/", 1)[-1]
        return name[:-3] if name.endswith(".py") else name.rsplit(".", 1)[0]

    @cached_property
    def tree(self) -> ast.Module:
        """Return the ``ast`` tree of the file.

        Raises:
            SourceError: The file is not valid Python for this interpreter.
        """
        try:
            try:
                return self._parse()
            except RecursionError:  # deep, but maybe not for a fresh, deep stack
                from pytest_backend_guide.deep import with_deep_stack

                return with_deep_stack(self._parse, "parse")
        except SyntaxError as exc:
            line = exc.lineno or 1
            col = exc.offset or 1
            raise SourceError(
                self.path, line, col, f"cannot parse: {exc.msg}"
            ) from None
        except (ValueError, RecursionError, MemoryError) as exc:
            raise SourceError(self.path, 1, 1, f"cannot parse: {exc}") from None

    def _parse(self) -> ast.Module:
        with warnings.catch_warnings():
            # Invalid escape sequences in checked code are not our news.
            warnings.simplefilter("ignore")
            return ast.parse(self.text, filename=self.path, type_comments=False)

    @cached_property
    def nodes(self) -> NodeIndex:
        """Return every node of the ``ast`` tree, by type, from one shared walk.

        Raises:
            SourceError: The file is not valid Python for this interpreter.
        """
        return NodeIndex.of(self.tree)

    @cached_property
    def sg_root(self) -> SgNode:
        """Return the root node of the file as parsed by ast-grep."""
        from ast_grep_py import SgRoot  # imported late: only pattern rules pay for it

        return SgRoot(self.text, "python").root()

    def line_text(self, line: int) -> str:
        """Return the text of a 1-based line, or an empty string past the end."""
        if 1 <= line <= len(self.lines):
            return self.lines[line - 1]
        return ""

    def char_column(self, line: int, byte_offset: int) -> int:
        """Convert an ``ast`` UTF-8 byte offset into a 1-based character column.

        Args:
            line: 1-based line number.
            byte_offset: 0-based UTF-8 byte offset, as ``ast`` reports it.

        Returns:
            The 1-based character column.
        """
        if self._ascii:
            return byte_offset + 1
        encoded = self.line_text(line).encode("utf-8")
        return len(encoded[:byte_offset].decode("utf-8", errors="replace")) + 1
