"""A failing guide check as pytest's failure representation.

pytest's short test summary (``-r``) follows a failure with its "crash"
message: the first line of a plain-text failure, but under ``CI=true`` (or
``-vv``) the whole text, so a CI log showed every violation twice. A guide
failure is therefore given as pytest's own exception representation: the
full text, printed unchanged in the failures section, and a crash line
naming the first violation and how many more there are. It is built from
pytest's representation classes, which pytest-xdist carries from worker to
controller and JUnit XML reads its ``message`` from.
"""

from __future__ import annotations

from _pytest._code.code import (
    ReprExceptionInfo,
    ReprFileLocation,
    ReprTracebackNative,
)

from pytest_backend_guide.engine import FileResult
from pytest_backend_guide.registry import RuleRegistry
from pytest_backend_guide.report.terminal import violation_line


def crash_line(result: FileResult, rules: RuleRegistry) -> tuple[str, int, str]:
    """Return where a failing result's first finding is, and its one-line text.

    Args:
        result: A failing result (violations, or an error).
        rules: The registry, for rule names.

    Returns:
        ``(path, line, text)``: the text is
        ``path:line:col: CODE message (name)``, followed by ``(+N more)``
        when the result has other violations.
    """
    if result.error is not None or not result.violations:
        error = result.error
        if error is None:
            return result.path, 1, result.path
        return error.path, error.line, str(error).splitlines()[0]
    first = result.violations[0]
    text = violation_line(first, rules)
    more = len(result.violations) - 1
    if more:
        text += f" (+{more} more)"
    return first.path, first.line, text


def failure_repr(
    result: FileResult, text: str, rules: RuleRegistry
) -> ReprExceptionInfo:
    """Return a guide failure's representation for its pytest report.

    Args:
        result: The failing result.
        text: The failure text, as the failures section shows it.
        rules: The registry, for rule names.

    Returns:
        A representation that prints ``text`` and whose crash message is
        the first violation (see :func:`crash_line`).
    """
    return shown_repr(text, crash_line(result, rules))


def shown_repr(text: str, crash: tuple[str, int, str]) -> ReprExceptionInfo:
    """Return a failure's representation from its text and its crash line.

    Args:
        text: The failure text.
        crash: ``(path, line, text)`` of the crash line.

    Returns:
        The representation.
    """
    path, line, crash_text = crash
    return ReprExceptionInfo(
        reprtraceback=ReprTracebackNative([text + "\n"]),
        reprcrash=ReprFileLocation(path, line, crash_text),
    )
