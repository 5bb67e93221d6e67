"""What a checker reports, and the context a checker works in."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pytest_backend_guide.options import ParsedSection, read_options
from pytest_backend_guide.source import SourceFile

T = TypeVar("T")


@dataclass(frozen=True, order=True)
class Violation:
    """One breach of one rule at one place.

    Lines and columns are 1-based; columns count characters, not bytes.

    Attributes:
        path: Path of the file, relative to the rootdir, with ``/`` separators.
        line: Line of the start of the offending code.
        col: Column of the start of the offending code.
        code: The rule code, e.g. ``NAME003``.
        message: What is wrong, in one line, naming the offending thing.
        fix_hint: How to fix it, in one line, when a fix is known.
        end_col: Column just after the offending code on ``line``, for the caret.
        symbol: What encloses it, independent of line numbers
            (``app.api.users.UserView.get``; see :mod:`.symbols`); filled in
            by the engine when the checker leaves it unset, and used to key
            baseline entries. Not part of a violation's identity.
    """

    path: str
    line: int
    col: int
    code: str
    message: str
    fix_hint: str | None = None
    end_col: int | None = None
    symbol: str | None = field(default=None, compare=False)

    def with_symbol(self, symbol: str) -> Violation:
        """Return this violation with its enclosing symbol set.

        The engine names every reported violation (23,000 on Django);
        building the copy directly costs a third of ``dataclasses.replace``.

        Args:
            symbol: What encloses it (see :mod:`.symbols`).

        Returns:
            The copy.
        """
        return Violation(
            self.path,
            self.line,
            self.col,
            self.code,
            self.message,
            self.fix_hint,
            self.end_col,
            symbol,
        )


@dataclass(frozen=True)
class FileContext:
    """Everything a file-level checker may look at.

    Attributes:
        source: The parsed file.
        enabled: Codes of the rules that are enabled for this file.
        options: Validated option tables, by section name (``naming``).
        line_length: The project's maximum line length.
        parsed: The typed options of each section, parsed at start-up;
            read them with :meth:`options_for`.
    """

    source: SourceFile
    enabled: frozenset[str]
    options: Mapping[str, Mapping[str, Any]]
    line_length: int = 88
    parsed: Mapping[str, Any] = field(default_factory=dict)

    def options_for(self, section: ParsedSection[T]) -> T:
        """Return a family's typed options, parsed once per session.

        Args:
            section: The family's declared section.

        Returns:
            The object its ``parse`` built.
        """
        return read_options(section, self.parsed, self.options)

    def is_enabled(self, code: str) -> bool:
        """Return whether the rule ``code`` runs on this file."""
        return code in self.enabled

    def any_enabled(self, prefix: str) -> bool:
        """Return whether any rule whose code starts with ``prefix`` runs."""
        return any(code.startswith(prefix) for code in self.enabled)

    def section(self, name: str) -> Mapping[str, Any]:
        """Return the validated options of one section, or an empty mapping.

        Families with a :class:`ParsedSection` read :meth:`options_for`.

        Args:
            name: The section's name.

        Returns:
            Its values by kebab-case key.
        """
        return self.options.get(name, {})

    def violation(
        self,
        code: str,
        line: int,
        col: int,
        message: str,
        *,
        fix_hint: str | None = None,
        end_col: int | None = None,
    ) -> Violation:
        """Build a violation in this file at a 1-based line and column.

        Args:
            code: Rule code.
            line: 1-based line.
            col: 1-based character column.
            message: What is wrong.
            fix_hint: How to fix it.
            end_col: 1-based column just after the offending code.

        Returns:
            The violation.
        """
        return Violation(self.source.path, line, col, code, message, fix_hint, end_col)

    def at_node(
        self,
        code: str,
        node: ast.AST,
        message: str,
        *,
        fix_hint: str | None = None,
        width: int | None = None,
    ) -> Violation:
        """Build a violation at the start of an ``ast`` node.

        Args:
            code: Rule code.
            node: A node with ``lineno`` and ``col_offset``.
            message: What is wrong.
            fix_hint: How to fix it.
            width: Number of characters to underline; the node's own extent
                on its first line when not given.

        Returns:
            The violation.
        """
        line = node.lineno  # type: ignore[attr-defined]
        col = self.source.char_column(line, node.col_offset)  # type: ignore[attr-defined]
        if width is None:
            end_line = getattr(node, "end_lineno", None)
            end_offset = getattr(node, "end_col_offset", None)
            if end_line == line and end_offset is not None:
                width = self.source.char_column(line, end_offset) - col
        end_col = col + width if width else None
        return self.violation(
            code, line, col, message, fix_hint=fix_hint, end_col=end_col
        )
