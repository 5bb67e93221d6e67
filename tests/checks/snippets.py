"""Check a snippet with one rule family's rules and option table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pytest_backend_guide.engine import FileResult

Lint = Callable[..., FileResult]
PATH = "app/services/users.py"


def run_family(
    lint: Lint,
    table: str,
    code: str,
    select: tuple[str, ...],
    path: str,
    **options: Any,
) -> FileResult:
    """Check a snippet with the selected rules and options of one table.

    Args:
        lint: The ``lint`` fixture.
        table: The option table, e.g. ``docstrings``.
        code: The snippet (dedented by ``lint``).
        select: Rule codes or prefixes to enable.
        path: The path to check it as.
        **options: Options of the table, with ``_`` for ``-`` in their keys.

    Returns:
        The result, which must not be a parse or decode error.
    """
    values = {key.replace("_", "-"): value for key, value in options.items()}
    result = lint(code, select=list(select), options={table: values}, path=path)
    assert result.error is None, result.error
    return result


def messages(result: FileResult) -> list[str]:
    """Return the messages of a result, in report order."""
    return [violation.message for violation in result.violations]
