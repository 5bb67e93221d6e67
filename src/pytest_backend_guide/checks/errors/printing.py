"""Where ``print()`` is the right tool (ERR004's exemptions read from the ast).

Two places cannot or should not log:

- a script: a module with a ``#!`` line, a ``__main__`` guard, or a
  command-line or migration import; printing is how it talks to the
  person who runs it (healthchecks' ``docker/fetchstatus.py``);
- the error path of a logging handler: ``emit``/``handleError``/
  ``flush``/``close`` of a class derived from a ``logging`` handler. A
  handler that logs its own failure calls itself again
  (healthchecks' ``hc/logs`` handler prints the database error instead).
"""

from __future__ import annotations

import ast

from pytest_backend_guide import ImportBindings

HANDLER_METHODS = frozenset({"emit", "handleError", "flush", "close"})


def is_shebang_script(text: str) -> bool:
    """Return whether a module starts with a ``#!`` line, so it runs as a program.

    Args:
        text: The module's source text.

    Returns:
        Whether its first line is a shebang.
    """
    return text.startswith("#!")


def logging_handler_lines(
    tree: ast.Module, bindings: ImportBindings
) -> list[tuple[int, int]]:
    """Return the line spans of the methods a logging handler runs to emit.

    A class counts when one of its bases resolves through the imports to a
    name in ``logging`` (``logging.Handler``, ``logging.handlers.
    RotatingFileHandler``, ``from logging import StreamHandler``) or is a
    class of the same module that counts.

    Args:
        tree: The module.
        bindings: Its import bindings.

    Returns:
        ``(first, last)`` lines of each ``emit``/``handleError``/``flush``/
        ``close`` method of such a class.
    """
    handlers: set[str] = set()
    spans: list[tuple[int, int]] = []
    for statement in tree.body:  # handler classes live at module level
        if not isinstance(statement, ast.ClassDef):
            continue
        bases = statement.bases
        if not any(_is_handler_base(base, bindings, handlers) for base in bases):
            continue
        handlers.add(statement.name)
        for member in statement.body:
            if (
                isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef))
                and member.name in HANDLER_METHODS
            ):
                spans.append((member.lineno, member.end_lineno or member.lineno))
    return spans


def _is_handler_base(
    base: ast.expr, bindings: ImportBindings, handlers: set[str]
) -> bool:
    if isinstance(base, ast.Name) and base.id in handlers:
        return True
    name = bindings.resolve(base) or ""
    return name.startswith("logging.") and name.endswith("Handler")
