"""Join the session under ``--guide``, and start measuring, before conftests load.

:func:`register` runs from ``pytest_load_initial_conftests``: before any
conftest or test module imports the code under test, so that module-level
lines count, as pytest-cov does. It reads the guide's settings (a broken
configuration is left for ``pytest_configure`` to report), and when TEST001
or TEST002 is on, decides how this process measures and registers the
coverage plugin.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from pytest_backend_guide.config import ConfigError
from pytest_backend_guide.coverage.measure import Choice
from pytest_backend_guide.coverage.pytest_plugin import PLUGIN_NAME, CoveragePlugin
from pytest_backend_guide.coverage.verdict import CODES, REPORT_PATH
from pytest_backend_guide.manager import CheckerError
from pytest_backend_guide.stash import settings_for


def register(early_config: pytest.Config) -> None:
    """Decide how to measure and join the session, when TEST001 or TEST002 is on.

    Called under ``--guide`` only. A configuration error is left for
    ``pytest_configure`` to report.

    Args:
        early_config: The pytest config, before the initial conftests load.
    """
    options = early_config.known_args_namespace
    try:
        settings = settings_for(early_config, options)
    except (ConfigError, CheckerError):
        return
    codes = settings.enabled_for(REPORT_PATH) & CODES
    if not codes or early_config.pluginmanager.has_plugin(PLUGIN_NAME):
        return
    plugin = CoveragePlugin(early_config, settings, codes)
    early_config.pluginmanager.register(plugin, PLUGIN_NAME)
    plugin.start(choice_of(options))


def choice_of(options: Any) -> Choice:
    """Read what decides the measurement from the early command line.

    Args:
        options: ``known_args_namespace`` of the early config.

    Returns:
        The facts.
    """
    worker = "PYTEST_XDIST_WORKER" in os.environ
    distributed = not worker and bool(
        getattr(options, "numprocesses", None)
        or getattr(options, "distload", False)
        or getattr(options, "dist", "no") != "no"
    )
    nothing_runs = bool(
        options.collectonly
        or options.help
        or options.version
        or (options.markexpr or "").strip() == "guide"
    )
    return Choice(
        no_cov=bool(getattr(options, "no_cov", False)),
        pytest_cov=bool(getattr(options, "cov_source", None)),
        nothing_runs=nothing_runs,
        distributed=distributed,
    )
