"""What a session keeps on pytest's config: typed keys, each loaded once.

The checkers and the settings are needed by the coverage start-up (before
``pytest_configure``) and again by ``pytest_configure``: loading the entry
points or reading ``pyproject.toml`` twice would cost a noticeable part of
a small run. Items reach the session plugin through :data:`SESSION_KEY`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pytest_backend_guide.manager import Checkers, load_checkers
from pytest_backend_guide.settings import Settings

if TYPE_CHECKING:  # the session imports the items, which import this module
    from pytest_backend_guide.session import GuideSession

CHECKERS_KEY = pytest.StashKey[Checkers]()
SETTINGS_KEY = pytest.StashKey[Settings]()
SESSION_KEY = pytest.StashKey["GuideSession"]()


def checkers_for(config: pytest.Config) -> Checkers:
    """Return the session's checkers, loading the entry points once per session.

    Args:
        config: The pytest config (an early one works too).

    Returns:
        The checkers.
    """
    if CHECKERS_KEY not in config.stash:
        config.stash[CHECKERS_KEY] = load_checkers()
    return config.stash[CHECKERS_KEY]


def settings_for(config: pytest.Config, options: Any) -> Settings:
    """Return the session's settings, reading the configuration once.

    Args:
        config: The pytest config (an early one works too).
        options: The parsed command line: ``known_args_namespace`` early,
            ``config.option`` later; the ``--guide-*`` values are the same.

    Returns:
        The validated settings.

    Raises:
        ConfigError: The configuration is invalid (not kept: every caller
            sees it).
        CheckerError: A checker declares something inconsistent.
    """
    if SETTINGS_KEY not in config.stash:
        from pytest_backend_guide.config import CommandLine, load_settings

        config_path = options.guide_config
        config.stash[SETTINGS_KEY] = load_settings(
            config.rootpath,
            checkers_for(config),
            Path(config_path).resolve() if config_path else None,
            CommandLine(options.guide_select, options.guide_ignore),
        )
    return config.stash[SETTINGS_KEY]
