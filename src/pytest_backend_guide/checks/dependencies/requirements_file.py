"""Read pip requirements files: includes, options, comments, continuations."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pytest_backend_guide.checks.dependencies.declared import (
    Declared,
    parse_requirement,
)

_COMMENT = re.compile(r"(^|\s+)#.*$")
_OPTION_START = re.compile(r"\s+--?[A-Za-z]")
_INCLUDE = re.compile(r"^(-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+|(?=\S))(.+)$")
_EDITABLE = re.compile(r"^(-e|--editable)(?:\s*=\s*|\s+)(.+)$")


@dataclass
class RequirementsReader:
    """Reads requirements files once each, following ``-r`` and ``-c``.

    Attributes:
        rootdir: The project root; includes outside it are not followed.
        files: Every file read, relative to the rootdir, in reading order.
        entries: What each file declares, by file.
    """

    rootdir: Path
    files: list[str] = field(default_factory=list)
    entries: dict[str, list[Declared]] = field(default_factory=dict)

    def read(self, path: Path, *, constraint: bool = False) -> None:
        """Read one file and what it includes, unless read already.

        Args:
            path: The file.
            constraint: It was included with ``-c``.
        """
        resolved = path.resolve()
        try:
            relpath = resolved.relative_to(self.rootdir.resolve()).as_posix()
        except ValueError:
            return  # outside the project
        if relpath in self.entries:
            return
        try:
            text = resolved.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return
        self.files.append(relpath)
        found: list[Declared] = []
        self.entries[relpath] = found
        folder = resolved.parent
        for line, logical in logical_lines(text):
            found.extend(self._line(folder, relpath, line, logical, constraint))

    def _line(
        self, folder: Path, relpath: str, line: int, logical: str, constraint: bool
    ) -> Iterator[Declared]:
        include = _INCLUDE.match(logical)
        if include is not None:
            target = os.path.expandvars(include.group(2).strip())
            is_constraint = constraint or include.group(1) in ("-c", "--constraint")
            self.read(folder / target, constraint=is_constraint)
            return
        editable = _EDITABLE.match(logical)
        if editable is not None:
            logical = editable.group(2).strip()
        elif logical.startswith("-"):
            return  # --index-url, --find-links, --pre, ...
        requirement, options = split_options(logical)
        declared = parse_requirement(
            requirement,
            relpath,
            line,
            hashed="--hash" in options,
            constraint=constraint,
        )
        if declared is not None:
            yield declared


def logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Yield ``(first line number, text)`` of each logical line, comments removed.

    A line ending in a backslash continues on the next one, as pip reads it.

    Args:
        text: The file's text.

    Yields:
        Non-empty logical lines with the number of their first physical line.
    """
    start = 0
    parts: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not parts:
            start = number
        if raw.endswith("\\") and not _COMMENT.search(raw):
            parts.append(raw[:-1])
            continue
        parts.append(raw)
        logical = _COMMENT.sub("", " ".join(parts)).strip()
        parts = []
        if logical:
            yield start, logical
    if parts:
        logical = _COMMENT.sub("", " ".join(parts)).strip()
        if logical:
            yield start, logical


def split_options(logical: str) -> tuple[str, str]:
    """Split a requirement line into the requirement and its options.

    Args:
        logical: Such as ``foo==1.0 --hash=sha256:...``.

    Returns:
        The requirement and the options text (``""`` when none).
    """
    match = _OPTION_START.search(logical)
    if match is None:
        return logical, ""
    return logical[: match.start()].strip(), logical[match.start() :].strip()
