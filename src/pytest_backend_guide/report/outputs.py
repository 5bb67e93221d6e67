"""Write the machine reports a run asked for, at its end.

Shared by ``pytest --guide`` (on the process that prints the summary) and
``backend-guide check``: the JSON and SARIF files (written atomically, their
folder made if needed) and the GitHub annotations.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pytest_backend_guide.atomic_write import write_atomically
from pytest_backend_guide.engine import FileResult
from pytest_backend_guide.registry import RuleRegistry
from pytest_backend_guide.report.machine import (
    RunData,
    annotation_lines,
    json_document,
    sarif_document,
)
from pytest_backend_guide.report.paths import repository_prefix


class ReportWriteError(Exception):
    """A report file could not be written; the message names it."""


def annotations_wanted(
    disabled: bool, environ: Mapping[str, str] | None = None
) -> bool:
    """Return whether to print GitHub annotations: in a workflow, unless disabled.

    Args:
        disabled: ``--guide-no-annotations``.
        environ: The environment, ``os.environ`` when not given.

    Returns:
        Whether ``GITHUB_ACTIONS`` is ``true`` and annotations are not off.
    """
    env = os.environ if environ is None else environ
    return not disabled and env.get("GITHUB_ACTIONS") == "true"


@dataclass(frozen=True)
class MachineOutputs:
    """Which machine reports a run writes.

    Attributes:
        json_path: ``--guide-json``, if given.
        sarif_path: ``--guide-sarif``, if given.
        annotations: Print ``::error`` workflow commands.
    """

    json_path: Path | None = None
    sarif_path: Path | None = None
    annotations: bool = False

    @property
    def wanted(self) -> bool:
        """Return whether any report needs the run's results as data."""
        return bool(self.json_path or self.sarif_path or self.annotations)

    def finish(
        self,
        results: Sequence[FileResult],
        rules: RuleRegistry,
        enabled: frozenset[str],
        rootdir: Path,
    ) -> list[str]:
        """Write the files and return the lines to print.

        Args:
            results: The run's results, as data.
            rules: The registry.
            enabled: Codes of the rules that ran.
            rootdir: The project root.

        Returns:
            The annotation lines, then a line per file written.

        Raises:
            ReportWriteError: A file could not be written.
        """
        if not self.wanted:
            return []
        data = RunData(results, rules, enabled, repository_prefix(rootdir))
        lines = annotation_lines(data) if self.annotations else []
        for path, document in (
            (self.json_path, json_document),
            (self.sarif_path, sarif_document),
        ):
            if path is not None:
                _write(path, document(data))
                lines.append(f"wrote {path}")
        return lines


def _write(path: Path, document: dict[str, Any]) -> None:
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        msg = f"cannot write {path}: {exc.strerror or exc}"
        raise ReportWriteError(msg) from None
    if not write_atomically(path, text.encode("utf-8"), shared=True):
        msg = f"cannot write {path}"
        raise ReportWriteError(msg)
