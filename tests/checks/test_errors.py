"""ERR001-ERR004: bare except, swallowed and unlogged errors, print()."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pytest_backend_guide.engine import FileResult

Lint = Callable[..., FileResult]


def codes_at(lint: Lint, code: str, path: str = "app/services/orders.py", **options: Any) -> list[tuple[str, int, int]]:
    result = lint(code, select=["ERR"], path=path, options={"errors": options} if options else None)
    assert result.error is None, result.error
    return [(v.code, v.line, v.col) for v in result.violations]


def codes(lint: Lint, code: str, **kwargs: Any) -> list[str]:
    return [c for c, _, _ in codes_at(lint, code, **kwargs)]


def test_bare_except_is_err001_at_the_except_keyword(lint: Lint) -> None:
    code = """\
        def load():
            try:
                return read()
            except:
                raise
        """
    assert codes_at(lint, code) == [("ERR001", 4, 5)]


@pytest.mark.parametrize("caught", ["Exception", "ValueError", "(KeyError, TypeError)", "Exception as exc"])
def test_typed_except_is_not_err001(lint: Lint, caught: str) -> None:
    code = f"""\
        try:
            run()
        except {caught}:
            raise
        """
    assert "ERR001" not in codes(lint, code)


@pytest.mark.parametrize("body", ["pass", "...", "continue"])
@pytest.mark.parametrize("caught", ["Exception", "BaseException", "Exception as exc", "(ValueError, Exception)", "builtins.Exception"])
def test_broad_handler_doing_nothing_is_err002_only(lint: Lint, body: str, caught: str) -> None:
    code = f"""\
        import builtins

        for item in items:
            try:
                send(item)
            except {caught}:
                {body}
        """
    assert codes(lint, code) == ["ERR002"]


def test_bare_except_pass_is_err001_and_err002(lint: Lint) -> None:
    code = """\
        try:
            send()
        except:
            pass
        """
    assert codes(lint, code) == ["ERR001", "ERR002"]


def test_typed_handler_doing_nothing_is_fine_unless_configured(lint: Lint) -> None:
    code = """\
        try:
            import ujson as json
        except ImportError:
            pass
        """
    assert codes(lint, code) == []
    assert codes(lint, code, **{"check-typed-exceptions": True}) == ["ERR002"]


def test_broad_handler_that_returns_without_logging_is_err003(lint: Lint) -> None:
    code = """\
        def price(order):
            try:
                return compute(order)
            except Exception:
                return 0
        """
    assert codes_at(lint, code) == [("ERR003", 4, 5)]


@pytest.mark.parametrize(
    "handling",
    [
        "logger.exception('price failed')",
        "log.error('price failed', exc_info=True)",
        "logging.warning('price failed')",
        "self.logger.error('price failed')",
        "structlog.get_logger().error('price failed')",
        "logger.opt(exception=True).error('price failed')",
        "logging.getLogger(__name__).exception('price failed')",
        "raise",
        "raise PriceError('no price') from exc",
        "sentry_sdk.capture_exception(exc)",
    ],
)
def test_broad_handler_that_logs_or_reraises_is_fine(lint: Lint, handling: str) -> None:
    code = f"""\
        import logging
        import sentry_sdk
        import structlog

        logger = logging.getLogger(__name__)
        log = logger

        def price(order):
            try:
                return compute(order)
            except Exception as exc:
                cleanup()
                {handling}
                return 0
        """
    assert codes(lint, code) == []


def test_logging_inside_a_nested_function_does_not_count(lint: Lint) -> None:
    code = """\
        def price(order):
            try:
                return compute(order)
            except Exception:
                def later():
                    logger.exception("failed")
                return later
        """
    assert codes(lint, code) == ["ERR003"]


@pytest.mark.parametrize(("caught", "value"), [("KeyError", "None"), ("ValueError", "0")])
def test_specific_exception_turned_into_a_value_is_not_an_error(lint: Lint, caught: str, value: str) -> None:
    code = f"""\
        def parse(text):
            try:
                return int(text)
            except {caught}:
                return {value}
        """
    assert codes(lint, code) == []


def test_a_local_class_named_exception_is_not_broad(lint: Lint) -> None:
    code = """\
        class Exception(RuntimeError):
            pass

        try:
            run()
        except Exception:
            result = None
        """
    assert codes(lint, code) == []


def test_print_in_application_code_is_err004(lint: Lint) -> None:
    code = """\
        def ship(order):
            print("shipping", order.id)
        """
    assert codes_at(lint, code) == [("ERR004", 2, 5)]


def test_a_function_named_for_printing_may_print(lint: Lint) -> None:
    # Django-Styleguide-Example's print_qs(queryset) is a shell helper whose
    # whole job is printing; a print in any other function still counts.
    code = """\
        def print_qs(queryset):
            print(tabulate(queryset))

        async def show_tree(node):
            for child in node.children:
                print(child)

        def export(queryset):
            print(len(queryset))
        """
    assert codes_at(lint, code) == [("ERR004", 9, 5)]


@pytest.mark.parametrize(
    "path",
    [
        "tests/test_orders.py",
        "app/tests/test_orders.py",
        "scripts/seed.py",
        "app/__main__.py",
        "conftest.py",
        "app/tests/conftest.py",
        "test_orders.py",
    ],
)
def test_print_is_fine_in_tests_scripts_and_entry_points(lint: Lint, path: str) -> None:
    assert codes(lint, "print('hello')\n", path=path) == []


def test_configured_cli_modules_may_print(lint: Lint) -> None:
    code = "print('done')\n"
    assert codes(lint, code, path="app/cli.py", **{"cli-modules": ["app/cli.py"]}) == []
    assert codes(lint, code, path="app/commands/seed.py", **{"cli-modules": ["app/commands/"]}) == []
    assert codes(lint, code, path="app/api.py", **{"cli-modules": ["app/cli.py"]}) == ["ERR004"]


def test_print_as_a_method_or_in_a_string_is_not_err004(lint: Lint) -> None:
    code = """\
        printer.print(page)
        label = "print(x)"
        """
    assert codes(lint, code) == []


def test_a_handler_that_passes_the_caught_error_on_is_not_err003(lint: Lint) -> None:
    code = """\
        def quote(order):
            try:
                return compute(order)
            except Exception as exc:
                return Failure(f"pricing failed: {exc}")
        """
    assert codes(lint, code) == []


def test_a_bound_name_that_is_not_used_does_not_count(lint: Lint) -> None:
    code = """\
        def quote(order):
            try:
                return compute(order)
            except Exception as exc:
                return None
        """
    assert codes(lint, code) == ["ERR003"]


@pytest.mark.parametrize(
    "header",
    [
        "import click",
        "import typer",
        "import argparse",
        "from alembic import op",
        "from django.db import migrations",
    ],
)
def test_command_line_tools_and_migrations_may_print(lint: Lint, header: str) -> None:
    code = f"""\
        {header}

        def run():
            print("done")
        """
    assert codes(lint, code) == []


def test_a_module_run_as_a_script_may_print(lint: Lint) -> None:
    code = """\
        def main():
            print("done")

        if __name__ == "__main__":
            main()
        """
    assert codes(lint, code) == []


@pytest.mark.parametrize("path", ["app/management/commands/seed.py", "app/migrations/0002_data.py", "tests.py"])
def test_management_commands_migrations_and_test_modules_may_print(lint: Lint, path: str) -> None:
    assert codes(lint, "print('done')\n", path=path) == []


def test_tests_catching_broadly_to_assert_are_not_err003(lint: Lint) -> None:
    code = """\
        def test_connects():
            try:
                connect()
                ok = True
            except Exception:
                ok = False
            assert ok
        """
    assert codes(lint, code, path="tests/test_db.py") == []
    assert codes(lint, code, path="app/db.py") == ["ERR003"]
