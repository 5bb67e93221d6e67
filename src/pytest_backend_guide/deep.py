"""Run a check again, with room for deep recursion, when a deep tree broke it.

``ast.parse`` accepts trees deeper than Python's recursion limit allows a
recursive walk to follow (on 3.11, up to three times the limit): a
330-branch ``elif`` chain, a call chain of a thousand links, 500 nested
lambdas. A checker that walks such a tree recursively raises
``RecursionError``. Rather than lose every rule of the file, the check is
run once more in a thread of its own with a large stack and a high
recursion limit. Ordinary files never pay for it: it happens only after a
``RecursionError``.

The checkers and helpers walk trees without recursion, so the retry is a
safety net, not the way deep code gets checked: :func:`retry_counts` says
how often it was needed in this process (the tests assert it was not), and
for what (``parse``: ``ast.parse`` itself, which recurses in C; ``check``,
``fact``, ``project``: our own code).
"""

from __future__ import annotations

import sys
import threading
from collections import Counter
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

DEEP_STACK_BYTES = 512 * 1024 * 1024
DEEP_RECURSION_LIMIT = 200_000
_lock = threading.Lock()
_retries: Counter[str] = Counter()


def retry_counts() -> dict[str, int]:
    """Return how many times each kind of work needed the deep stack so far.

    Returns:
        Retries per kind of work (``parse``, ``check``, ``fact``,
        ``project``), in this process.
    """
    return dict(_retries)


def with_deep_stack(call: Callable[[], T], work: str) -> T:
    """Return ``call()``, run in a thread with a large stack and recursion limit.

    Args:
        call: The work, usually a checker's walk of one file.
        work: What it is, counted in :func:`retry_counts`.

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

    _retries[work] += 1
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
