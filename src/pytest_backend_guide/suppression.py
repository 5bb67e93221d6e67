"""Inline suppression comments: ``# guide: ignore[CODE, ...] -- reason``."""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable

from pytest_backend_guide.source import SourceFile
from pytest_backend_guide.violation import Violation

COMMENT = re.compile(
    r"#\s*guide:\s*ignore(?:\[(?P<codes>[^\]]*)\])?(?:\s*--\s*(?P<reason>.*))?\s*$",
    re.IGNORECASE,
)
ALL_CODES = frozenset({"*"})


def suppressions(source: SourceFile) -> dict[int, frozenset[str]]:
    """Return the suppressed codes by 1-based line.

    Only real comments count: the text ``# guide: ignore`` inside a string is
    not a suppression. A bare ``# guide: ignore`` suppresses every code on
    its line (stored as ``{"*"}``). A comment can't stand inside a
    multi-line string (a docstring), so a comment on the line where such a
    string ends applies to every line of the string, as ruff's ``noqa`` does.

    Args:
        source: The file.

    Returns:
        Suppressed codes per line; lines without a suppression are absent.
    """
    if "guide:" not in source.text:
        return {}
    comments, strings = _comments_and_strings(source)
    found: dict[int, frozenset[str]] = {}
    for line, comment in comments:
        match = COMMENT.search(comment)
        if match is None:
            continue
        codes = match.group("codes")
        if codes is None:
            found[line] = ALL_CODES
        else:
            names = frozenset(c.strip().upper() for c in codes.split(",") if c.strip())
            found[line] = found.get(line, frozenset()) | names
    for first, last in strings:
        codes = found.get(last)
        if codes is not None:
            for line in range(first, last):
                found[line] = _merge(found.get(line), codes)
    return found


def _merge(old: frozenset[str] | None, new: frozenset[str]) -> frozenset[str]:
    if old is None:
        return new
    if ALL_CODES in (old, new):
        return ALL_CODES
    return old | new


def without_suppressed(
    violations: Iterable[Violation], suppressed: dict[int, frozenset[str]]
) -> list[Violation]:
    """Drop the violations that a comment on their line suppresses.

    Args:
        violations: Violations of one file.
        suppressed: Result of :func:`suppressions` for that file.

    Returns:
        The violations that remain.
    """
    if not suppressed:
        return list(violations)
    kept = []
    for violation in violations:
        codes = suppressed.get(violation.line)
        if codes is None or (codes is not ALL_CODES and violation.code not in codes):
            kept.append(violation)
    return kept


def _comments_and_strings(
    source: SourceFile,
) -> tuple[list[tuple[int, str]], list[tuple[int, int]]]:
    """Return the comments by line and the line spans of multi-line strings."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source.text).readline))
    except (tokenize.TokenError, SyntaxError):
        # Unfinished file: fall back to the raw lines rather than lose them.
        lines = enumerate(source.lines, start=1)
        return [(n, line) for n, line in lines if "#" in line], []
    comments = [
        (tok.start[0], tok.string) for tok in tokens if tok.type == tokenize.COMMENT
    ]
    strings = [
        (tok.start[0], tok.end[0])
        for tok in tokens
        if tok.type == tokenize.STRING and tok.end[0] > tok.start[0]
    ]
    return comments, strings
