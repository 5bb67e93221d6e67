"""Known violations of an existing project, recorded so that only new ones fail.

A baseline file lists every violation a project had when it was written,
keyed by file, rule, enclosing symbol (see :mod:`.symbols`) and a short
fingerprint of the offending line's text, with a count: never by line
number, so that inserting lines above a violation or editing another
function of the file does not break its entry. A later run sets aside as
many violations of each key as the baseline holds, and reports the rest.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from pytest_backend_guide.atomic_write import write_atomically
from pytest_backend_guide.engine import FileResult
from pytest_backend_guide.settings import Settings
from pytest_backend_guide.symbols import is_whole_file
from pytest_backend_guide.violation import Violation

FORMAT_VERSION = 1

Key = tuple[str, str, str, str]
"""``(path, code, symbol, fingerprint)`` of a baseline entry."""


class BaselineError(Exception):
    """The baseline file cannot be read; the message says which and why."""


def fingerprint(line_text: str, message: str) -> str:
    """Return a short digest of a line's text, blind to spacing.

    Args:
        line_text: The offending line; empty for a finding about a whole
            file (or about a file that does not exist).
        message: The violation's message, digested when the line is empty.

    Returns:
        Eight hex digits.
    """
    normalised = " ".join(line_text.split()) or message
    return hashlib.blake2b(normalised.encode("utf-8"), digest_size=4).hexdigest()


def violation_key(violation: Violation, result: FileResult) -> Key:
    """Return the baseline key of a violation of a result.

    Args:
        violation: The violation.
        result: The result it belongs to, for the reported line's text.

    Returns:
        The key.
    """
    whole = is_whole_file(violation)
    text = "" if whole else result.line_text(violation.path, violation.line)
    return (
        violation.path,
        violation.code,
        violation.symbol or "",
        fingerprint(text, violation.message),
    )


def result_keys(result: FileResult) -> Counter[Key]:
    """Return how many violations of a result (held back or not) have each key.

    Args:
        result: A result, possibly filtered by :meth:`Baseline.split`.

    Returns:
        Counts by key.
    """
    every = (*result.violations, *result.baselined)
    return Counter(violation_key(violation, result) for violation in every)


@dataclass(frozen=True)
class Baseline:
    """The recorded violations: how many of each key are known.

    Attributes:
        entries: Count of known violations by key.
    """

    entries: Mapping[Key, int] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Baseline | None:
        """Read a baseline file.

        Args:
            path: The file.

        Returns:
            The baseline, or None when the file does not exist.

        Raises:
            BaselineError: The file is unreadable or not a baseline.
        """
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            msg = f"{path}: cannot read the baseline: {exc}"
            raise BaselineError(msg) from None
        try:
            entries = {
                (e["path"], e["code"], e["symbol"], e["fingerprint"]): int(e["count"])
                for e in data["violations"]
            }
        except (TypeError, KeyError, ValueError) as exc:
            msg = f"{path}: not a backend-guide baseline ({type(exc).__name__}: {exc})"
            raise BaselineError(msg) from None
        return cls(entries)

    def to_json(self) -> bytes:
        """Return the file's content: sorted, one entry per key, stable.

        Returns:
            UTF-8 JSON with a final newline.
        """
        violations = [
            {"path": p, "code": c, "symbol": s, "fingerprint": f, "count": n}
            for (p, c, s, f), n in sorted(self.entries.items())
            if n > 0
        ]
        document = {"version": FORMAT_VERSION, "violations": violations}
        return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()

    def write(self, path: Path) -> None:
        """Write the baseline atomically.

        Args:
            path: The file.

        Raises:
            BaselineError: It could not be written.
        """
        if not path.parent.is_dir() or not write_atomically(
            path, self.to_json(), shared=True
        ):
            msg = f"{path}: cannot write the baseline"
            raise BaselineError(msg)

    def split(self, result: FileResult, *, everything: bool = False) -> FileResult:
        """Set aside the violations of a result that the baseline holds.

        Of the violations sharing a key, the first ``count`` (in report
        order) are held back; the others are new and stay reported.

        Args:
            result: A file's or a project check's result.
            everything: Hold back every violation (while writing a baseline).

        Returns:
            The result with the known violations moved to ``baselined``.
        """
        if not result.violations:
            return result
        left = dict(self.entries)
        kept: list[Violation] = []
        held: list[Violation] = []
        for violation in result.violations:
            key = violation_key(violation, result)
            if everything or left.get(key, 0) > 0:
                left[key] = left.get(key, 0) - 1
                held.append(violation)
            else:
                kept.append(violation)
        if not held:
            return result
        return replace(result, violations=tuple(kept), baselined=tuple(held))


@dataclass
class BaselineTally:
    """What a session's guide reports said about the baseline, gathered at the end.

    Attributes:
        seen: Every violation's key this session, held back or not.
        checked_paths: Files whose item ran.
        project_codes_run: Codes of the project checks that ran.
        baselined: Held-back violations per rule code.
        shown: Lines of held-back violations, for ``--guide-show-baselined``.
    """

    seen: Counter[Key] = field(default_factory=Counter)
    checked_paths: set[str] = field(default_factory=set)
    project_codes_run: set[str] = field(default_factory=set)
    baselined: Counter[str] = field(default_factory=Counter)
    shown: list[str] = field(default_factory=list)

    def judged(self, key: Key, settings: Settings, project_codes: set[str]) -> bool:
        """Return whether this session checked what an entry is about.

        Args:
            key: The entry's key.
            settings: The effective settings.
            project_codes: Codes reported by project checks.

        Returns:
            Whether the entry could have been matched this session: its
            rule is on for its file, and the file was checked (or is gone).
        """
        path, code = key[0], key[1]
        if code not in settings.enabled_for(path):
            return False
        if code in project_codes:
            return code in self.project_codes_run
        return path in self.checked_paths or not (settings.rootdir / path).exists()

    def stale(
        self, baseline: Baseline, settings: Settings, project_codes: set[str]
    ) -> dict[Key, int]:
        """Return the entries (and how many of each) that matched nothing.

        Args:
            baseline: The baseline the session used.
            settings: The effective settings.
            project_codes: Codes reported by project checks.

        Returns:
            Unmatched counts by key, for the checked part of the project.
        """
        stale = {}
        for key, count in baseline.entries.items():
            if count > self.seen[key] and self.judged(key, settings, project_codes):
                stale[key] = count - self.seen[key]
        return stale

    def rewritten(
        self, old: Baseline | None, settings: Settings, project_codes: set[str]
    ) -> Baseline:
        """Return the baseline to write: this session's violations.

        Entries about what the session did not check (other files under
        ``--guide-changed``, rules not selected) are kept as they were;
        the others are replaced, so fixed violations are pruned.

        Args:
            old: The baseline read at the start, if any.
            settings: The effective settings.
            project_codes: Codes reported by project checks.

        Returns:
            The new baseline.
        """
        entries = dict(self.seen)
        for key, count in (old.entries if old else {}).items():
            if key not in entries and not self.judged(key, settings, project_codes):
                entries[key] = count
        return Baseline(entries)


def family_of(code: str) -> str:
    """Return the family prefix of a code: ``DOC`` for ``DOC012``.

    Args:
        code: A rule code.

    Returns:
        Its leading letters.
    """
    return code.rstrip("0123456789") or code


def baselined_line(counts: Mapping[str, int], shown: bool) -> str:
    """Return the summary line of held-back violations, per family.

    Args:
        counts: Held-back violations per code.
        shown: Whether they were listed (``--guide-show-baselined``).

    Returns:
        ``412 baselined violations not shown: DOC 300, TYPE 90``.
    """
    families: Counter[str] = Counter()
    for code, count in counts.items():
        families[family_of(code)] += count
    total = sum(families.values())
    noun = "violation" if total == 1 else "violations"
    parts = ", ".join(
        f"{family} {count}"
        for family, count in sorted(families.items(), key=lambda i: (-i[1], i[0]))
    )
    verb = "shown above" if shown else "not shown"
    return f"{total} baselined {noun} {verb}: {parts}"


def stale_lines(stale: Mapping[Key, int], strict: bool, limit: int = 20) -> list[str]:
    """Return the note (or failure) about baseline entries that match nothing.

    Args:
        stale: Unmatched counts by key.
        strict: Whether they fail the run (``strict-baseline``).
        limit: How many entries to list.

    Returns:
        The lines to print.
    """
    total = sum(stale.values())
    noun = "entry" if total == 1 else "entries"
    head = "error" if strict else "note"
    lines = [
        f"{head}: {total} baseline {noun} no longer match a violation"
        " (fixed: run with --guide-baseline-write to prune them)"
    ]
    for (path, code, symbol, _), count in sorted(stale.items())[:limit]:
        times = f" x{count}" if count > 1 else ""
        lines.append(f"  {path}: {code} in {symbol or '<module>'}{times}")
    if len(stale) > limit:
        lines.append(f"  ... and {len(stale) - limit} more")
    return lines


def keys_to_wire(keys: Iterable[tuple[Key, int]]) -> list[list[str | int]]:
    """Return keys and counts as plain lists, to travel on an xdist report.

    Args:
        keys: ``(key, count)`` pairs.

    Returns:
        ``[path, code, symbol, fingerprint, count]`` lists.
    """
    return [[*key, count] for key, count in keys]


def keys_from_wire(data: Iterable[list[str | int]]) -> Counter[Key]:
    """Return the counts of :func:`keys_to_wire`'s lists.

    Args:
        data: The lists.

    Returns:
        Counts by key.
    """
    counts: Counter[Key] = Counter()
    for path, code, symbol, print_, count in data:
        counts[(str(path), str(code), str(symbol), str(print_))] += int(count)
    return counts
