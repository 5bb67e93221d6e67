"""The session's checkers, loaded once and kept on pytest's config."""

from __future__ import annotations

import pytest

from pytest_backend_guide.manager import Checkers, load_checkers

CHECKERS_KEY = pytest.StashKey[Checkers]()


def checkers_for(config: pytest.Config) -> Checkers:
    """Return the session's checkers, loading the entry points once per session.

    The coverage start-up needs them before ``pytest_configure``, which
    needs them again: scanning the installed distributions twice would cost
    a noticeable part of a small run.

    Args:
        config: The pytest config (an early one works too).

    Returns:
        The checkers.
    """
    if CHECKERS_KEY not in config.stash:
        config.stash[CHECKERS_KEY] = load_checkers()
    return config.stash[CHECKERS_KEY]
