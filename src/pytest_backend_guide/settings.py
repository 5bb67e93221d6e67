"""The effective, validated configuration of one run."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pathspec

    from pytest_backend_guide.custom_rules import CustomRules

PROJECT_FILE = "pyproject.toml"
PROJECT_FOLDER = "."


@dataclass(frozen=True)
class Settings:
    """Everything that decides which files are checked and how.

    Built by :func:`pytest_backend_guide.config.load_settings`; frozen, so
    that the same settings always give the same results for a file.

    Attributes:
        rootdir: The project root; reported paths are relative to it.
        config_path: The TOML file the settings came from, if any.
        src: Source roots to check.
        exclude: Extra gitignore-style patterns of paths not to check.
        default_excludes: Skip virtualenvs, caches and build folders.
        exclude_migrations: Skip database migrations (see :mod:`.migrations`).
        respect_gitignore: Skip what the project's ``.gitignore`` files ignore.
        line_length: Maximum line length.
        max_file_size: Files larger than this many bytes are skipped.
        enabled: Codes of the rules enabled for every file.
        per_file_ignores: Pairs of (gitignore-style pattern, codes ignored there).
        options: Validated option tables, by section name.
        parsed: The typed options of each :class:`ParsedSection`, by name,
            built from ``options`` once (so not part of the fingerprint).
        baseline: The baseline file (it may not exist).
        strict_baseline: Entries that match nothing fail the run.
        mode: ``fail``, or ``warn`` to report violations without failing.
        output_format: ``full`` (code frames) or ``concise`` (a line each).
        custom_rules: The project's own ast-grep rules (``custom-rules``).
        warnings: Problems of the configuration that do not stop the run
            (a key set for rules that are all ignored), one line each.
        top_level: The validated keys of ``[tool.backend-guide]``, defaults
            filled in and ``line-length`` as it applies, for ``backend-guide
            config``; the fields above are what a run reads.
    """

    rootdir: Path
    config_path: Path | None
    src: tuple[Path, ...]
    exclude: tuple[str, ...] = ()
    default_excludes: bool = True
    exclude_migrations: bool = True
    respect_gitignore: bool = True
    line_length: int = 88
    max_file_size: int = 1_048_576
    enabled: frozenset[str] = frozenset()
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    parsed: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    baseline: Path | None = None
    strict_baseline: bool = False
    mode: str = "fail"
    output_format: str = "full"
    custom_rules: CustomRules | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)
    top_level: Mapping[str, Any] = field(
        default_factory=dict, compare=False, repr=False
    )

    @cached_property
    def _per_file_specs(self) -> list[tuple[pathspec.PathSpec[Any], frozenset[str]]]:
        import pathspec  # only sessions with per-file-ignores pay for it

        return [
            (pathspec.GitIgnoreSpec.from_lines([pattern]), codes)
            for pattern, codes in self.per_file_ignores
        ]

    @property
    def project_path(self) -> str:
        """Return where project-level findings point, relative to the rootdir.

        ``pyproject.toml`` when the rootdir has one, else ``.``, the rootdir
        itself: a finding never points at a file that does not exist.
        """
        if (self.rootdir / PROJECT_FILE).is_file():
            return PROJECT_FILE
        return PROJECT_FOLDER

    def enabled_for(self, path: str) -> frozenset[str]:
        """Return the codes enabled for one file, after ``per-file-ignores``.

        Args:
            path: Path relative to the rootdir, with ``/`` separators.

        Returns:
            The enabled codes.
        """
        enabled = self.enabled
        for spec, codes in self._per_file_specs:
            if spec.match_file(path):
                enabled = enabled - codes
        return enabled

    def fingerprint(self) -> str:
        """Return a digest of everything that can change a file's result."""
        data = {
            "line_length": self.line_length,
            "enabled": sorted(self.enabled),
            "per_file_ignores": [[p, sorted(c)] for p, c in self.per_file_ignores],
            "options": {name: dict(values) for name, values in self.options.items()},
            "custom_rules": self.custom_rules.digest if self.custom_rules else None,
        }
        text = json.dumps(data, sort_keys=True, default=list)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
