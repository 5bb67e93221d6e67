"""TYPE001-TYPE003: annotations on parameters and return values."""

from __future__ import annotations

from typing import Any

import pytest
from snippets import PATH, Lint, messages, run_family

from pytest_backend_guide.checks.typehints import RULES
from pytest_backend_guide.engine import FileResult


def run(
    lint: Lint, code: str, *select: str, path: str = PATH, **options: Any
) -> FileResult:
    """Check a snippet with the given TYPE rules and type-hint options."""
    return run_family(lint, "typehints", code, select, path, **options)


def test_rules_codes_names_and_defaults() -> None:
    table = {rule.code: (rule.name, rule.default_enabled) for rule in RULES}
    assert table == {
        "TYPE001": ("missing-parameter-annotation", True),
        "TYPE002": ("missing-return-annotation", True),
        "TYPE003": ("any-annotation", False),
    }


def test_typehint_options_are_declared(checkers: Any) -> None:
    assert checkers.sections["typehints"].defaults() == {
        "check-private": False,
        "ignore-star-args": False,
        "ignore-dummy-args": False,
        "allow-implicit-none-return": False,
        "any-nested": False,
        "allow-star-args-any": True,
        "skip-overload": True,
        "skip-test-modules": True,
    }


def test_fully_annotated_code_is_clean(lint: Lint) -> None:
    code = """
    class Users:
        def __init__(self, db: Database) -> None:
            self.db = db

        def get(self, user_id: int, *args: str, key: str, **kwargs: int) -> User:
            return self.db.get(user_id)

        @classmethod
        def build(cls, url: str) -> Users:
            return cls(connect(url))
    """
    assert run(lint, code, "TYPE").codes == []


# TYPE001 missing-parameter-annotation ----------------------------------------


def test_type001_message_and_position(lint: Lint) -> None:
    result = run(lint, "def get_user(user_id) -> None:\n    pass\n", "TYPE001")
    assert messages(result) == [
        "parameter 'user_id' of 'get_user' has no type annotation"
    ]
    violation = result.violations[0]
    assert (violation.line, violation.col, violation.end_col) == (1, 14, 21)
    assert violation.fix_hint == "annotate it: 'user_id: <type>'"


def test_type001_every_parameter_kind(lint: Lint) -> None:
    code = "def call(a, /, b, *args, c, **kwargs) -> None:\n    pass\n"
    assert messages(run(lint, code, "TYPE001")) == [
        "parameter 'a' of 'call' has no type annotation",
        "parameter 'b' of 'call' has no type annotation",
        "parameter '*args' of 'call' has no type annotation",
        "parameter 'c' of 'call' has no type annotation",
        "parameter '**kwargs' of 'call' has no type annotation",
    ]


def test_type001_self_and_cls_are_exempt(lint: Lint) -> None:
    code = """
    class Users:
        def get(self, user_id: int) -> None:
            pass

        @classmethod
        def build(cls) -> None:
            pass

        def __new__(cls) -> Users:
            return super().__new__(cls)

        @field_validator("name")
        @classmethod
        def check(cls, value: str) -> str:
            return value

    @app.task(bind=True)
    def retry(self, job_id: int) -> None:
        pass
    """
    assert run(lint, code, "TYPE001").codes == []


def test_type001_staticmethod_first_parameter_is_checked(lint: Lint) -> None:
    code = """
    class Users:
        @staticmethod
        def parse(text) -> str:
            return text
    """
    assert messages(run(lint, code, "TYPE001")) == [
        "parameter 'text' of 'Users.parse' has no type annotation"
    ]


def test_type001_star_args_by_option(lint: Lint) -> None:
    code = "def call(*args, **kwargs) -> None:\n    pass\n"
    assert run(lint, code, "TYPE001").codes == ["TYPE001", "TYPE001"]
    assert run(lint, code, "TYPE001", ignore_star_args=True).codes == []


def test_type001_dummy_arguments_by_option(lint: Lint) -> None:
    code = "def handler(event: str, _, _context) -> None:\n    pass\n"
    assert run(lint, code, "TYPE001").codes == ["TYPE001", "TYPE001"]
    assert run(lint, code, "TYPE001", ignore_dummy_args=True).codes == []


def test_type001_private_and_nested_functions_by_option(lint: Lint) -> None:
    code = """
    def _helper(value):
        return value

    def outer() -> None:
        def inner(value):
            return value

    class _Hidden:
        def method(self, value):
            return value
    """
    assert run(lint, code, "TYPE").codes == []
    everything = run(lint, code, "TYPE001", check_private=True)
    assert messages(everything) == [
        "parameter 'value' of '_helper' has no type annotation",
        "parameter 'value' of 'outer.inner' has no type annotation",
        "parameter 'value' of '_Hidden.method' has no type annotation",
    ]


def test_type001_private_module_by_option(lint: Lint) -> None:
    code = "def get(value):\n    return value\n"
    assert run(lint, code, "TYPE", path="app/_impl.py").codes == []
    checked = run(lint, code, "TYPE", path="app/_impl.py", check_private=True)
    assert sorted(checked.codes) == ["TYPE001", "TYPE002"]


def test_type001_dunder_methods_are_public(lint: Lint) -> None:
    code = """
    class Money:
        def __eq__(self, other) -> bool:
            return True
    """
    assert run(lint, code, "TYPE001").codes == ["TYPE001"]


def test_type_overloads_skipped_by_option(lint: Lint) -> None:
    code = """
    from typing import overload

    @overload
    def parse(value: int) -> int: ...
    @overload
    def parse(value: str) -> str: ...
    def parse(value):
        return value
    """
    assert run(lint, code, "TYPE").codes == []
    strict = run(lint, code, "TYPE", skip_overload=False)
    assert sorted(strict.codes) == ["TYPE001", "TYPE002"]


def test_type_no_type_check_is_skipped(lint: Lint) -> None:
    code = "@typing.no_type_check\ndef legacy(a, b):\n    return a\n"
    assert run(lint, code, "TYPE").codes == []


@pytest.mark.parametrize(
    "path", ["tests/test_users.py", "conftest.py", "app/users_test.py"]
)
def test_type_test_modules_skipped_by_option(lint: Lint, path: str) -> None:
    code = "def test_get(client):\n    assert client\n"
    assert run(lint, code, "TYPE", path=path).codes == []
    checked = run(lint, code, "TYPE", path=path, skip_test_modules=False)
    assert sorted(checked.codes) == ["TYPE001", "TYPE002"]


def test_type_lambdas_are_not_checked(lint: Lint) -> None:
    assert run(lint, "key = lambda item: item.name\n", "TYPE").codes == []


# TYPE002 missing-return-annotation -------------------------------------------


def test_type002_message_and_position(lint: Lint) -> None:
    result = run(lint, "def get_user(user_id: int):\n    return user_id\n", "TYPE002")
    assert messages(result) == ["'get_user' has no return annotation"]
    violation = result.violations[0]
    assert (violation.line, violation.col, violation.end_col) == (1, 5, 13)
    assert violation.fix_hint == "add '-> <type>' after the parameters"


def test_type002_hint_for_functions_returning_nothing(lint: Lint) -> None:
    result = run(
        lint, "async def save(user: User):\n    await user.save()\n", "TYPE002"
    )
    assert messages(result) == ["'save' has no return annotation"]
    assert result.violations[0].fix_hint == "add '-> None'"


def test_type002_init_is_exempt(lint: Lint) -> None:
    code = """
    class Users:
        def __init__(self, db: Database):
            self.db = db

        def close(self):
            self.db.close()
    """
    assert messages(run(lint, code, "TYPE002")) == [
        "'Users.close' has no return annotation"
    ]


def test_type002_implicit_none_by_option(lint: Lint) -> None:
    code = """
    def save(user: User):
        user.save()
        return

    def load(key: str):
        return cache[key]

    def walk(keys: list[str]):
        yield from keys
    """
    assert run(lint, code, "TYPE002").codes == ["TYPE002"] * 3
    relaxed = run(lint, code, "TYPE002", allow_implicit_none_return=True)
    assert messages(relaxed) == [
        "'load' has no return annotation",
        "'walk' has no return annotation",
    ]


def test_type002_property_and_setter(lint: Lint) -> None:
    code = """
    class User:
        @property
        def name(self):
            return self._name

        @name.setter
        def name(self, value: str):
            self._name = value
    """
    assert run(lint, code, "TYPE002").codes == ["TYPE002", "TYPE002"]


# TYPE003 any-annotation ------------------------------------------------------


@pytest.mark.parametrize("annotation", ["Any", "typing.Any", "t.Any", '"Any"'])
def test_type003_bare_any(lint: Lint, annotation: str) -> None:
    code = f"def handle(payload: {annotation}) -> None:\n    pass\n"
    result = run(lint, code, "TYPE003")
    assert messages(result) == ["parameter 'payload' of 'handle' is annotated 'Any'"]
    violation = result.violations[0]
    assert (violation.line, violation.col) == (1, 21)


def test_type003_return_any(lint: Lint) -> None:
    code = "def load(key: str) -> Any:\n    return cache[key]\n"
    assert messages(run(lint, code, "TYPE003")) == [
        "the return of 'load' is annotated 'Any'"
    ]


def test_type003_nested_any_by_option(lint: Lint) -> None:
    code = """
    def handle(payload: dict[str, Any], extra: "Optional[Any]") -> list[typing.Any]:
        return []
    """
    assert run(lint, code, "TYPE003").codes == []
    result = run(lint, code, "TYPE003", any_nested=True)
    assert messages(result) == [
        "parameter 'payload' of 'handle' has 'Any' in its annotation",
        "parameter 'extra' of 'handle' has 'Any' in its annotation",
        "the return of 'handle' has 'Any' in its annotation",
    ]
    assert result.violations[0].col == 31


def test_type003_star_args_any_by_option(lint: Lint) -> None:
    code = "def call(*args: Any, **kwargs: Any) -> None:\n    pass\n"
    assert run(lint, code, "TYPE003").codes == []
    strict = run(lint, code, "TYPE003", allow_star_args_any=False)
    assert strict.codes == ["TYPE003", "TYPE003"]


def test_type003_other_names_are_not_any(lint: Lint) -> None:
    code = """
    def handle(payload: object, other: AnyStr, third: "Anything") -> Many:
        return payload
    """
    assert run(lint, code, "TYPE003", any_nested=True).codes == []


def test_type003_is_off_unless_selected(lint: Lint) -> None:
    code = "def handle(payload: Any) -> None:\n    pass\n"
    assert run(lint, code, "TYPE001", "TYPE002").codes == []
