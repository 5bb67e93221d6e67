"""Files -> parsed source -> checkers -> filters -> violations.

:func:`check_file` is a pure function of a file's bytes and the effective
settings, so its result can be cached by content hash and computed in
another process.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pluggy

from pytest_backend_guide.settings import Settings
from pytest_backend_guide.source import SourceError, SourceFile
from pytest_backend_guide.suppression import suppressions, without_suppressed
from pytest_backend_guide.violation import FileContext, Violation


@dataclass(frozen=True)
class FileResult:
    """The outcome of checking one file.

    Attributes:
        path: Display path of the file.
        violations: Violations of enabled, unsuppressed rules, in order.
        error: Why the file could not be checked at all, if it could not.
        skipped: Why the file was deliberately not checked, if it was not.
        context: The source text of each reported line, for code frames.
    """

    path: str
    violations: tuple[Violation, ...] = ()
    error: SourceError | None = None
    skipped: str | None = None
    context: tuple[tuple[int, str], ...] = ()

    @property
    def codes(self) -> list[str]:
        """Return the codes of the violations, in report order."""
        return [violation.code for violation in self.violations]

    def line_text(self, line: int) -> str:
        """Return the source text of a reported line, or an empty string."""
        return dict(self.context).get(line, "")

    @property
    def ok(self) -> bool:
        """Return whether the file passed."""
        return not self.violations and self.error is None


def check_file(path: Path, relpath: str, settings: Settings, hook: pluggy.HookRelay) -> FileResult:
    """Read, parse and check one file.

    Args:
        path: Absolute path of the file.
        relpath: Display path, relative to the rootdir.
        settings: The effective settings.
        hook: The checkers' hook relay.

    Returns:
        The result; reading, decoding and parsing problems are part of it,
        never raised.
    """
    try:
        size = path.stat().st_size
        if size > settings.max_file_size:
            reason = (
                f"{relpath}: {size:,} bytes is over max-file-size "
                f"({settings.max_file_size:,}); not checked"
            )
            return FileResult(relpath, skipped=reason)
        data = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return FileResult(relpath, error=SourceError(relpath, 1, 1, f"cannot read: {reason}"))
    try:
        source = SourceFile.from_bytes(relpath, data)
    except SourceError as exc:
        return FileResult(relpath, error=exc, context=_context(data, exc.line))
    return check_source(source, settings, hook)


def check_source(source: SourceFile, settings: Settings, hook: pluggy.HookRelay) -> FileResult:
    """Run every enabled file-level rule on a decoded file.

    Args:
        source: The decoded file.
        settings: The effective settings.
        hook: The checkers' hook relay.

    Returns:
        The result.
    """
    try:
        source.tree  # parse first: a file that does not parse fails as a whole
    except SourceError as exc:
        context = ((exc.line, source.line_text(exc.line)),)
        return FileResult(source.path, error=exc, context=context)
    enabled = settings.enabled_for(source.path)
    if not enabled:
        return FileResult(source.path)
    ctx = FileContext(source, enabled, settings.options, settings.line_length)
    found = _flatten(hook.guide_check_file(ctx=ctx))
    relevant = [v for v in found if v.code in enabled]
    kept = without_suppressed(relevant, suppressions(source))
    violations = tuple(sorted(set(kept)))
    context = tuple((n, source.line_text(n)) for n in sorted({v.line for v in violations}))
    return FileResult(source.path, violations, context=context)


def _context(data: bytes, line: int) -> tuple[tuple[int, str], ...]:
    """Return one undecodable line, with bad bytes replaced, for the frame."""
    lines = data.splitlines()
    if not 1 <= line <= len(lines):
        return ()
    return ((line, lines[line - 1].decode("utf-8", errors="replace")),)


def _flatten(results: Iterable[Iterable[Violation] | None]) -> list[Violation]:
    return [violation for result in results if result for violation in result]
