"""What a warm run shows of a cached file, without rebuilding its violations.

A file's cache entry keeps, beside its violations as data, what its item
shows: the failure text, the one-line crash message and the count of
violations per rule. A warm run whose reports need nothing more (no
baseline, no JSON or SARIF file, no statistics) replays them: 26,000
violations on Django are neither rebuilt as objects nor rendered again.
Every run that needs the violations themselves reads them as before.

What is shown depends only on the result and the rule names, which the
cache's fingerprint covers (the checkers' code, the custom rule files).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pytest_backend_guide.engine import FileResult
from pytest_backend_guide.registry import RuleRegistry
from pytest_backend_guide.report.longrepr import crash_line
from pytest_backend_guide.report.terminal import rendered_result


@dataclass(frozen=True)
class Replay:
    """A cached file's outcome as its item shows it.

    Attributes:
        path: Display path of the file.
        text: The failure text (empty when the file passed).
        heads: Indexes of the lines of ``text`` that concise output keeps;
            None when it keeps every line (a file that cannot be checked).
        crash: ``(path, line, text)`` of the one-line failure message; None
            when the file passed.
        counts: Violations per rule code, in order of first appearance.
        error: The file could not be checked (read, decoded or parsed).
        facts: What project checks learn from the file, by kind.
    """

    path: str
    text: str
    heads: tuple[int, ...] | None
    crash: tuple[str, int, str] | None
    counts: Mapping[str, int]
    error: bool
    facts: Mapping[str, Any] = field(default_factory=dict, compare=False)

    skipped = None
    """A skipped file is never cached, so never replayed."""

    @property
    def ok(self) -> bool:
        """Return whether the file passed."""
        return self.crash is None

    def failure_text(self, *, concise: bool) -> str:
        """Return the text of the failure, as :func:`format_result` gives it.

        Args:
            concise: One line per violation (``output-format = "concise"``).

        Returns:
            The text.
        """
        if not concise or self.heads is None:
            return self.text
        lines = self.text.split("\n")
        return "\n".join(lines[index] for index in self.heads)


Outcome = FileResult | Replay
"""What a guide item reports: a result, or a cached file's replay."""


def shown_to_json(result: FileResult, rules: RuleRegistry) -> dict[str, Any]:
    """Return what a file's item shows, as data for its cache entry.

    Args:
        result: The file's result (not skipped).
        rules: The registry, for rule names.

    Returns:
        The text, concise line indexes, crash line and counts.
    """
    if result.ok:
        return {"text": "", "heads": [], "crash": None, "counts": {}, "error": False}
    text, heads = rendered_result(result, rules)
    return {
        "text": text,
        "heads": heads,
        "crash": list(crash_line(result, rules)),
        "counts": dict(Counter(result.codes)),
        "error": result.error is not None,
    }


def replay_from_json(path: str, facts: Mapping[str, Any], data: Any) -> Replay:
    """Rebuild a replay from its entry's data, checking every type.

    Args:
        path: The entry's display path.
        facts: The entry's facts.
        data: What :func:`shown_to_json` gave.

    Returns:
        The replay.

    Raises:
        TypeError: A field is missing or of another type.
    """
    if type(data) is not dict or len(data) != len(_SHOWN_KEYS):
        raise TypeError("a shown entry has other fields")
    text, heads, crash, counts, error = (data[key] for key in _SHOWN_KEYS)
    if type(text) is not str or type(error) is not bool:
        raise TypeError("a shown text or flag of another type")
    if heads is not None and not _are_line_indexes(heads, text.count("\n") + 1):
        raise TypeError("concise line indexes of another type or out of range")
    if crash is not None and (
        type(crash) is not list or tuple(map(type, crash)) != (str, int, str)
    ):
        raise TypeError("a crash line of another type")
    if type(counts) is not dict or any(type(n) is not int for n in counts.values()):
        raise TypeError("counts of another type")
    if (crash is None) != (not text):
        raise TypeError("a failure without text, or a text without failure")
    return shown_replay(path, facts, data)


def shown_replay(path: str, facts: Mapping[str, Any], shown: dict[str, Any]) -> Replay:
    """Return the replay of what :func:`shown_to_json` gave, trusted as made.

    Args:
        path: The file's display path.
        facts: The file's facts.
        shown: What :func:`shown_to_json` gave (checked, when read from disk,
            by :func:`replay_from_json`).

    Returns:
        The replay.
    """
    heads, crash = shown["heads"], shown["crash"]
    return Replay(
        path,
        shown["text"],
        None if heads is None else tuple(heads),
        None if crash is None else (crash[0], crash[1], crash[2]),
        shown["counts"],
        shown["error"],
        facts,
    )


_SHOWN_KEYS = ("text", "heads", "crash", "counts", "error")


def _are_line_indexes(heads: Any, lines: int) -> bool:
    """Tell whether ``heads`` is a list of line indexes of a text of ``lines``."""
    return type(heads) is list and all(
        type(index) is int and 0 <= index < lines for index in heads
    )
