"""Linter-style text: one violation a line, a code frame, a help line."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from pytest_backend_guide.engine import FileResult
from pytest_backend_guide.registry import RuleRegistry
from pytest_backend_guide.source import SourceError
from pytest_backend_guide.violation import Violation

TAB_WIDTH = 8
HINT_WIDTH = 60


def violation_line(violation: Violation, rules: RuleRegistry) -> str:
    """Return ``path:line:col: CODE message (rule-name)``.

    Args:
        violation: The violation.
        rules: The registry, for the rule's name.

    Returns:
        The line, without a newline.
    """
    name = rules.get(violation.code).name if violation.code in rules else None
    return _head(violation, name)


def _head(violation: Violation, name: str | None) -> str:
    head = (
        f"{violation.path}:{violation.line}:{violation.col}: "
        f"{violation.code} {violation.message}"
    )
    return f"{head} ({name})" if name else head


def code_frame(source_line: str, col: int, end_col: int | None) -> list[str]:
    """Return the source line and a caret line under columns ``col..end_col``.

    Tabs are expanded so that the carets stay under the code they mark.

    Args:
        source_line: The text of the reported line.
        col: 1-based start column.
        end_col: 1-based column just after the marked code, if known.

    Returns:
        Two lines, indented by four spaces; none for an empty source line.
    """
    if not source_line or source_line.isspace():
        return []
    marked_end = end_col if end_col and end_col > col else col + 1
    if "\t" not in source_line:  # columns are characters: no expansion
        width = len(source_line[col - 1 : marked_end - 1]) or 1
        indent = " " * min(col - 1, len(source_line))
        return [f"    {source_line.rstrip()}", f"    {indent}{'^' * width}"]
    before = source_line[: col - 1].expandtabs(TAB_WIDTH)
    marked = source_line[col - 1 : marked_end - 1].expandtabs(TAB_WIDTH) or " "
    shown = source_line.expandtabs(TAB_WIDTH).rstrip()
    return [f"    {shown}", f"    {' ' * len(before)}{'^' * len(marked)}"]


def format_result(
    result: FileResult, rules: RuleRegistry, *, concise: bool = False
) -> str:
    """Return the failure text of one file.

    Args:
        result: The failing result.
        rules: The registry, for rule names.
        concise: One line per violation, without code frame or help
            (``output-format = "concise"``).

    Returns:
        The text, one block (or line) per violation.
    """
    if result.error is not None:
        error = result.error
        return format_error(error, result.line_text(error.path, error.line))
    return "\n".join(_violation_blocks(result, rules, concise, []))


def rendered_result(
    result: FileResult, rules: RuleRegistry
) -> tuple[str, list[int] | None]:
    """Return the failure text of one file and where its concise lines are.

    For the cache (see :mod:`pytest_backend_guide.replay`): one text serves
    both output formats.

    Args:
        result: The failing result.
        rules: The registry, for rule names.

    Returns:
        The full text, and the indexes of its lines (split at line breaks) that
        the concise text keeps; None when it keeps them all (a file that
        cannot be checked is shown the same way in both formats).
    """
    if result.error is not None:
        return format_result(result, rules), None
    heads: list[int] = []
    blocks = _violation_blocks(result, rules, False, heads)
    kept: list[int] = []
    line = 0
    marked = iter(heads)
    next_head = next(marked, -1)
    for index, block in enumerate(blocks):
        lines = block.count("\n") + 1  # a message may hold a line break
        if index == next_head:
            kept.extend(range(line, line + lines))
            next_head = next(marked, -1)
        line += lines
    return "\n".join(blocks), kept


def _violation_blocks(
    result: FileResult, rules: RuleRegistry, concise: bool, heads: list[int]
) -> list[str]:
    """Return the lines of a result's violations; note where each head line is."""
    lines = dict(result.context)
    names = {code: rules.get(code).name for code in set(result.codes) if code in rules}
    out: list[str] = []
    for violation in result.violations:
        heads.append(len(out))
        out.append(_head(violation, names.get(violation.code)))
        if concise:
            continue
        text = lines.get((violation.path, violation.line), "")
        out += code_frame(text, violation.col, violation.end_col)
        if violation.fix_hint:
            out.append(f"  help: {violation.fix_hint}")
    return out


def format_error(error: SourceError, source_line: str) -> str:
    """Return the text of a file that could not be checked.

    Args:
        error: What went wrong.
        source_line: The text of the line where it went wrong, if known.

    Returns:
        The error line and, where there is one, a code frame.
    """
    return "\n".join([str(error), *code_frame(source_line, error.col, None)])


@dataclass(frozen=True)
class Tally:
    """How many checks ran and how they ended.

    Attributes:
        checked: Items that reported (files and project checks).
        failed: Items that failed.
        unreadable: Files that could not be read, decoded or parsed.
    """

    checked: int
    failed: int
    unreadable: int = 0


def summary_lines(
    counts: Counter[str],
    tally: Tally,
    rules: RuleRegistry,
    hints: dict[str, str] | None = None,
) -> list[str]:
    """Return the end-of-session summary: violations per rule, then totals.

    Args:
        counts: Violations per rule code.
        tally: How many checks ran and failed.
        rules: The registry, for rule names.
        hints: For ``--guide-statistics``: a rule's fix hint, where all its
            violations share one, shown after the name.

    Returns:
        The lines to print.
    """
    total = sum(counts.values())
    width = len(str(max(counts.values(), default=0)))
    lines = []
    names = {code: rules.get(code).name if code in rules else "" for code in counts}
    name_width = max((len(name) for name in names.values()), default=0)
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        hint = (hints or {}).get(code)
        line = f"{count:>{width}}  {code:<9}{names[code]}"
        if hint:
            line = f"{line:<{width + 11 + name_width}}  {hint}"
        lines.append(line)
    noun = "violation" if total == 1 else "violations"
    last = f"{total} {noun}, {tally.failed} of {tally.checked} checks failed"
    if tally.unreadable:
        last += f" ({tally.unreadable} could not be checked)"
    lines.append(last)
    return lines


def shared_hints(results: Iterable[FileResult]) -> dict[str, str]:
    """Return each rule's fix hint, where its reported violations share one.

    A hint shown once per rule must be general: it is kept only when at
    least two violations of the rule have it and none has another.

    Args:
        results: The run's results.

    Returns:
        Hints by rule code, shortened to :data:`HINT_WIDTH` characters.
    """
    seen: dict[str, list[str | None]] = {}
    for result in results:
        for violation in result.violations:
            seen.setdefault(violation.code, []).append(violation.fix_hint)
    hints = {}
    for code, found in seen.items():
        distinct = set(found)
        if len(found) >= 2 and len(distinct) == 1:
            (hint,) = distinct
            if hint:
                cut = hint[: HINT_WIDTH - 3] + "..."
                hints[code] = hint if len(hint) <= HINT_WIDTH else cut
    return hints
