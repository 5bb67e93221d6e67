"""The pytest side: the ``--guide`` options, and joining the session under them.

Nothing else of the plugin is imported, and nothing runs, unless
``--guide`` (or ``--guide-rules``) is given: without it pytest behaves, and
starts as fast, as if the plugin were not installed. Under ``--guide`` the
session plugin (:mod:`pytest_backend_guide.session`) adds the guide items
(:mod:`pytest_backend_guide.items`); the checks themselves live in
:mod:`pytest_backend_guide.engine` and know nothing of pytest.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pytest_backend_guide.registry import RuleRegistry


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
        "--guide-only",
        action="store_true",
        default=False,
        help="run the guide checks and nothing else: no test module is imported",
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
        "--guide-changed",
        nargs="?",
        const="",
        default=None,
        metavar="REF",
        help="check only files changed since REF (default: the merge base with"
        " the remote's default branch, else HEAD) and untracked ones;"
        " write it --guide-changed=REF",
    )
    group.addoption(
        "--guide-warn",
        action="store_true",
        default=False,
        help="report every violation but fail nothing (mode = \"warn\")",
    )
    group.addoption(
        "--guide-output-format",
        choices=("full", "concise"),
        default=None,
        help="full: each violation with its code frame and help (default);"
        " concise: one line per violation. Replaces output-format",
    )
    group.addoption(
        "--guide-statistics",
        action="store_true",
        default=False,
        help="print only the count of violations per rule, not each violation",
    )
    group.addoption(
        "--guide-json",
        metavar="PATH",
        default=None,
        help="write every violation and a summary to PATH as JSON",
    )
    group.addoption(
        "--guide-sarif",
        metavar="PATH",
        default=None,
        help="write the violations to PATH as SARIF 2.1.0 (GitHub code scanning)",
    )
    group.addoption(
        "--guide-no-annotations",
        action="store_true",
        default=False,
        help="no ::error workflow commands even when GITHUB_ACTIONS=true",
    )
    group.addoption(
        "--guide-baseline-write",
        action="store_true",
        default=False,
        help="record every current violation in the baseline file, pruning fixed ones",
    )
    group.addoption(
        "--guide-show-baselined",
        action="store_true",
        default=False,
        help="also list the violations that the baseline holds back",
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
    guide = config.option.guide or config.option.guide_only
    if guide and config.option.guide_statistics:
        # Only the table: no failure texts, no line per failed file, no
        # header (as -q); the session plugin drops the guide items' dots.
        config.option.tbstyle = "no"
        config.option.reportchars = "N"
        if config.option.verbose == 0:
            config.option.verbose = -1
    if not config.option.guide_rules:
        return None
    from pathlib import Path

    from pytest_backend_guide.config import ConfigError, load_settings
    from pytest_backend_guide.custom_rules import with_custom_rules
    from pytest_backend_guide.manager import CheckerError, load_checkers

    config_path = config.option.guide_config
    try:
        checkers = load_checkers()
        settings = load_settings(
            config.rootpath,
            checkers,
            Path(config_path).resolve() if config_path else None,
        )
    except (CheckerError, ConfigError) as exc:
        raise pytest.UsageError(f"backend-guide: {exc}") from None
    rules = with_custom_rules(checkers.rules, settings.custom_rules)
    print("\n".join(rules_listing(rules)))
    return 0


# --- coverage (TEST001/TEST002): measure from before conftests import code ---
@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    """Start measuring coverage under ``--guide``, before test code is imported.

    Under ``--guide-only`` nothing is measured, and the initial conftests
    are anchored on the rootdir (see :func:`conftest_anchor`).

    Args:
        early_config: The pytest config, before ``pytest_configure``.
    """
    options = early_config.known_args_namespace
    if options.guide_only and not options.file_or_dir:
        anchor = conftest_anchor(early_config.rootpath, early_config.inipath)
        if anchor is not None:
            options.file_or_dir = [str(anchor)]
    if options.guide and not options.guide_only:  # --guide-only runs no test
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
    if config.option.guide_only:
        config.option.guide = True
    if not config.option.guide:
        return
    from pytest_backend_guide.config import ConfigError
    from pytest_backend_guide.items import MARKER
    from pytest_backend_guide.manager import CheckerError
    from pytest_backend_guide.selection import take_guide_args
    from pytest_backend_guide.session import SESSION_PLUGIN, GuideSession
    from pytest_backend_guide.stash import SESSION_KEY, checkers_for, settings_for
    from pytest_backend_guide.stray_config import stray_config_warnings

    config.addinivalue_line("markers", f"{MARKER}: a check of the backend guide")
    try:
        checkers = checkers_for(config)
        settings = settings_for(config, config.option)
    except (ConfigError, CheckerError) as exc:
        raise pytest.UsageError(f"backend-guide: {exc}") from None
    config_path = config.option.guide_config
    used = Path(config_path).resolve() if config_path else config.rootpath
    if not config_path:
        used = used / "pyproject.toml"
    for warning in (
        *settings.warnings,
        *stray_config_warnings(config.rootpath, used, config.invocation_params.dir),
    ):
        config.issue_config_time_warning(
            pytest.PytestConfigWarning(f"backend-guide: {warning}"), stacklevel=2
        )
    selection = take_guide_args(config, config.option.guide_only)
    session = GuideSession(config, checkers, settings, selection)
    config.stash[SESSION_KEY] = session
    config.pluginmanager.register(session, SESSION_PLUGIN)
    if config.option.guide_warn or settings.mode == "warn":
        from pytest_backend_guide.warn_mode import WARN_PLUGIN, WarnMode

        texts = not config.option.guide_statistics
        config.pluginmanager.register(WarnMode(texts), WARN_PLUGIN)


def rules_heading(rules: RuleRegistry) -> str:
    """Return the line above the rule list: which version, how many rules.

    Args:
        rules: The registry.

    Returns:
        The line, e.g. ``pytest-backend-guide 0.1.0: 64 rules, 58 on by default``.
    """
    from pytest_backend_guide import __version__

    enabled = len(rules.default_codes())
    total = len(rules)
    return f"pytest-backend-guide {__version__}: {total} rules, {enabled} on by default"


def conftest_anchor(rootdir: Path, inipath: Path | None) -> Path | None:
    """Return a file of the rootdir to anchor the initial conftests on.

    Without arguments pytest loads the conftests of the rootdir and, before
    any collection, of its ``test*`` folders, where ``tests/conftest.py``
    usually imports the application and its dependencies. ``--guide-only``
    collects no test there, so the initial conftests are those of the
    rootdir (and above), as for a run given a file of the rootdir.

    Args:
        rootdir: pytest's rootdir.
        inipath: pytest's configuration file, if any.

    Returns:
        The rootdir's ``conftest.py`` or configuration file, or its first
        file; None when it has none.
    """
    candidates = [rootdir / "conftest.py"]
    if inipath is not None and inipath.parent == rootdir:
        candidates.append(inipath)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    try:
        return next(path for path in sorted(rootdir.iterdir()) if path.is_file())
    except (OSError, StopIteration):
        return None


def rules_listing(rules: RuleRegistry) -> list[str]:
    """Return what ``--guide-rules`` and ``backend-guide rules`` print.

    Args:
        rules: The registry.

    Returns:
        The heading, one line per rule, and what is not checked by default.
    """
    from pytest_backend_guide.migrations import DESCRIPTION

    return [
        rules_heading(rules),
        *rule_table(rules),
        "",
        f"Not checked by default: database migrations ({DESCRIPTION}); "
        "set exclude-migrations = false in [tool.backend-guide] to check them.",
    ]


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
