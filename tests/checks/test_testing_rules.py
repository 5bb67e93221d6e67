"""TEST003 untested-module and TEST004 no-tests, on real project trees."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from pytest_backend_guide.checks.testing import RULES, SECTION, TESTS_CHECK
from pytest_backend_guide.checks.testing.suite import (
    PytestLayout,
    find_suite,
    read_layout,
)
from pytest_backend_guide.checks.testing.untested import business_part
from pytest_backend_guide.discovery import find_python_files
from pytest_backend_guide.engine import check_project
from pytest_backend_guide.project import ProjectContext
from pytest_backend_guide.settings import Settings

STATIC = frozenset({"TEST003", "TEST004"})
CODE = "def work() -> int:\n    return 1\n"

APP = {
    "app/__init__.py": "",
    "app/core/__init__.py": "from app.core.orders import place\n",
    "app/core/orders.py": "def place() -> None:\n    pass\n",
    "app/core/pricing.py": CODE,
    "app/core/constants.py": "RATE = 3\n",
    "app/services/__init__.py": "",
    "app/services/mail.py": "from app.core import pricing\n\n\n" + CODE,
    "app/api/users.py": CODE,
    "tests/test_orders.py": "from app.core import place\n",
}


def write(root: Path, files: Mapping[str, str]) -> None:
    """Write dedented files below ``root``."""
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def check(
    root: Path,
    files: Mapping[str, str],
    *,
    enabled: frozenset[str] = STATIC,
    src: tuple[str, ...] = (),
    **options: Any,
) -> list[str]:
    """Write ``files``, run the tests check; return ``path:line: CODE message``."""
    write(root, files)
    section = {**SECTION.defaults(), **options}
    settings = Settings(
        rootdir=root,
        config_path=None,
        src=tuple(root / s for s in src) or (root,),
        enabled=enabled,
        options={"coverage": section},
    )
    ctx = ProjectContext(settings, tuple(find_python_files(settings)))
    result = check_project(TESTS_CHECK, ctx)
    return [f"{v.path}:{v.line}: {v.code} {v.message}" for v in result.violations]


def test_rules_are_declared_with_their_names_and_defaults() -> None:
    declared = {rule.code: (rule.name, rule.default_enabled) for rule in RULES}
    assert declared == {
        "TEST001": ("coverage-below-threshold", True),
        "TEST002": ("package-coverage-below-threshold", False),
        "TEST003": ("untested-module", True),
        "TEST004": ("no-tests", True),
    }


# TEST004 no-tests ----------------------------------------------------------


def test_project_without_tests_is_reported_once(tmp_path: Path) -> None:
    # No pyproject.toml in this tree: the finding points at the rootdir, ".".
    files = {name: text for name, text in APP.items() if not name.startswith("tests/")}
    assert check(tmp_path, files) == [
        (
            ".:1: TEST004 no test files: nothing matches test_*.py or"
            " *_test.py under tests/ or the source roots"
        )
    ]


def test_tests_inside_the_package_count(tmp_path: Path) -> None:
    files = {
        "app/core/orders.py": CODE,
        "app/tests/orders_test.py": "from app.core import orders\n",
    }
    assert check(tmp_path, files) == []


def test_tests_outside_the_source_roots_count(tmp_path: Path) -> None:
    files = {
        "app/core/orders.py": CODE,
        "tests/test_orders.py": "from app.core import orders\n",
    }
    assert check(tmp_path, files, src=("app",)) == []


def test_configured_testpaths_and_python_files(tmp_path: Path) -> None:
    files = {
        "pytest.ini": "[pytest]\ntestpaths = spec\npython_files = check_*.py\n",
        "app/core/orders.py": CODE,
        "tests/test_orders.py": "from app.core import orders\n",
    }
    assert check(tmp_path, files) == [
        (
            ".:1: TEST004 no test files: nothing matches check_*.py under"
            " testpaths spec/"
        )
    ]
    write(tmp_path, {"spec/check_orders.py": "from app.core import orders\n"})
    assert check(tmp_path, {}) == []


def test_no_tests_and_only_test003_reports_the_modules(tmp_path: Path) -> None:
    files = {"app/core/orders.py": CODE}
    found = check(tmp_path, files, enabled=frozenset({"TEST003"}))
    assert found == [
        (
            "app/core/orders.py:1: TEST003 module 'app.core.orders' is imported by no"
            " test module"
        )
    ]


@pytest.mark.parametrize(
    ("name", "text", "testpaths", "python_files"),
    [
        ("pytest.ini", "[pytest]\ntestpaths = a b\n", ("a", "b"), None),
        ("pytest.ini", "# empty, still pytest's file\n", (), None),
        (
            "pyproject.toml",
            '[tool.pytest.ini_options]\ntestpaths = ["t"]\npython_files = ["t_*.py"]\n',
            ("t",),
            ("t_*.py",),
        ),
        ("pyproject.toml", '[tool.pytest]\ntestpaths = ["t"]\n', ("t",), None),
        ("tox.ini", "[pytest]\ntestpaths = t\n", ("t",), None),
        ("setup.cfg", "[tool:pytest]\ntestpaths =\n    t\n    u\n", ("t", "u"), None),
        ("setup.cfg", "[metadata]\nname = x\n", (), None),
    ],
)
def test_pytest_layout_is_read_from_pytest_s_files(
    tmp_path: Path,
    name: str,
    text: str,
    testpaths: tuple[str, ...],
    python_files: tuple[str, ...] | None,
) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    layout = read_layout(tmp_path)
    assert layout.testpaths == testpaths
    assert layout.python_files == (python_files or PytestLayout().python_files)


# TEST003 untested-module ----------------------------------------------------


def test_modules_no_test_imports_are_reported(tmp_path: Path) -> None:
    assert check(tmp_path, APP) == [
        (
            "app/core/pricing.py:1: TEST003 module 'app.core.pricing' is imported by"
            " no test module"
        ),
        (
            "app/services/mail.py:1: TEST003 module 'app.services.mail' is imported by"
            " no test module"
        ),
    ]


def test_fix_hint_suggests_a_test_module(tmp_path: Path) -> None:
    write(tmp_path, APP)
    settings = Settings(
        rootdir=tmp_path,
        config_path=None,
        src=(tmp_path,),
        enabled=STATIC,
        options={"coverage": SECTION.defaults()},
    )
    ctx = ProjectContext(settings, tuple(find_python_files(settings)))
    hints = [v.fix_hint for v in check_project(TESTS_CHECK, ctx).violations]
    assert hints == [
        "add a test that imports it, such as tests/core/test_pricing.py",
        "add a test that imports it, such as tests/services/test_mail.py",
    ]


def test_reexports_through_nested_packages_count(tmp_path: Path) -> None:
    files = {
        "app/__init__.py": "from app.core import place\n",
        "app/core/__init__.py": "from .orders import place\n",
        "app/core/orders.py": CODE,
        "tests/test_app.py": "import app\n",
    }
    assert check(tmp_path, files) == []


def test_import_through_a_plain_module_does_not_count(tmp_path: Path) -> None:
    files = {
        "app/api/users.py": "from app.core import orders\n",
        "app/core/orders.py": CODE,
        "tests/test_users.py": "from app.api import users\n",
    }
    assert check(tmp_path, files) == [
        (
            "app/core/orders.py:1: TEST003 module 'app.core.orders' is imported by no"
            " test module"
        )
    ]


def test_type_checking_imports_do_not_count(tmp_path: Path) -> None:
    files = {
        "app/core/orders.py": CODE,
        "tests/test_orders.py": """\
            from typing import TYPE_CHECKING

            if TYPE_CHECKING:
                from app.core import orders
        """,
    }
    assert len(check(tmp_path, files)) == 1


def test_conftest_and_test_helpers_count(tmp_path: Path) -> None:
    files = {
        "app/core/orders.py": CODE,
        "app/core/pricing.py": CODE,
        "tests/conftest.py": "from app.core import orders\n",
        "tests/factories.py": "from app.core.pricing import work\n",
        "tests/test_x.py": "def test_x():\n    pass\n",
    }
    assert check(tmp_path, files) == []


def test_business_packages_are_configurable(tmp_path: Path) -> None:
    files = {
        "app/domain/orders.py": CODE,
        "app/core/pricing.py": CODE,
        "tests/test_x.py": "def test_x():\n    pass\n",
    }
    found = check(tmp_path, files, **{"business-packages": ("app/domain",)})
    assert found == [
        (
            "app/domain/orders.py:1: TEST003 module 'app.domain.orders' is imported by"
            " no test module"
        )
    ]
    assert check(tmp_path, {}, **{"business-packages": ()}) == []


def test_suppression_on_the_first_line(tmp_path: Path) -> None:
    files = {
        "app/core/orders.py": "# guide: ignore[TEST003] -- tested end to end\n" + CODE,
        "tests/test_x.py": "def test_x():\n    pass\n",
    }
    assert check(tmp_path, files) == []


def test_src_layout(tmp_path: Path) -> None:
    files = {
        "src/app/__init__.py": "",
        "src/app/core/__init__.py": "",
        "src/app/core/orders.py": CODE,
        "src/app/core/pricing.py": CODE,
        "tests/test_orders.py": "from app.core.orders import work\n",
    }
    assert check(tmp_path, files, src=("src",)) == [
        (
            "src/app/core/pricing.py:1: TEST003 module 'app.core.pricing' is imported by"
            " no test module"
        )
    ]


@pytest.mark.parametrize(
    ("path", "part"),
    [
        ("app/core/orders.py", "app/core"),
        ("core/orders.py", "core"),
        ("app/core/sub/orders.py", "app/core"),
        ("app/api/orders.py", None),
        ("app/api/core_utils.py", None),
        # A module counts as its name's folder would (Django: users/services.py).
        ("app/core.py", "app/core"),
        ("shop/users/services.py", "shop/users/services"),
    ],
)
def test_business_part(path: str, part: str | None) -> None:
    assert business_part(path, ("core", "services")) == part


def test_business_part_written_with_py_matches_modules_only() -> None:
    # Netflix dispatch has a domain package called 'service' (on-call services).
    entries = ("service.py", "flows.py")
    assert business_part("dispatch/service/views.py", entries) is None
    assert business_part("dispatch/service/flows.py", entries) == "dispatch/service/flows"
    assert business_part("dispatch/case/service.py", entries) == "dispatch/case/service"


def test_suite_lists_tests_and_support(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "app/core/orders.py": CODE,
            "app/conftest.py": "",
            "tests/test_orders.py": "",
            "tests/helpers.py": "",
        },
    )
    settings = Settings(rootdir=tmp_path, config_path=None, src=(tmp_path,))
    suite = find_suite(ProjectContext(settings, tuple(find_python_files(settings))))
    assert suite.tests == ("tests/test_orders.py",)
    assert suite.support == ("app/conftest.py", "tests/helpers.py")
    assert suite.home == "tests"


# Shaped like full-stack-fastapi-template's core/ and a Django app's services:
# settings, enums, interfaces, AppConfig and plain models have nothing to test.
NOTHING_TO_TEST = {
    "app/core/config.py": """\
        from pydantic_settings import BaseSettings


        class Settings(BaseSettings):
            PROJECT_NAME: str = "app"

            @property
            def all_cors_origins(self) -> list[str]:
                return [self.PROJECT_NAME]


        settings = Settings()
    """,
    "app/core/enums.py": """\
        import enum


        class Status(enum.StrEnum):
            DRAFT = "draft"
    """,
    "app/core/ports.py": """\
        from abc import ABC, abstractmethod


        class Repository(ABC):
            @abstractmethod
            def get(self, key: str) -> str:
                ...

            def put(self, key: str) -> None:
                raise NotImplementedError
    """,
    "app/core/apps.py": """\
        from django.apps import AppConfig


        class CoreConfig(AppConfig):
            name = "app.core"

            def ready(self) -> None:
                from app.core import signals
    """,
    "app/core/schemas.py": """\
        from dataclasses import dataclass


        @dataclass
        class Page:
            size: int
            number: int
    """,
    "app/core/migrations/0001_initial.py": "def forwards(apps, schema_editor):\n    pass\n",
    "app/core/orders.py": "def total(items):\n    return sum(items)\n",
    "tests/test_nothing.py": "def test_nothing():\n    assert True\n",
}


def test_test003_skips_modules_with_nothing_to_unit_test(tmp_path: Path) -> None:
    found = check(tmp_path, NOTHING_TO_TEST, enabled=frozenset({"TEST003"}))
    assert [line.split(":")[0] for line in found] == ["app/core/orders.py"]
