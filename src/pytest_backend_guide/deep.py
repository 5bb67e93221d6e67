"""Run a check again, with room for deep recursion, when a deep tree broke it.

``ast.parse`` accepts trees deeper than Python's recursion limit allows a
recursive walk to follow (on 3.11, up to three times the limit): a
330-branch ``elif`` chain, a call chain of a thousand links, 500 nested
lambdas. A checker that walks such a tree recursively raises
``RecursionError``. Rather than lose every rule of the file, the check is
run once more in a thread of its own with a large stack and a high
recursion limit. Ordinary files never pay for it: it happens only after a
``RecursionError``.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

DEEP_STACK_BYTES = 512 * 1024 * 1024
DEEP_RECURSION_LIMIT = 200_000
_lock = threading.Lock()


def with_deep_stack(call: Callable[[], T]) -> T:
    """Return ``call()``, run in a thread with a large stack and recursion limit.

    Args:
        call: The work, usually a checker's walk of one file.

    Returns:
        What it returned.

    Raises:
        BaseException: Whatever it raised, again (a ``RecursionError`` too,
            if even this was not deep enough).
    """
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)

    with _lock:  # the limit and the stack size are global to the process
        limit = sys.getrecursionlimit()
        size = threading.stack_size()
        try:
            threading.stack_size(DEEP_STACK_BYTES)
            sys.setrecursionlimit(max(limit, DEEP_RECURSION_LIMIT))
            worker = threading.Thread(target=run, name="backend-guide-deep")
            worker.start()
            worker.join()
        finally:
            sys.setrecursionlimit(limit)
            threading.stack_size(size)
    if failure:
        raise failure[0]
    return outcome[0]
