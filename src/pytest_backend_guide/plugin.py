"""The pytest side: options, items, failure reports and the summary.

Nothing here runs unless ``--guide`` (or ``--guide-rules``) is given: without
it, pytest behaves as if the plugin were not installed. The checks themselves
live in :mod:`pytest_backend_guide.engine` and know nothing of pytest.
"""

from __future__ import annotations

import gc
import os
from collections import Counter
from collections.abc import Generator, Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest

from pytest_backend_guide import __version__
from pytest_backend_guide.cache import ResultCache
from pytest_backend_guide.checker_stash import checkers_for
from pytest_backend_guide.config import CommandLine, ConfigError, load_settings
from pytest_backend_guide.discovery import FoundFile, find_python_files
from pytest_backend_guide.engine import FileResult, check_project
from pytest_backend_guide.manager import CheckerError, Checkers, load_checkers
from pytest_backend_guide.project import FileFact, ProjectCheck, ProjectContext
from pytest_backend_guide.protocol import GuideFailure, run_call_phase, runs_call_only
from pytest_backend_guide.registry import RuleRegistry
from pytest_backend_guide.report.terminal import Tally, format_result, summary_lines
from pytest_backend_guide.runner import BatchRunner, checkers_fingerprint
from pytest_backend_guide.settings import Settings

MARKER = "guide"
ITEM_NAME = "guide"
SESSION_PLUGIN = "backend-guide-session"


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add the ``--guide`` options.

    Args:
        parser: pytest's option parser.
    """
    group = parser.getgroup(
        "backend-guide", "backend guide checks (pytest-backend-guide)"
    )
    group.addoption(
        "--guide",
        action="store_true",
        default=False,
        help="check the project against the backend guide: an item per source file",
    )
    group.addoption(
        "--guide-config",
        metavar="PATH",
        default=None,
        help="read [tool.backend-guide] from PATH, not the rootdir's pyproject.toml",
    )
    group.addoption(
        "--guide-select",
        metavar="CODES",
        default=None,
        help="comma-separated rule codes or prefixes to enable, replacing 'select'",
    )
    group.addoption(
        "--guide-ignore",
        metavar="CODES",
        default=None,
        help="comma-separated rule codes or prefixes to disable, replacing 'ignore'",
    )
    group.addoption(
        "--guide-no-cache",
        action="store_true",
        default=False,
        help="do not read or write cached guide results",
    )
    group.addoption(
        "--guide-rules",
        action="store_true",
        default=False,
        help="list every rule of the backend guide and exit",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> int | None:
    """Print the rule list for ``--guide-rules`` and stop.

    Args:
        config: The pytest config.

    Returns:
        0 when the rules were listed, else None to let pytest go on.
    """
    if not config.option.guide_rules:
        return None
    try:
        checkers = load_checkers()
    except CheckerError as exc:
        raise pytest.UsageError(f"backend-guide: {exc}") from None
    print("\n".join(rule_table(checkers.rules)))
    return 0


# --- coverage (TEST001/TEST002): measure from before conftests import code ---
@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    """Start measuring coverage under ``--guide``, before test code is imported.

    Args:
        early_config: The pytest config, before ``pytest_configure``.
    """
    if early_config.known_args_namespace.guide:
        from pytest_backend_guide.coverage.startup import register

        register(early_config)


# --- end of coverage ---


def pytest_configure(config: pytest.Config) -> None:
    """Load the checkers and settings and join the session, under ``--guide``.

    Args:
        config: The pytest config.

    Raises:
        pytest.UsageError: The configuration or a checker is invalid.
    """
    if not config.option.guide:
        return
    config.addinivalue_line("markers", f"{MARKER}: a check of the backend guide")
    command_line = CommandLine(config.option.guide_select, config.option.guide_ignore)
    config_path = config.option.guide_config
    try:
        checkers = checkers_for(config)
        settings = load_settings(
            config.rootpath,
            checkers,
            Path(config_path).resolve() if config_path else None,
            command_line,
        )
    except (ConfigError, CheckerError) as exc:
        raise pytest.UsageError(f"backend-guide: {exc}") from None
    config.pluginmanager.register(
        GuideSession(config, checkers, settings), SESSION_PLUGIN
    )


def rule_table(rules: RuleRegistry) -> list[str]:
    """Return one aligned line per rule: code, name, default, summary.

    Args:
        rules: The registry.

    Returns:
        The lines.
    """
    width = max((len(rule.name) for rule in rules), default=0)
    lines = []
    for rule in rules:
        state = "on " if rule.default_enabled else "off"
        lines.append(f"{rule.code:<9}{rule.name:<{width}}  {state}  {rule.summary}")
    return lines


class GuideSession:
    """The plugin object registered for one session under ``--guide``."""

    def __init__(
        self, config: pytest.Config, checkers: Checkers, settings: Settings
    ) -> None:
        """Hold what every item of the session shares.

        Args:
            config: The pytest config.
            checkers: The loaded checkers.
            settings: The effective settings.
        """
        self.checkers = checkers
        self.settings = settings
        cache = _result_cache(config, checkers, settings)
        self.runner = BatchRunner(settings, checkers.hook, cache)
        # An xdist worker runs the items it is sent, one by one: it checks
        # each file as its item comes; a lone process checks all at once.
        self.one_by_one = hasattr(config, "workerinput")
        self._results: dict[str, FileResult] = {}
        self._heap_frozen = False
        self._facts: dict[str, Mapping[str, Any]] = {}
        self._stream: Generator[tuple[str, FileResult], None, None] | None = None
        self.counts: Counter[str] = Counter()
        self.files_reported = 0
        self.files_failed = 0
        self.files_unreadable = 0
        self.files: tuple[FoundFile, ...] = ()
        self._project: ProjectContext | None = None

    def check(self, item: GuideItem) -> FileResult:
        """Return the result of a file item.

        In a lone process the first file item starts checking every file item
        of the session, in their order, and each item takes its result as it
        is ready: items are reported while the workers check later files. An
        xdist worker runs the items it is sent, one by one, and checks each
        file as its item comes.

        Args:
            item: The file's item.

        Returns:
            Its result.
        """
        relpath = item.found.relpath
        if self.one_by_one:
            self._freeze_heap_once()
            return self.runner.run([item.found])[relpath]
        if self._stream is None:
            items = item.session.items
            batch = [other.found for other in items if isinstance(other, GuideItem)]
            self.runner.facts = _facts_asked(items)
            self._stream = self.runner.results(batch)
        if relpath not in self._results:
            self._pull(self._stream, relpath)
        if relpath not in self._results:  # run again, or not in the batch
            return self.runner.run([item.found])[relpath]
        return self._results.pop(relpath)

    def _pull(self, stream: Iterator[tuple[str, FileResult]], relpath: str) -> None:
        """Take results from the batch until the one of ``relpath`` (or the end)."""
        for path, result in stream:
            self._results[path] = result
            if result.facts:
                self._facts[path] = result.facts
            if path == relpath:
                return

    def _freeze_heap_once(self) -> None:
        """Keep the garbage collector off the heap as it is before the first check.

        Parsing allocates in bursts, and every full collection would scan
        the worker's whole heap (its items and modules) again. -n 2 on
        Django: 1.1-1.2 -> 0.95-1.03 s of checks per worker, same peak
        memory. Undone at the end of the session.
        """
        if not self._heap_frozen:
            gc.freeze()
            self._heap_frozen = True

    def check_project(self, check: ProjectCheck) -> FileResult:
        """Run one project-level check, sharing parsed files between checks.

        Args:
            check: The check.

        Returns:
            Its result.
        """
        if self._project is None:
            self._project = ProjectContext(self.settings, self.files, self._facts)
        return check_project(check, self._project)

    def pytest_report_header(self) -> str:
        """Say which version runs, with how many rules and which configuration.

        Returns:
            The header line.
        """
        source = self.settings.config_path
        where = source.name if source else "defaults"
        enabled = len(self.settings.enabled)
        return f"backend-guide: {__version__}, {enabled} rules enabled, config: {where}"

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(
        self, session: pytest.Session, items: list[pytest.Item]
    ) -> None:
        """Add one guide item per checked file, before selection by -m or -k.

        The files are found by our own walk and hung on collectors whose
        parent is the session, not a ``Package``: pytest would import a
        package's ``__init__.py`` to set up items below it.

        Args:
            session: The pytest session.
            items: The collected items, extended in place.
        """
        self.files = tuple(find_python_files(self.settings))
        collectors: list[pytest.Collector] = []
        if self.files:
            collectors.append(
                GuideFiles.from_parent(
                    session,
                    name="backend-guide",
                    path=self.settings.rootdir,
                    files=self.files,
                )
            )
        enabled = self.settings.enabled
        checks = [
            check
            for check in self.checkers.project_checks.values()
            if enabled.intersection(check.codes)
        ]
        if checks:
            path = self.settings.rootdir / "pyproject.toml"
            collectors.append(
                GuideProjectFile.from_parent(session, path=path, checks=checks)
            )
        items[:0] = _collect(session, collectors)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Iterator[None]:
        """Attach the violation counts to a guide item's report.

        The counts travel with the report to the xdist controller, where the
        summary is printed.

        Args:
            item: The item.
            call: The phase that ran.

        Yields:
            To let pytest build the report.

        Returns:
            The report, with ``guide_counts`` on guide items.
        """
        report = yield
        if call.when == "call" and isinstance(item, _GuideCheckItem) and item.result:
            report.guide_counts = dict(Counter(item.result.codes))  # type: ignore[attr-defined]
            report.guide_error = item.result.error is not None  # type: ignore[attr-defined]
            # Reported: let the violations go, rather than keep every file's
            # result alive (and scanned by each garbage collection) to the end.
            item.result = None
        return report

    def pytest_sessionfinish(self) -> None:
        """Stop the workers of an interrupted batch; let go of what was read."""
        if self._stream is not None:
            self._stream.close()
        if self._heap_frozen:
            gc.unfreeze()
        self._project = None
        self._results.clear()
        self._facts.clear()

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> bool | None:
        """Run a guide item with its call phase only (see :mod:`.protocol`).

        Args:
            item: The item to run.

        Returns:
            True when the item was run here, None to leave it to pytest.
        """
        if not isinstance(item, _GuideCheckItem) or not runs_call_only(item):
            return None
        run_call_phase(item)
        return True

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Count the violations of every guide report, here or from a worker.

        Args:
            report: A test report.
        """
        counts = getattr(report, "guide_counts", None)
        if counts is None:
            return
        self.counts.update(counts)
        self.files_reported += 1
        self.files_failed += int(report.failed)
        self.files_unreadable += int(getattr(report, "guide_error", False))

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        """Print violations per rule at the end of the session.

        Args:
            terminalreporter: pytest's terminal reporter.
        """
        if not self.files_reported:
            return
        terminalreporter.section("backend-guide", sep="-")
        lines = summary_lines(
            self.counts,
            Tally(self.files_reported, self.files_failed, self.files_unreadable),
            self.checkers.rules,
        )
        for line in lines:
            terminalreporter.line(line)


def _result_cache(
    config: pytest.Config, checkers: Checkers, settings: Settings
) -> ResultCache | None:
    """Return the result cache, unless caching is off for this run."""
    cache = getattr(config, "cache", None)
    if cache is None or config.option.guide_no_cache:
        return None
    fingerprint = checkers_fingerprint(settings, checkers.versions)
    result_cache = ResultCache(cache.mkdir("backend-guide"), fingerprint)
    if not hasattr(config, "workerinput"):
        result_cache.prune()
    return result_cache


def _facts_asked(items: list[pytest.Item]) -> tuple[FileFact, ...]:
    """Return the per-file facts that the session's project checks will ask for."""
    facts: dict[str, FileFact] = {}
    for item in items:
        if isinstance(item, GuideProjectItem):
            for fact in item.check.facts:
                facts.setdefault(fact.kind, fact)
    return tuple(facts.values())


def _collect(
    session: pytest.Session, collectors: list[pytest.Collector]
) -> list[pytest.Item]:
    """Collect our collectors through pytest's hooks, so that reporters count them."""
    hook = session.config.hook
    items: list[pytest.Item] = []
    for collector in collectors:
        report = hook.pytest_make_collect_report(collector=collector)
        hook.pytest_collectreport(report=report)
        for item in report.result:
            if isinstance(item, pytest.Item):
                hook.pytest_itemcollected(item=item)
                items.append(item)
    return items


class GuideFiles(pytest.Collector):
    """The parent of every file item: one collector, not one per file.

    A collector per file would cost pytest a setup and a teardown per item;
    the items keep their own node ids (``app/api/users.py::guide``). Its
    parent is the session, not a ``Package``: pytest would import a
    package's ``__init__.py`` to set up items below it.
    """

    def __init__(self, *, files: tuple[FoundFile, ...], **kwargs: Any) -> None:
        """Keep the files.

        Args:
            files: The files to check.
            **kwargs: pytest's node arguments.
        """
        super().__init__(**kwargs)
        self.files = files

    def collect(self) -> list[GuideItem]:
        """Return one guide item per file.

        Returns:
            The items.
        """
        return [
            GuideItem.from_parent(
                self,
                name=ITEM_NAME,
                path=found.path,
                nodeid=f"{found.relpath}::{ITEM_NAME}",
                found=found,
            )
            for found in self.files
        ]


class GuideProjectFile(pytest.File):
    """The collector of the project-level checks, on ``pyproject.toml``."""

    def __init__(self, *, checks: list[ProjectCheck], **kwargs: Any) -> None:
        """Keep the checks.

        Args:
            checks: The enabled project-level checks.
            **kwargs: pytest's node arguments.
        """
        super().__init__(**kwargs)
        self.checks = checks

    def collect(self) -> list[GuideProjectItem]:
        """Return one item per check, named ``guide[<check>]``.

        Returns:
            The items.
        """
        return [
            GuideProjectItem.from_parent(
                self, name=f"{ITEM_NAME}[{check.name}]", check=check
            )
            for check in self.checks
        ]


class _GuideCheckItem(pytest.Item):
    """A guide check: passes, or fails listing every violation."""

    def __init__(self, **kwargs: Any) -> None:
        """Mark the item.

        Args:
            **kwargs: pytest's node arguments.
        """
        super().__init__(**kwargs)
        self.result: FileResult | None = None
        self.add_marker(MARKER)

    @property
    def guide(self) -> GuideSession:
        """Return the session plugin that computes results."""
        return self.config.pluginmanager.get_plugin(SESSION_PLUGIN)

    def __repr__(self) -> str:
        """Name the item by its node id, which says which file it checks."""
        return f"<{type(self).__name__} {self.nodeid}>"

    @property
    def display_path(self) -> str:
        """Return the checked path, relative to the rootdir."""
        return self.nodeid.split("::", 1)[0]

    def compute(self) -> FileResult:
        """Return the result of this item's check."""
        raise NotImplementedError

    def runtest(self) -> None:
        """Run the check.

        Raises:
            GuideFailure: There are violations, or the file cannot be checked.
        """
        self.result = self.compute()
        if self.result.skipped:
            # Reported at the item, not at this line of the plugin.
            raise pytest.skip.Exception(self.result.skipped, _use_item_location=True)
        if not self.result.ok:
            raise GuideFailure(self.result)

    def repr_failure(
        self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None
    ) -> str | Any:
        """Report violations like a linter rather than as a traceback.

        Args:
            excinfo: The failure.
            style: pytest's traceback style, used for unexpected errors.

        Returns:
            The failure text.
        """
        if isinstance(excinfo.value, GuideFailure):
            return format_result(excinfo.value.result, self.guide.checkers.rules)
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        """Locate the item for pytest's reports.

        Returns:
            The file, its first line (0-based, so that skips are reported at
            ``path:1``), and the failure's headline, ``guide: <path>``.
            (pytest rewrites a headline that ends its node id as a dotted
            Python name, so the headline must not be the node id itself.)
        """
        return self.path, 0, f"{self.name}: {self.display_path}"


class GuideItem(_GuideCheckItem):
    """The check of one Python file."""

    def __init__(self, *, found: FoundFile, **kwargs: Any) -> None:
        """Keep the file.

        Args:
            found: The file to check.
            **kwargs: pytest's node arguments.
        """
        super().__init__(**kwargs)
        self.found = found
        # -k matches the file's name and folders, as it would for a test module.
        self.extra_keyword_matches.update(found.relpath.split("/"))

    @cached_property
    def location(self) -> tuple[str, int | None, str]:
        """Locate the item as pytest would, from the path we already know.

        pytest derives it from :meth:`reportinfo` through a relative-path
        computation that cost more than the check of a cached file.

        Returns:
            The file relative to the rootdir, line 0 and the headline.
        """
        relpath = self.found.relpath.replace("/", os.sep)
        return relpath, 0, f"{self.name}: {self.found.relpath}"

    def compute(self) -> FileResult:
        """Check the file.

        Returns:
            Its result.
        """
        return self.guide.check(self)


class GuideProjectItem(_GuideCheckItem):
    """One project-level check."""

    def __init__(self, *, check: ProjectCheck, **kwargs: Any) -> None:
        """Keep the check.

        Args:
            check: The project-level check.
            **kwargs: pytest's node arguments.
        """
        super().__init__(**kwargs)
        self.check = check

    def compute(self) -> FileResult:
        """Run the check.

        Returns:
            Its result.
        """
        return self.guide.check_project(self.check)
