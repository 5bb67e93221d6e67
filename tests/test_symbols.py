"""The enclosing symbol that keys a baseline entry, on real snippets."""

from __future__ import annotations

import dataclasses
import textwrap

from pytest_backend_guide.source import SourceFile
from pytest_backend_guide.symbols import module_name, requirement_name, with_symbols
from pytest_backend_guide.violation import Violation

CODE = '''\
    """Users."""
    import os
    from app.api import routes, deps

    LIMIT = 3


    class UserView:
        """A view."""

        @property
        def name(self) -> str:
            """Name."""
            return "x"

        def getUser(self) -> None:
            """Get."""
            if os.environ:
                def inner() -> None:
                    pass


    def top() -> None:
        """Top."""
        from app.models import user
'''


def symbols_at(lines: list[int], path: str = "app/api/users.py") -> list[str | None]:
    source = SourceFile(path, textwrap.dedent(CODE))
    found = [Violation(path, line, 1, "NAME003", "m") for line in lines]
    return [v.symbol for v in with_symbols(found, source)]


def test_module_names_follow_the_path() -> None:
    assert module_name("app/api/users.py") == "app.api.users"
    assert module_name("app/__init__.py") == "app"
    assert module_name("main.py") == "main"


def test_lines_are_named_by_their_innermost_class_or_function() -> None:
    assert symbols_at([5, 8, 11, 12, 16, 19, 20]) == [
        "app.api.users",
        "app.api.users.UserView",
        "app.api.users.UserView.name",  # the decorator belongs to the method
        "app.api.users.UserView.name",
        "app.api.users.UserView.getUser",
        "app.api.users.UserView.getUser.inner",  # inside an if
        "app.api.users.UserView.getUser.inner",
    ]


def test_import_lines_name_what_they_import() -> None:
    assert symbols_at([2, 3, 25]) == [
        "app.api.users:import os",
        "app.api.users:import app.api.routes,app.api.deps",
        "app.api.users.top:import app.models.user",
    ]


def test_a_finding_about_the_whole_file_is_named_by_the_module() -> None:
    source = SourceFile("app/a.py", "import os\n")
    found = [
        Violation("app/a.py", 1, 1, "DOC001", "module 'a' has no docstring"),
        Violation("app/a.py", 1, 1, "ARCH010", "imports os"),
        Violation("app/a.py", 1, 8, "NAME001", "bad"),
    ]
    assert [v.symbol for v in with_symbols(found, source)] == [
        "app.a",
        "app.a:import os",
        "app.a:import os",
    ]


def test_a_symbol_set_by_the_checker_is_kept() -> None:
    source = SourceFile("app/a.py", "x = 1\n")
    given = Violation("app/a.py", 1, 1, "X001", "m", symbol="mine")
    assert with_symbols([given], source)[0].symbol == "mine"


def test_a_file_that_does_not_parse_names_the_module() -> None:
    source = SourceFile("app/a.py", "def (:\n")
    found = [Violation("app/a.py", 1, 1, "X001", "m")]
    assert with_symbols(found, source)[0].symbol == "app.a"


def test_manifest_lines_are_named_by_their_requirement() -> None:
    text = "Django>=4.2\n  requests[socks] ==2.0\n# comment\n"
    source = SourceFile("requirements.txt", text)
    found = [Violation("requirements.txt", n, 1, "DEP001", "m") for n in (1, 2, 3)]
    assert [v.symbol for v in with_symbols(found, source)] == [
        "django",
        "requests",
        "",
    ]
    assert requirement_name('    "fastapi>=0.100",') == "fastapi"


def test_scopes_on_one_line_and_lines_outside_every_scope() -> None:
    text = (
        "class A: x = 1\n"
        "class B:\n"
        "    def f(self): pass\n"
        "    def g(self):\n"
        "        pass\n"
        "\n"
        "y = 2\n"
    )
    source = SourceFile("pkg/m.py", text)
    lines = [1, 2, 3, 4, 5, 6, 7, 99, 0]
    found = [Violation("pkg/m.py", line, 2, "NAME003", "m") for line in lines]
    assert [v.symbol for v in with_symbols(found, source)] == [
        "pkg.m.A",
        "pkg.m.B",
        "pkg.m.B.f",  # a one-line method is named by the method
        "pkg.m.B.g",
        "pkg.m.B.g",
        "pkg.m",  # a blank line after the class: its end_lineno is 5
        "pkg.m",
        "pkg.m",  # past the end
        "pkg.m",
    ]


def test_with_symbol_copies_every_other_field() -> None:
    values = {
        field.name: f"value of {field.name}" for field in dataclasses.fields(Violation)
    }
    violation = Violation(**values)  # type: ignore[arg-type]
    named = violation.with_symbol("app.users.get_user")
    assert named.symbol == "app.users.get_user"
    assert dataclasses.asdict(named) == dataclasses.asdict(
        dataclasses.replace(violation, symbol="app.users.get_user")
    )
    assert violation.symbol == "value of symbol"  # the original is unchanged
