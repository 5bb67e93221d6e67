"""``backend-guide check``: the guide's checks without a test session.

The same engine as ``pytest --guide``: the same settings loading, file
discovery, cache (pytest's cache folder, shared with pytest runs), batch
runner, project checks and baseline; only the driver differs. Checks that
judge a test run (coverage, TEST001 and TEST002) need pytest and are left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pytest_backend_guide.baseline_session import BaselineSession
from pytest_backend_guide.cache import ResultCache
from pytest_backend_guide.changed import ChangedError, changed_files, only_changed
from pytest_backend_guide.config import CommandLine, load_settings
from pytest_backend_guide.custom_rules import with_custom_rules
from pytest_backend_guide.discovery import FoundFile, find_python_files
from pytest_backend_guide.engine import FileResult, check_project
from pytest_backend_guide.manager import Checkers
from pytest_backend_guide.project import FileFact, ProjectCheck, ProjectContext
from pytest_backend_guide.registry import RuleRegistry
from pytest_backend_guide.runner import BatchRunner, CheckerCrash, checkers_fingerprint
from pytest_backend_guide.settings import Settings

ROOT_MARKERS = ("pyproject.toml", "pytest.ini", "setup.cfg", "tox.ini")
PYTEST_ONLY = ("TEST001", "TEST002")


class UsageProblem(Exception):
    """The command was given something it cannot use; exit status 2."""


@dataclass(frozen=True)
class CheckRequest:
    """What ``backend-guide check`` was asked to do.

    Attributes:
        paths: Files or folders to check; every source file when empty.
        config: ``--config``: the configuration file, if not the rootdir's.
        select: ``--select``, replacing ``select``.
        ignore: ``--ignore``, replacing ``ignore``.
        changed: ``--changed[=REF]``: None, ``""`` or a revision.
        use_cache: Read and write pytest's cache folder.
    """

    paths: tuple[Path, ...] = ()
    config: Path | None = None
    select: str | None = None
    ignore: str | None = None
    changed: str | None = None
    use_cache: bool = True


@dataclass
class CheckRun:
    """Every result of one run, as data, in report order.

    Attributes:
        settings: The effective settings.
        checkers: The loaded checkers.
        results: File results (in path order), then project checks' results,
            each without the violations the baseline holds.
        crashes: Messages of checkers that raised, one per file.
        pytest_only: Enabled rules that only ``pytest --guide`` judges.
    """

    settings: Settings
    checkers: Checkers
    results: list[FileResult] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    pytest_only: tuple[str, ...] = ()

    @property
    def rules(self) -> RuleRegistry:
        """Return the checkers' rules and the project's own (``custom-rules``)."""
        return with_custom_rules(self.checkers.rules, self.settings.custom_rules)

    @property
    def counts(self) -> Counter[str]:
        """Return reported violations per rule code."""
        return Counter(code for result in self.results for code in result.codes)

    @property
    def failed(self) -> int:
        """Return how many checks failed (violations, errors or crashes)."""
        return sum(not r.ok for r in self.results) + len(self.crashes)


def find_rootdir(start: Path, config: Path | None) -> Path:
    """Return the project root, as pytest would find it for these paths.

    Args:
        start: Where the command runs.
        config: An explicit configuration file, whose folder is the root.

    Returns:
        The nearest folder (``start`` or above) with a ``pyproject.toml``
        or another pytest configuration file, else ``start``.
    """
    if config is not None:
        return config.resolve().parent
    start = start.resolve()
    for folder in (start, *start.parents):
        if any((folder / name).is_file() for name in ROOT_MARKERS):
            return folder
    return start


def run_check(
    request: CheckRequest,
    checkers: Checkers,
    cwd: Path,
    baseline_flags: dict[str, bool],
) -> tuple[CheckRun, BaselineSession]:
    """Check the project: its files (all, changed or given), then project checks.

    Args:
        request: What to check.
        checkers: The loaded checkers.
        cwd: The working folder, against which paths are resolved.
        baseline_flags: ``write``, ``show`` and ``warn`` for the baseline.

    Returns:
        The results, and the baseline's state (to finish and report).

    Raises:
        UsageProblem: A given path does not exist.
    """
    rootdir = find_rootdir(cwd, request.config)
    command_line = CommandLine(request.select, request.ignore)
    config = request.config.resolve() if request.config else None
    settings = load_settings(rootdir, checkers, config, command_line)
    every_file = tuple(find_python_files(settings))
    try:
        changed = changed_files(request.changed, rootdir)
    except ChangedError as exc:
        raise UsageProblem(f"--changed: {exc}") from None
    files = only_changed(every_file, changed)
    files = _under(files, [cwd / path for path in request.paths])
    checks = [
        check
        for check in checkers.project_checks.values()
        if settings.enabled.intersection(check.codes)
    ]
    project_codes = {code for c in checkers.project_checks.values() for code in c.codes}
    rules = with_custom_rules(checkers.rules, settings.custom_rules)
    baseline = BaselineSession(settings, rules, project_codes, **baseline_flags)
    run = CheckRun(
        settings,
        checkers,
        pytest_only=tuple(sorted(settings.enabled.intersection(PYTEST_ONLY))),
    )
    cache = _cache(request, settings, checkers)
    runner = BatchRunner(settings, checkers.hook, cache, facts=_facts(checks))
    facts = {}
    for path, result in runner.results(files):
        if isinstance(result, CheckerCrash):
            run.crashes.append(str(result))
            continue
        if not isinstance(result, FileResult):
            continue  # a replay: never, this runner reads whole results
        if result.facts:
            facts[path] = result.facts
        _keep(run, baseline, result, ())
    context = ProjectContext(settings, every_file, facts)
    for check in checks:
        _keep(run, baseline, check_project(check, context), check.codes)
    return run, baseline


def _keep(
    run: CheckRun,
    baseline: BaselineSession,
    result: FileResult,
    codes: tuple[str, ...],
) -> None:
    """Filter a result through the baseline and keep it, without its facts."""
    kept = baseline.filter(result)
    baseline.record(baseline.wire(kept, codes))
    run.results.append(
        FileResult(
            kept.path,
            kept.violations,
            kept.error,
            kept.skipped,
            kept.context,
            baselined=kept.baselined,
            suppressed=kept.suppressed,
        )
    )


def _under(files: Sequence[FoundFile], paths: list[Path]) -> tuple[FoundFile, ...]:
    """Return the files that are, or are inside, one of the given paths."""
    if not paths:
        return tuple(files)
    wanted = []
    for path in paths:
        if not path.exists():
            msg = f"no such file or folder: {path}"
            raise UsageProblem(msg)
        wanted.append(path.resolve())
    return tuple(
        found
        for found in files
        if any(
            found.path.resolve() == path or found.path.resolve().is_relative_to(path)
            for path in wanted
        )
    )


def _facts(checks: Sequence[ProjectCheck]) -> tuple[FileFact, ...]:
    """Return the per-file facts the project checks will ask for, each once."""
    facts: dict[str, FileFact] = {}
    for check in checks:
        for fact in check.facts:
            facts.setdefault(fact.kind, fact)
    return tuple(facts.values())


def _cache(
    request: CheckRequest, settings: Settings, checkers: Checkers
) -> ResultCache | None:
    """Return the result cache in pytest's cache folder, shared with pytest runs."""
    if not request.use_cache:
        return None
    cache_root = settings.rootdir / ".pytest_cache"
    try:
        if not cache_root.is_dir():
            cache_root.mkdir()
            # As pytest does: the cache folder ignores itself.
            (cache_root / ".gitignore").write_text("# Created by backend-guide\n*\n")
    except OSError:
        return None
    fingerprint = checkers_fingerprint(settings, checkers.versions)
    cache = ResultCache(cache_root / "d" / "backend-guide", fingerprint)
    cache.prune()
    return cache
