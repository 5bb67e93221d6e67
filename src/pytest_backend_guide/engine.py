"""Files -> parsed source -> checkers -> filters -> violations.

:func:`check_bytes` is a pure function of a file's bytes and the effective
settings, so its result can be cached by content hash and computed in
another process. :func:`check_project` runs one project-level check and
applies the same filters to what it reports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from pytest_backend_guide.deep import with_deep_stack
from pytest_backend_guide.manager import FileHook
from pytest_backend_guide.project import FileFact, ProjectCheck, ProjectContext
from pytest_backend_guide.reading import (
    FileTooLargeError,
    NotRegularFileError,
    read_regular_file,
    read_text_file,
)
from pytest_backend_guide.settings import Settings
from pytest_backend_guide.source import SourceError, SourceFile
from pytest_backend_guide.suppression import IgnoreComments, Suppressed
from pytest_backend_guide.symbols import with_symbols
from pytest_backend_guide.violation import FileContext, Violation

if TYPE_CHECKING:
    from pytest_backend_guide.discovery import FoundFile


@dataclass(frozen=True)
class FileResult:
    """The outcome of checking one file, or of one project-level check.

    Attributes:
        path: Display path of the file (``pyproject.toml`` for project checks).
        violations: Violations of enabled, unsuppressed rules, in order.
        error: Why the file could not be checked at all, if it could not.
        skipped: Why the file was deliberately not checked, if it was not.
        context: ``((path, line), text)`` of each reported line, for code frames.
        facts: What project checks learn from the file, by kind (see
            :class:`~pytest_backend_guide.project.FileFact`); cached with
            the result, but not part of the outcome (not compared).
        baselined: Violations set aside because the baseline holds them
            (see :mod:`~pytest_backend_guide.baseline`); never cached.
        suppressed: Violations a ``# guide: ignore`` comment silences, with
            the comment's reason, for the machine reports; never shown in
            the terminal, never counted as violations.
    """

    path: str
    violations: tuple[Violation, ...] = ()
    error: SourceError | None = None
    skipped: str | None = None
    context: tuple[tuple[tuple[str, int], str], ...] = ()
    facts: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    baselined: tuple[Violation, ...] = ()
    suppressed: tuple[Suppressed, ...] = ()

    @property
    def codes(self) -> list[str]:
        """Return the codes of the violations, in report order."""
        return [violation.code for violation in self.violations]

    def line_text(self, path: str, line: int) -> str:
        """Return the source text of a reported line, or an empty string.

        Args:
            path: Display path of the file.
            line: 1-based line.

        Returns:
            The text.
        """
        return dict(self.context).get((path, line), "")

    @property
    def ok(self) -> bool:
        """Return whether the file passed."""
        return not self.violations and self.error is None


def read_file(found: FoundFile, settings: Settings) -> bytes | FileResult:
    """Read a file's bytes, unless it cannot or should not be checked.

    Only a regular file is read, and never beyond ``max-file-size``: a FIFO
    would block, a device would never end.

    Args:
        found: The file.
        settings: The effective settings.

    Returns:
        The content, or the result that replaces checking it: a skip for a
        file over ``max-file-size``, an error for one that cannot be read.
    """
    relpath = found.relpath
    if found.problem is not None:
        return FileResult(relpath, error=SourceError(relpath, 1, 1, found.problem))
    try:
        return read_regular_file(found.path, settings.max_file_size)
    except FileTooLargeError as exc:
        reason = (
            f"{relpath}: {exc.size:,} bytes is over max-file-size "
            f"({settings.max_file_size:,}); not checked"
        )
        return FileResult(relpath, skipped=reason)
    except NotRegularFileError as exc:
        message = f"{exc}; not checked"
        return FileResult(relpath, error=SourceError(relpath, 1, 1, message))
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return FileResult(
            relpath, error=SourceError(relpath, 1, 1, f"cannot read: {reason}")
        )


def check_bytes(
    relpath: str,
    data: bytes,
    settings: Settings,
    hook: FileHook,
    facts: Sequence[FileFact] = (),
) -> FileResult:
    """Decode, parse and check a file's content, and learn its facts.

    Args:
        relpath: Display path, relative to the rootdir.
        data: The file's bytes.
        settings: The effective settings.
        hook: The checkers' hook relay.
        facts: The facts project checks will ask of this file.

    Returns:
        The result, with the facts that could be computed.
    """
    try:
        source = SourceFile.from_bytes(relpath, data)
    except SourceError as exc:
        return FileResult(
            relpath, error=exc, context=_undecodable_line(relpath, data, exc.line)
        )
    try:
        return _check_decoded(source, settings, hook, facts)
    except RecursionError:  # a tree deeper than some walk can follow
        return with_deep_stack(
            lambda: _check_decoded(source, settings, hook, facts), "check"
        )


def _check_decoded(
    source: SourceFile, settings: Settings, hook: FileHook, facts: Sequence[FileFact]
) -> FileResult:
    result = check_source(source, settings, hook)
    if not facts:
        return result
    return replace(result, facts=_facts(source, facts))


def _facts(source: SourceFile, facts: Sequence[FileFact]) -> dict[str, Any]:
    found = {}
    for fact in facts:
        try:
            found[fact.kind] = _compute(fact, source)
        except SourceError:
            continue  # asked again by the project check, which skips the file
    return found


def _compute(fact: FileFact, source: SourceFile) -> Any:
    try:
        return fact.compute(source)
    except RecursionError:  # a tree deeper than a recursive walk can follow
        return with_deep_stack(lambda: fact.compute(source), "fact")


def check_source(
    source: SourceFile, settings: Settings, hook: FileHook
) -> FileResult:
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
        context = (((source.path, exc.line), source.line_text(exc.line)),)
        return FileResult(source.path, error=exc, context=context)
    enabled = settings.enabled_for(source.path)
    if not enabled:
        return FileResult(source.path)
    ctx = FileContext(
        source, enabled, settings.options, settings.line_length, settings.parsed
    )
    try:
        found = _flatten(hook.guide_check_file(ctx=ctx))
    except RecursionError:  # a tree deeper than a recursive walk can follow
        found = with_deep_stack(
            lambda: _check_again(source, settings, hook), "check"
        )
    if settings.custom_rules is not None:
        found.extend(settings.custom_rules.rules.violations(ctx))
    relevant = [v for v in found if v.code in enabled]
    kept, silenced = IgnoreComments.of(source).split(relevant)
    return _result(source.path, kept, {source.path: source}, silenced)


def _check_again(
    source: SourceFile, settings: Settings, hook: FileHook
) -> list[Violation]:
    """Run the file's checkers afresh, with a context of their own."""
    ctx = FileContext(
        source,
        settings.enabled_for(source.path),
        settings.options,
        settings.line_length,
        settings.parsed,
    )
    return _flatten(hook.guide_check_file(ctx=ctx))


def check_project(check: ProjectCheck, ctx: ProjectContext) -> FileResult:
    """Run one project-level check and filter what it reports.

    Violations of rules not enabled for their file (``per-file-ignores``)
    are dropped, and those under a ``# guide: ignore`` comment in a Python
    file are set aside as suppressed, as for file-level rules.

    Args:
        check: The check.
        ctx: The project context.

    Returns:
        The result, under the project's display path (``pyproject.toml``,
        or ``.`` when the rootdir has none).
    """
    settings = ctx.settings
    kept: list[Violation] = []
    silenced: list[Suppressed] = []
    sources: dict[str, SourceFile | None] = {}
    comments: dict[str, IgnoreComments] = {}
    for violation in check.run(ctx):
        if violation.code not in settings.enabled_for(violation.path):
            continue
        if violation.path not in sources:
            source = _source_for(ctx, violation.path)
            sources[violation.path] = source
            comments[violation.path] = (
                IgnoreComments.of(source) if source is not None else IgnoreComments()
            )
        stays, silent = comments[violation.path].split([violation])
        kept += stays
        silenced += silent
    shown = sources if check.show_lines else {}
    return _result(ctx.report_path, kept, shown, silenced)


def _source_for(ctx: ProjectContext, path: str) -> SourceFile | None:
    # Comments and the reported lines need the text, not a parse.
    if path.endswith(".py"):
        return ctx.read_source(path)
    text = read_text_file(ctx.rootdir / path, ctx.settings.max_file_size)
    return SourceFile(path, text) if text is not None else None


def _result(
    path: str,
    violations: Iterable[Violation],
    sources: dict[str, SourceFile | None],
    suppressed: Iterable[Suppressed] = (),
) -> FileResult:
    # A key of plain tuples sorts far faster than the dataclass's own order.
    by_path: dict[str, list[Violation]] = {}
    for violation in set(violations):
        by_path.setdefault(violation.path, []).append(violation)
    named = [
        violation
        for where, here in by_path.items()
        for violation in with_symbols(here, sources.get(where))
    ]
    ordered = tuple(sorted(named, key=report_order))
    context = []
    for where in sorted({(v.path, v.line) for v in ordered}):
        source = sources.get(where[0])
        if source is not None:
            context.append((where, source.line_text(where[1])))
    silenced = tuple(sorted(set(suppressed), key=lambda s: report_order(s.violation)))
    return FileResult(path, ordered, context=tuple(context), suppressed=silenced)


def report_order(violation: Violation) -> tuple[str, int, int, str, str]:
    """Return the report order of a violation: path, line, column, code, message.

    Args:
        violation: The violation.

    Returns:
        The sort key.
    """
    return (
        violation.path,
        violation.line,
        violation.col,
        violation.code,
        violation.message,
    )


def _undecodable_line(
    path: str, data: bytes, line: int
) -> tuple[tuple[tuple[str, int], str], ...]:
    """Return one undecodable line, with bad bytes replaced, for the frame."""
    lines = data.splitlines()
    if not 1 <= line <= len(lines):
        return ()
    return (((path, line), lines[line - 1].decode("utf-8", errors="replace")),)


def _flatten(results: Iterable[Iterable[Violation] | None]) -> list[Violation]:
    return [violation for result in results if result for violation in result]
