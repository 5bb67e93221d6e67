"""Say in one line which checker crashed on which file, and how.

A checker that raises is a bug in that checker. Its file's item fails with
one short line naming the checker (the first frame of the traceback below
the engine and pluggy), the exception and where it was raised, rather than
a traceback that, for a ``RecursionError``, runs to thousands of lines.
"""

from __future__ import annotations

import os
import traceback
from types import TracebackType

class CheckerCrash(Exception):
    """A checker raised on one file: a bug in that checker, reported on the file.

    It is returned in place of the file's result (from a worker too) so that
    the batch goes on; its message is one line, ``path:1:1: error: ...``.
    """


HOST_FRAMES = (
    "pluggy",
    "pytest_backend_guide.engine",
    "pytest_backend_guide.manager",
    "pytest_backend_guide.runner",
    "pytest_backend_guide.project",
)


def checker_of(tb: TracebackType | None) -> str:
    """Return the name of the checker a traceback went through.

    Args:
        tb: The traceback of the exception, outermost frame first.

    Returns:
        The rule family of a built-in checker (``naming``), else the module
        of the checker's hook function; ``unknown`` when none is found.
    """
    while tb is not None:
        module = str(tb.tb_frame.f_globals.get("__name__", ""))
        if module and not module.startswith(HOST_FRAMES):
            return family_of(module)
        tb = tb.tb_next
    return "unknown"


def family_of(module: str) -> str:
    """Return a checker's short name from its module's name.

    Args:
        module: A dotted module name.

    Returns:
        ``naming`` for ``pytest_backend_guide.checks.naming.visitor``, the
        module name itself for another package's checker.
    """
    prefix = "pytest_backend_guide.checks."
    if module.startswith(prefix):
        return module[len(prefix) :].split(".", 1)[0]
    return module


def crash_message(exc: BaseException, checker: str | None = None) -> str:
    """Return the one-line account of a checker's crash.

    Args:
        exc: The exception the checker raised.
        checker: Its name, when known (a project check's); else found in
            the traceback.

    Returns:
        ``checker '<name>' crashed: <Type>: <message> (<file>:<line>)``.
    """
    frames = traceback.extract_tb(exc.__traceback__)
    where = ""
    if frames:
        last = frames[-1]
        where = f" ({os.path.basename(last.filename)}:{last.lineno})"
    text = str(exc).splitlines()[0] if str(exc) else ""
    detail = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    name = checker or checker_of(exc.__traceback__)
    return f"checker '{name}' crashed: {detail}{where}"
