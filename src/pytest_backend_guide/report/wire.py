"""A result as plain data, to travel on a pytest report to the xdist controller."""

from __future__ import annotations

from typing import Any

from pytest_backend_guide.engine import FileResult
from pytest_backend_guide.source import SourceError
from pytest_backend_guide.suppression import Suppressed
from pytest_backend_guide.violation import Violation


def result_to_data(result: FileResult) -> dict[str, Any]:
    """Return a result's violations, error and reported lines as plain data.

    Args:
        result: A filtered result.

    Returns:
        Lists, strings and numbers only (no facts).
    """
    error = result.error
    return {
        "path": result.path,
        "violations": [_violation(v) for v in result.violations],
        "baselined": [_violation(v) for v in result.baselined],
        "error": [error.path, error.line, error.col, error.message] if error else None,
        "context": [[path, line, text] for (path, line), text in result.context],
        "suppressed": [
            [*_violation(s.violation), s.justification] for s in result.suppressed
        ],
    }


def result_from_data(data: dict[str, Any]) -> FileResult:
    """Return the result that :func:`result_to_data` described.

    Args:
        data: The plain data.

    Returns:
        The result.
    """
    error = SourceError(*data["error"]) if data["error"] else None
    return FileResult(
        path=data["path"],
        violations=tuple(Violation(*fields) for fields in data["violations"]),
        error=error,
        context=tuple(((path, line), text) for path, line, text in data["context"]),
        baselined=tuple(Violation(*fields) for fields in data["baselined"]),
        suppressed=tuple(
            Suppressed(Violation(*fields[:-1]), fields[-1])
            for fields in data["suppressed"]
        ),
    )


def _violation(found: Violation) -> list[Any]:
    return [
        found.path,
        found.line,
        found.col,
        found.code,
        found.message,
        found.fix_hint,
        found.end_col,
        found.symbol,
    ]
