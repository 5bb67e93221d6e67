"""Inline suppression comments: ``# guide: ignore[CODE, ...] -- reason``.

The violations a comment silences are not dropped: they are kept apart,
with the comment's reason, so that machine reports (SARIF ``suppressions``
of kind ``inSource``, the JSON summary) can account for them.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pytest_backend_guide.source import SourceFile
from pytest_backend_guide.violation import Violation

COMMENT = re.compile(
    r"#\s*guide:\s*ignore(?:\[(?P<codes>[^\]]*)\])?(?:\s*--\s*(?P<reason>.*))?\s*$",
    re.IGNORECASE,
)
ALL_CODES = frozenset({"*"})


@dataclass(frozen=True)
class Suppressed:
    """A violation that a ``# guide: ignore`` comment on its line silences.

    Attributes:
        violation: The violation.
        justification: The comment's reason (after ``--``), if it gives one.
    """

    violation: Violation
    justification: str | None = None


@dataclass(frozen=True)
class IgnoreComments:
    """The ``# guide: ignore`` comments of one file.

    Attributes:
        codes: Suppressed codes by 1-based line (``{"*"}`` for every code).
        reasons: The reason given on a line, by 1-based line.
    """

    codes: Mapping[int, frozenset[str]] = field(default_factory=dict)
    reasons: Mapping[int, str] = field(default_factory=dict)

    @classmethod
    def of(cls, source: SourceFile) -> IgnoreComments:
        """Read a file's comments (see :func:`suppressions` for the rules).

        Args:
            source: The file.

        Returns:
            Its comments.
        """
        if "guide:" not in source.text:
            return cls()
        return cls(*_read_comments(source))

    def split(
        self, violations: Iterable[Violation]
    ) -> tuple[list[Violation], list[Suppressed]]:
        """Separate the violations a comment silences from the others.

        Args:
            violations: Violations of the file.

        Returns:
            The violations that remain, and the silenced ones with reasons.
        """
        if not self.codes:
            return list(violations), []
        kept: list[Violation] = []
        silenced: list[Suppressed] = []
        for violation in violations:
            if _silences(self.codes.get(violation.line), violation.code):
                reason = self.reasons.get(violation.line)
                silenced.append(Suppressed(violation, reason))
            else:
                kept.append(violation)
        return kept, silenced


def _silences(codes: frozenset[str] | None, code: str) -> bool:
    return codes is not None and (codes is ALL_CODES or code in codes)


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
    return dict(IgnoreComments.of(source).codes)


def _read_comments(
    source: SourceFile,
) -> tuple[dict[int, frozenset[str]], dict[int, str]]:
    """Return the suppressed codes and the reasons given, by line."""
    comments, strings = _comments_and_strings(source)
    found: dict[int, frozenset[str]] = {}
    reasons: dict[int, str] = {}
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
        reason = (match.group("reason") or "").strip()
        if reason:
            reasons[line] = reason
    for first, last in strings:
        codes = found.get(last)
        if codes is not None:
            for line in range(first, last):
                found[line] = _merge(found.get(line), codes)
                if last in reasons:
                    reasons.setdefault(line, reasons[last])
    return found, reasons


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
    return [v for v in violations if not _silences(suppressed.get(v.line), v.code)]


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
