"""Run a guide item with its call phase only.

pytest runs every item in three phases, setup, call and teardown, each with
its own hooks and report. A guide item has nothing to set up or tear down:
it uses no fixtures and its collectors have no state. On a project of a
thousand files those two empty phases were most of pytest's time per item,
and their reports made the failure summary quadratic (pytest's terminal
reporter looks for a failed item's teardown report among every setup and
teardown report of the session). So a plain guide item is run here with the
same hooks pytest calls for a call phase (``pytest_runtest_logstart``,
``pytest_runtest_makereport``, ``pytest_runtest_logreport``,
``pytest_runtest_logfinish``), and reporters, junitxml, ``--lf``, ``-x`` and
xdist see what they see for any item.

An item that carries a mark of its own (``skip``, ``xfail``,
``usefixtures``...), or a run with ``--setup-only`` or ``--setup-plan``,
goes through pytest's full protocol, so that those keep their meaning.
"""

from __future__ import annotations

import bdb
from typing import Literal

import pytest

from pytest_backend_guide.replay import Outcome

CALL_ONLY_MARKS = frozenset({"guide"})


class GuideFailure(Exception):
    """Fails a guide item; carries the file's result for the report."""

    def __init__(self, result: Outcome) -> None:
        """Keep the failing result.

        Args:
            result: The failing result, or the replay of a cached one.
        """
        super().__init__(result.path)
        self.result = result


def runs_call_only(item: pytest.Item) -> bool:
    """Tell whether an item can skip the setup and teardown phases.

    Args:
        item: A guide item.

    Returns:
        True unless a mark or an option needs pytest's full protocol.
    """
    option = item.config.option
    if getattr(option, "setuponly", False) or getattr(option, "setupplan", False):
        return False
    return all(mark.name in CALL_ONLY_MARKS for mark in item.iter_markers())


def run_call_phase(item: pytest.Item) -> pytest.TestReport:
    """Run and report an item's call phase, as pytest's runner reports one.

    Args:
        item: The item.

    Returns:
        The call report, already logged.
    """
    ihook = item.ihook
    ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    report = _call_and_log(item)
    ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
    return report


def run_call_after_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """Run an item's setup and teardown first, then its call phase.

    For a check that judges what the whole run did (the coverage item, the
    session's last item): its teardown tears the session's fixtures down,
    so their code has run before the call judges. The reports are logged in
    pytest's order, setup, call, teardown, with the hooks of any item.

    Args:
        item: The item.
        nextitem: The item after it, for pytest's teardown.
    """
    ihook = item.ihook
    ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    setup = run_fixture_phase(item, "setup", nextitem)
    ihook.pytest_runtest_logreport(report=setup)
    teardown = run_fixture_phase(item, "teardown", nextitem)
    if setup.passed:
        _call_and_log(item)
    ihook.pytest_runtest_logreport(report=teardown)
    ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)


def run_fixture_phase(
    item: pytest.Item, when: Literal["setup", "teardown"], nextitem: pytest.Item | None
) -> pytest.TestReport:
    """Run an item's setup or teardown through pytest's hooks; do not log it.

    Args:
        item: The item.
        when: ``setup`` or ``teardown``.
        nextitem: The item after it, for the teardown.

    Returns:
        The phase's report.
    """
    ihook = item.ihook
    session = item.session
    if session.shouldfail or session.shouldstop:
        nextitem = None  # tear everything down, as pytest does on a stop

    def phase() -> None:
        if when == "setup":
            ihook.pytest_runtest_setup(item=item)
        else:
            ihook.pytest_runtest_teardown(item=item, nextitem=nextitem)

    call = pytest.CallInfo.from_call(phase, when=when, reraise=_reraised(item.config))
    report: pytest.TestReport = ihook.pytest_runtest_makereport(item=item, call=call)
    return report


def _call_and_log(item: pytest.Item) -> pytest.TestReport:
    """Run an item's call phase, report it and log the report."""
    ihook = item.ihook
    call = pytest.CallInfo.from_call(
        item.runtest, when="call", reraise=_reraised(item.config)
    )
    report: pytest.TestReport = ihook.pytest_runtest_makereport(item=item, call=call)
    ihook.pytest_runtest_logreport(report=report)
    if _is_interactive(call, report):
        ihook.pytest_exception_interact(node=item, call=call, report=report)
    return report


def _reraised(config: pytest.Config) -> tuple[type[BaseException], ...]:
    """Return the exceptions that end the session rather than fail the item."""
    if config.getoption("usepdb", False):
        return (pytest.exit.Exception,)
    return (pytest.exit.Exception, KeyboardInterrupt)


def _is_interactive(call: pytest.CallInfo[None], report: pytest.TestReport) -> bool:
    """Tell whether ``--pdb`` and friends should be offered this failure.

    A guide item fails by raising an exception that only carries
    violations; there is nothing to debug in it, so only an unexpected
    error of a checker is offered.
    """
    if call.excinfo is None or not report.failed:
        return False
    return not isinstance(
        call.excinfo.value, (GuideFailure, pytest.skip.Exception, bdb.BdbQuit)
    )
