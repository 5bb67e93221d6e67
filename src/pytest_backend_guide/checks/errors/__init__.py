"""ERR: error handling and logging.

ERR001 (bare ``except:``) and ERR004 (``print()``) are ast-grep rules in
``rules/errors/``; ERR002 and ERR003 judge what a handler does with the
error, which takes the handler's body and the file's imports
(:mod:`.handlers`).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from pytest_backend_guide import (
    ConfigSection,
    FileContext,
    ImportBindings,
    Option,
    ParsedSection,
    Rule,
    Violation,
    hookimpl,
)

if TYPE_CHECKING:
    from pytest_backend_guide import PatternRules
    from pytest_backend_guide.checks.errors.handlers import HandlerFinding

SECTION_NAME = "errors"
PRINT_EXEMPT = re.compile(
    r"(^|/)(tests?|scripts|migrations)/|(^|/)management/commands/"
    r"|(^|/)(__main__|conftest|manage|tests?)\.py$|(^|/)test_[^/]*\.py$|_test\.py$"
)
TESTS = re.compile(r"(^|/)tests?/|(^|/)(conftest|tests?)\.py$|(^|/)test_[^/]*\.py$")
# A module importing one of these is a command-line tool or a migration:
# printing is its way of talking to the person who runs it.
SCRIPT_MODULES = (
    "click",
    "typer",
    "argparse",
    "fire",
    "alembic",
    "django.db.migrations",
)


# ERR001 and ERR004 are the ast-grep rules in rules/errors/; their entries
# are written out here so that registering them reads and compiles no YAML
# (a test keeps the two the same).
PATTERN_RULES = (
    Rule("ERR001", "bare-except", "`except:` without an exception type"),
    Rule(
        "ERR004",
        "print-call",
        "`print()` in application code (tests, scripts and CLI modules excepted)",
    ),
)
HANDLER_RULES = (
    Rule(
        "ERR002",
        "swallowed-exception",
        "a broad handler whose whole body is pass, ... or continue",
    ),
    Rule(
        "ERR003",
        "broad-except-unlogged",
        "a broad handler that does something but neither re-raises nor logs",
    ),
)


@dataclass(frozen=True)
class ErrorOptions:
    """The ``[tool.backend-guide.errors]`` table.

    Attributes:
        check_typed_exceptions: ERR002 for handlers of every type.
        cli_modules: Globs of modules where ``print()`` is allowed.
    """

    check_typed_exceptions: bool
    cli_modules: tuple[str, ...]


SECTION = ParsedSection(
    SECTION_NAME,
    (
        Option(
            "check-typed-exceptions",
            "bool",
            default=False,
            help="ERR002 also reports handlers of specific types whose body "
            "is only pass, ... or continue.",
        ),
        Option(
            "cli-modules",
            "str-list",
            (),
            "Glob patterns (from the rootdir) of command-line modules where "
            "print() is fine (ERR004), besides tests/, scripts/, __main__.py "
            "and conftest.py.",
        ),
    ),
    "Error handling and logging (ERR002, ERR004).",
    parse=ErrorOptions,
)


@lru_cache(maxsize=1)
def pattern_rules() -> PatternRules:
    """Return ERR001 and ERR004, read and compiled once per process."""
    from pytest_backend_guide import PatternRules, load_package_rules

    return PatternRules(load_package_rules("pytest_backend_guide", "rules/errors"))


@hookimpl
def guide_rules() -> list[Rule]:
    """Declare ERR001-ERR004.

    Returns:
        The rules.
    """
    return [*PATTERN_RULES, *HANDLER_RULES]


@hookimpl
def guide_config_sections() -> list[ConfigSection]:
    """Declare ``[tool.backend-guide.errors]``.

    Returns:
        The section.
    """
    return [SECTION]


@hookimpl
def guide_check_file(ctx: FileContext) -> Iterator[Violation]:
    """Check a file's ``except`` handlers and ``print()`` calls.

    Args:
        ctx: The file's context.

    Yields:
        The violations.
    """
    # Imported on first use: a warm run, whose files are all cached,
    # never checks a file and need not load the checking code.
    from pytest_backend_guide.checks.errors.handlers import handler_findings
    from pytest_backend_guide.checks.errors.printing import logging_handler_lines

    options = ctx.options_for(SECTION)
    enabled = ctx.enabled
    if "ERR004" in enabled and _print_allowed(ctx.source.path, options):
        enabled = enabled - {"ERR004"}
    if TESTS.search(ctx.source.path):
        enabled = enabled - {"ERR003"}  # tests catch broadly to assert on it
    bindings: ImportBindings | None = None
    handler_spans: list[tuple[int, int]] | None = None
    for match in pattern_rules().matches(ctx.source, enabled):
        if match.code == "ERR004":
            if bindings is None:  # read only in files that print
                bindings = ImportBindings.of(ctx.source.tree)
            if _is_script(ctx, bindings):
                continue
            if handler_spans is None:
                handler_spans = logging_handler_lines(ctx.source.tree, bindings)
            if any(first <= match.line <= last for first, last in handler_spans):
                continue
        yield match.violation(ctx)
    text = ctx.source.text
    if ("ERR002" in enabled or "ERR003" in enabled) and (
        "except" in text or not text.isascii()
    ):
        bindings = bindings or ImportBindings.of(ctx.source.tree)
        typed = options.check_typed_exceptions
        for finding in handler_findings(ctx.source.tree, bindings, typed=typed):
            if finding.code in enabled:
                yield _handler_violation(ctx, finding)


def _handler_violation(ctx: FileContext, finding: HandlerFinding) -> Violation:
    handler = finding.handler
    if finding.code == "ERR002":
        message = f"'{finding.caught}' handler swallows the error: it does nothing"
        hint = "handle it, log it with logger.exception(...), or let it propagate"
    else:
        message = f"'{finding.caught}' handler neither re-raises nor logs the error"
        hint = "log it with logger.exception(...) or re-raise it (raise ... from exc)"
    return ctx.at_node(finding.code, handler, message, fix_hint=hint, width=6)


def _print_allowed(path: str, options: ErrorOptions) -> bool:
    if PRINT_EXEMPT.search(path):
        return True
    return any(_glob_match(pattern, path) for pattern in options.cli_modules)


def _is_script(ctx: FileContext, bindings: ImportBindings) -> bool:
    """Return whether a module is a script, a command-line tool or a migration."""
    from pytest_backend_guide.checks.errors.printing import is_shebang_script

    if is_shebang_script(ctx.source.text):
        return True
    if "__main__" in ctx.source.text and _has_main_guard(ctx.source.tree):
        return True
    return any(
        name == module or name.startswith(module + ".")
        for name in bindings.imported.values()
        for module in SCRIPT_MODULES
    )


def _has_main_guard(tree: ast.Module) -> bool:
    """Return whether the module runs as a script (``if __name__ == "__main__":``)."""
    for statement in tree.body:
        if isinstance(statement, ast.If) and isinstance(statement.test, ast.Compare):
            sides = [statement.test.left, *statement.test.comparators]
            if any(
                isinstance(side, ast.Constant) and side.value == "__main__"
                for side in sides
            ):
                return True
    return False


def _glob_match(pattern: str, path: str) -> bool:
    from fnmatch import fnmatchcase

    return fnmatchcase(path, pattern) or fnmatchcase(path, pattern.rstrip("/") + "/*")
