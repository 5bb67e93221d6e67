"""Layout presets: the guide's tree, Django apps, per-domain packages.

The trees are shaped like Django-Styleguide-Example (apps with services.py
and selectors.py), Netflix dispatch (domain packages with models.py,
service.py, flows.py and views.py) and a hexagonal FastAPI boilerplate
(domain/, application/, adapters/).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from pytest_backend_guide import ProjectContext
from pytest_backend_guide.checks.architecture.config import SECTION
from pytest_backend_guide.checks.architecture.imports import run_imports
from pytest_backend_guide.checks.architecture.layout import run_layout
from pytest_backend_guide.checks.testing import SECTION as COVERAGE
from pytest_backend_guide.checks.testing import run_tests
from pytest_backend_guide.discovery import find_python_files
from pytest_backend_guide.helpers import detect_layout, layout_preset
from pytest_backend_guide.settings import Settings

CODES = frozenset({"ARCH001", "ARCH002", "ARCH003", "ARCH010", "TEST003"})

DJANGO = {
    "manage.py": "import os\n",
    "requirements.txt": "django==5.0\n",
    "config/__init__.py": "",
    "config/django/base.py": "INSTALLED_APPS = []\n",
    "shop/__init__.py": "",
    "shop/users/__init__.py": "",
    "shop/users/models.py": "class User:\n    pass\n",
    "shop/users/selectors.py": (
        "from shop.users.models import User\n\n\n"
        "def user_list():\n    return [User()]\n"
    ),
    "shop/users/services.py": (
        "from shop.users.selectors import user_list\n\n\n"
        "def user_create():\n    return user_list()\n"
    ),
    "shop/users/apis.py": "from shop.users.services import user_create\n",
    "shop/users/apps.py": "from django.apps import AppConfig\n\n\nclass UsersConfig(AppConfig):\n    name = 'shop.users'\n",
    "shop/orders/__init__.py": "",
    "shop/orders/models.py": "from shop.users.services import user_create\n",
    "shop/orders/services.py": "def order_create():\n    return 1\n",
    "shop/users/tests/__init__.py": "",
    "shop/users/tests/test_services.py": "from shop.users.services import user_create\n",
}

PER_DOMAIN = {
    "pyproject.toml": '[project]\nname = "dispatch"\ndependencies = ["fastapi"]\n',
    "tests/__init__.py": "",
    "tests/test_incident.py": "from dispatch.incident import service\n",
    "src/dispatch/__init__.py": "",
    **{
        f"src/dispatch/{domain}/{module}.py": "def run():\n    return 1\n"
        for domain in ("incident", "case", "task")
        for module in ("__init__", "models", "service", "flows", "views")
    },
    "src/dispatch/case/service.py": "from dispatch.incident.flows import run\n",
    "src/dispatch/task/models.py": "from dispatch.task.views import run\n",
    "src/dispatch/feedback/service/__init__.py": "",
    "src/dispatch/feedback/service/enums.py": "A = 1\n",
    "src/dispatch/feedback/service/models.py": "from dispatch.feedback.service.enums import A\n",
    "src/dispatch/service/__init__.py": "",
    "src/dispatch/service/views.py": "def read():\n    return 1\n",
}

HEXAGONAL = {
    "requirements.txt": "fastapi==0.115.0\n",
    "tests/test_orders.py": "from app.application import orders\n",
    "app/__init__.py": "",
    "app/domain/__init__.py": "",
    "app/domain/order.py": "from app.adapters.db import session\n",
    "app/application/__init__.py": "",
    "app/application/orders.py": "from app.domain.order import run\n",
    "app/adapters/__init__.py": "",
    "app/adapters/db.py": "from app.application.orders import run\n",
}


def write(root: Path, files: Mapping[str, str]) -> None:
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def context(root: Path, **options: Any) -> ProjectContext:
    settings = Settings(
        rootdir=root,
        config_path=None,
        src=(root,),
        enabled=CODES,
        options={
            "architecture": {**SECTION.defaults(), **options},
            "coverage": COVERAGE.defaults(),
        },
    )
    return ProjectContext(settings, tuple(find_python_files(settings)))


def findings(root: Path, files: Mapping[str, str], **options: Any) -> list[str]:
    write(root, files)
    ctx = context(root, **options)
    found = sorted([*run_layout(ctx), *run_imports(ctx), *run_tests(ctx)])
    return [f"{v.path}:{v.line}: {v.code} {v.message}" for v in found]


@pytest.mark.parametrize(
    ("files", "layout"),
    [(DJANGO, "django"), (PER_DOMAIN, "per-domain"), (HEXAGONAL, "per-domain")],
    ids=["django", "dispatch", "hexagonal"],
)
def test_layout_is_detected(tmp_path: Path, files: Mapping[str, str], layout: str) -> None:
    write(tmp_path, files)
    assert detect_layout(tmp_path)[0] == layout


def test_the_guide_tree_is_detected_as_guide(tmp_path: Path) -> None:
    write(tmp_path, {"app/api/__init__.py": "", "app/core/__init__.py": ""})
    assert detect_layout(tmp_path) == ("guide", "no manage.py and no domain packages")


def test_django_layers_apply_inside_every_app(tmp_path: Path) -> None:
    # No api/, core/, main.py to require; models may not import services,
    # in any app; the orders services are not tested.
    assert findings(tmp_path, DJANGO) == [
        "shop/orders/models.py:1: ARCH010 'models' may not import 'services'"
        " ('shop.users.services')",
        "shop/orders/services.py:1: TEST003 module 'shop.orders.services' is"
        " imported by no test module",
        "shop/users/selectors.py:1: TEST003 module 'shop.users.selectors' is"
        " imported by no test module",
    ]


def test_per_domain_layers_apply_inside_every_domain(tmp_path: Path) -> None:
    found = findings(tmp_path, PER_DOMAIN)
    assert [line for line in found if "ARCH" in line] == [
        "src/dispatch/case/service.py:1: ARCH010 'service' may not import 'flows'"
        " ('dispatch.incident.flows')",
        "src/dispatch/task/models.py:1: ARCH010 'models' may not import 'views'"
        " ('dispatch.task.views')",
    ]
    untested = [line.split(":")[0] for line in found if "TEST003" in line]
    assert "src/dispatch/incident/service.py" not in untested
    assert "src/dispatch/task/service.py" in untested
    # A domain package named 'service' is not a service module.
    assert "src/dispatch/service/views.py" not in untested


def test_hexagonal_layers(tmp_path: Path) -> None:
    found = findings(tmp_path, HEXAGONAL)
    assert [line for line in found if "ARCH010" in line] == [
        "app/domain/order.py:1: ARCH010 'domain' may not import 'adapters'"
        " ('app.adapters.db')",
    ]


def test_configured_layout_wins_over_detection(tmp_path: Path) -> None:
    write(tmp_path, DJANGO)
    ctx = context(tmp_path, layout="guide")
    preset = layout_preset(ctx)
    assert (preset.name, preset.how) == ("guide", 'layout = "guide"')
    assert any("ARCH001" in str(v) for v in run_layout(ctx))


def test_configured_layers_and_required_win_over_the_preset(tmp_path: Path) -> None:
    found = findings(tmp_path, DJANGO, layers=("models", "services"), required=())
    assert [line for line in found if "ARCH" in line] == []
