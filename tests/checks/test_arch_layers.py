"""ARCH010, ARCH012, ARCH013: layer contracts on real project trees."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from pytest_backend_guide.checks.architecture import IMPORTS_CHECK, SECTION, run_imports
from pytest_backend_guide.discovery import find_python_files
from pytest_backend_guide.engine import check_project
from pytest_backend_guide.project import ProjectContext
from pytest_backend_guide.settings import Settings

ARCH = frozenset(
    {"ARCH001", "ARCH002", "ARCH003", "ARCH010", "ARCH011", "ARCH012", "ARCH013"}
)
LAYER_RULES = frozenset({"ARCH001", "ARCH010", "ARCH012", "ARCH013"})

APP = {
    "app/__init__.py": "",
    "app/main.py": "from app.api import users\n",
    "app/config.py": "import os\n",
    "app/api/__init__.py": "",
    "app/api/deps.py": "from app.core import db\n",
    "app/api/users.py": "from app.api import deps\nfrom app.services import mail\n",
    "app/core/__init__.py": "",
    "app/core/db.py": "from app.models import user\nfrom app import config\n",
    "app/core/config.py": "import os\n",
    "app/services/__init__.py": "",
    "app/services/mail.py": "from app.models.user import User\nfrom app.utils import text\n",
    "app/models/__init__.py": "",
    "app/models/user.py": "class User:\n    pass\n",
    "app/schemas/__init__.py": "",
    "app/schemas/user.py": "from app.models.user import User\n",
    "app/utils/__init__.py": "",
    "app/utils/text.py": "from app.config import DEBUG\n",
    "tests/__init__.py": "",
    "tests/factories.py": "from app.models.user import User\n",
    "tests/test_users.py": "from app.main import app\nfrom tests import factories\n",
}


def write(root: Path, files: Mapping[str, str]) -> None:
    """Write dedented files below ``root``."""
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def context(
    root: Path, enabled: frozenset[str] = ARCH, **overrides: Any
) -> ProjectContext:
    """Return a project context; options are the defaults plus ``overrides``."""
    config = root / "pyproject.toml"
    options = {
        **SECTION.defaults(),
        **{k.replace("_", "-"): v for k, v in overrides.items()},
    }
    settings = Settings(
        rootdir=root,
        config_path=config if config.is_file() else None,
        src=(root,),
        enabled=enabled,
        options={"architecture": options},
    )
    return ProjectContext(settings, tuple(find_python_files(settings)))


def imports(root: Path, files: Mapping[str, str] = APP, **overrides: Any) -> list[str]:
    """Write ``files``, run the layer rules; return ``path:line:col: CODE msg``.

    ARCH011 is off: upward imports in these trees often close cycles too.
    """
    write(root, files)
    ctx = context(root, LAYER_RULES, **overrides)
    found = sorted(run_imports(ctx))
    return [f"{v.path}:{v.line}:{v.col}: {v.code} {v.message}" for v in found]


def test_a_layered_app_passes(tmp_path: Path) -> None:
    assert imports(tmp_path) == []


def test_upward_import_is_a_layer_violation(tmp_path: Path) -> None:
    files = {
        **APP,
        "app/models/user.py": """\
            from __future__ import annotations

            from app.api.deps import get_db


            class User:
                pass
        """,
    }
    assert imports(tmp_path, files) == [
        "app/models/user.py:3:1: ARCH010 'models' may not import 'api' ('app.api.deps')"
    ]


def test_violation_carries_a_hint_and_the_statement_extent(tmp_path: Path) -> None:
    write(tmp_path, {**APP, "app/models/user.py": "import app.core.db\n"})
    (violation,) = run_imports(context(tmp_path, LAYER_RULES))
    assert (violation.col, violation.end_col) == (1, 19)
    assert violation.fix_hint == (
        "'models' is below 'core': move what both need into a layer below 'models', "
        'or add "models.user -> core.db" to allow in [tool.backend-guide.architecture]'
    )


@pytest.mark.parametrize(
    ("importer", "code"),
    [
        ("app/api/users.py", "from app.core import db\n"),  # down
        ("app/api/users.py", "from app.api import deps\n"),  # same layer
        ("app/models/user.py", "from app.schemas import user\n"),  # no layer
        ("app/schemas/user.py", "from app.api import deps\n"),  # no layer
        ("app/utils/text.py", "from app.config import DEBUG\n"),  # utils > config
        ("app/main.py", "from app.api import users\n"),  # main on top
    ],
)
def test_allowed_directions(tmp_path: Path, importer: str, code: str) -> None:
    assert imports(tmp_path, {**APP, importer: code}) == []


def test_every_import_form_is_checked(tmp_path: Path) -> None:
    code = """\
        import app.api.deps
        from app.api import deps
        from app import api
        from ..api.deps import get_db
        from .. import services


        def late() -> None:
            from app.core import db


        try:
            from app.api import users
        except ImportError:
            users = None
    """
    found = imports(tmp_path, {**APP, "app/models/user.py": code})
    assert [line.split(" ARCH010 ")[0] for line in found] == [
        "app/models/user.py:1:1:",
        "app/models/user.py:2:1:",
        "app/models/user.py:3:1:",
        "app/models/user.py:4:1:",
        "app/models/user.py:5:1:",
        "app/models/user.py:9:5:",
        "app/models/user.py:13:5:",
    ]


def test_type_checking_imports_do_not_count_by_default(tmp_path: Path) -> None:
    code = """\
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from app.api.deps import Session
    """
    files = {**APP, "app/models/user.py": code}
    assert imports(tmp_path, files) == []
    assert imports(tmp_path, files, type_checking_imports=True) == [
        "app/models/user.py:4:5: ARCH010 'models' may not import 'api' ('app.api.deps')"
    ]


def test_re_export_through_init_counts_as_the_package(tmp_path: Path) -> None:
    files = {
        **APP,
        "app/api/__init__.py": "from app.api.deps import get_db\n",
        "app/models/user.py": "from app.api import get_db\n",
    }
    assert imports(tmp_path, files) == [
        "app/models/user.py:1:1: ARCH010 'models' may not import 'api' ('app.api')"
    ]


def test_allow_makes_exceptions_per_edge(tmp_path: Path) -> None:
    files = {
        **APP,
        "app/models/user.py": "from app.core.db import Base\n",
        "app/utils/text.py": "from app.core.orders import settings\n",
        "app/models/item.py": "from app.core.pricing import total\n",
        "app/core/pricing.py": "",
        "app/core/orders.py": "",
    }
    allow = ("models -> core.db", "utils -> core.orders")
    assert imports(tmp_path, files, allow=allow) == [
        (
            "app/models/item.py:1:1: ARCH010 'models' may not import 'core' "
            "('app.core.pricing')"
        )
    ]
    assert imports(tmp_path, files, allow=("app.models.* -> app.core",)) == [
        (
            "app/utils/text.py:1:1: ARCH010 'utils' may not import 'core' "
            "('app.core.orders')"
        )
    ]


def test_forbid_adds_forbidden_imports(tmp_path: Path) -> None:
    files = {**APP, "app/api/users.py": "from app.models.user import User\n"}
    assert imports(tmp_path, files, forbid=("api -> models",)) == [
        (
            "app/api/users.py:1:1: ARCH010 'app.api.users' may not import "
            "'app.models.user' (forbid: 'api -> models')"
        )
    ]
    allowed = imports(
        tmp_path, files, forbid=("api -> models",), allow=("api.users -> models.user",)
    )
    assert allowed == []


def test_forbid_covers_modules_in_no_layer(tmp_path: Path) -> None:
    files = {**APP, "app/models/user.py": "from app.schemas.user import UserOut\n"}
    assert imports(tmp_path, files, forbid=("models -> schemas",)) == [
        (
            "app/models/user.py:1:1: ARCH010 'app.models.user' may not import "
            "'app.schemas.user' (forbid: 'models -> schemas')"
        )
    ]


def test_layers_are_configurable(tmp_path: Path) -> None:
    files = {
        **APP,
        "app/domain/__init__.py": "",
        "app/domain/order.py": "from app.api import deps\n",
        "app/api/users.py": "from app.domain import order\n",
    }
    assert imports(tmp_path, files, layers=("api", "domain")) == [
        "app/domain/order.py:1:1: ARCH010 'domain' may not import 'api' ('app.api.deps')"
    ]
    assert imports(tmp_path, files, layers=("domain", "api")) == [
        (
            "app/api/users.py:1:1: ARCH010 'api' may not import 'domain' "
            "('app.domain.order')"
        )
    ]


def test_dotted_layers_take_the_longest_match(tmp_path: Path) -> None:
    files = {
        **APP,
        "app/core/db.py": "from app.core.config import settings\n",
        "app/core/config.py": "from app.core.db import engine\n",
    }
    layers = ("api", "core.db", "core", "models")
    assert imports(tmp_path, files, layers=layers) == [
        (
            "app/core/config.py:1:1: ARCH010 'core' may not import 'core.db' "
            "('app.core.db')"
        ),
    ]


def test_ignore_imports_removes_edges(tmp_path: Path) -> None:
    files = {**APP, "app/models/user.py": "from app.core.db import Base\n"}
    found = imports(tmp_path, files, ignore_imports=("app.models.user -> app.core.db",))
    assert found == []
    found = imports(tmp_path, files, ignore_imports=("models.user -> core.db",))
    assert found == []


def test_a_stale_ignore_entry_is_reported_at_its_line(tmp_path: Path) -> None:
    config = """\
        [tool.backend-guide]
        select = ["ARCH"]

        [tool.backend-guide.architecture]
        ignore-imports = [
            "models.user -> core.db",
            "models.gone -> core.db",
        ]
    """
    files = {
        **APP,
        "app/models/user.py": "from app.core.db import Base\n",
        "pyproject.toml": config,
    }
    entries = ("models.user -> core.db", "models.gone -> core.db")
    assert imports(tmp_path, files, ignore_imports=entries) == [
        (
            "pyproject.toml:7:5: ARCH010 ignore-imports entry 'models.gone -> core.db' "
            "matches no import"
        )
    ]


def test_transitive_reports_chains_through_modules_in_no_layer(tmp_path: Path) -> None:
    files = {
        **APP,
        "app/models/user.py": "from app.schemas import user\n",
        "app/schemas/user.py": "\nfrom app.schemas import base\n",
        "app/schemas/base.py": "import app.api.deps\n",
    }
    assert imports(tmp_path, files) == []
    assert imports(tmp_path, files, transitive=True) == [
        (
            "app/models/user.py:1:1: ARCH010 'models' may not import 'api' indirectly: "
            "app.models.user (app/models/user.py:1) -> app.schemas.user "
            "(app/schemas/user.py:2) -> app.schemas.base (app/schemas/base.py:1) "
            "-> app.api.deps"
        )
    ]
    allowed = imports(tmp_path, files, transitive=True, allow=("models -> api",))
    assert allowed == []


def test_transitive_chains_skip_layered_hops(tmp_path: Path) -> None:
    files = {
        **APP,
        "app/models/user.py": "from app.utils import text\n",
        "app/utils/text.py": "from app.schemas import user\n",
        "app/schemas/user.py": "from app.services import mail\n",
    }
    found = imports(tmp_path, files, transitive=True)
    assert [line.split(" indirectly")[0] for line in found] == [
        "app/utils/text.py:1:1: ARCH010 'utils' may not import 'services'"
    ]


def test_importing_main_is_an_entry_point_violation(tmp_path: Path) -> None:
    files = {
        **APP,
        "app/core/tasks.py": "from app.main import app\n",
        "app/__main__.py": "from app.main import run\n",
    }
    assert imports(tmp_path, files) == [
        (
            "app/core/tasks.py:1:1: ARCH012 'app.core.tasks' imports the entry point "
            "'app.main'"
        )
    ]


def test_a_root_main_module_is_the_entry_point_too(tmp_path: Path) -> None:
    files = {**APP, "main.py": "from app.api import users\n"}
    files["app/services/mail.py"] = "import main\n"
    assert imports(tmp_path, files) == [
        (
            "app/services/mail.py:1:1: ARCH012 'app.services.mail' imports the entry "
            "point 'main'"
        )
    ]


def test_a_main_package_is_a_blueprint_not_the_entry_point(tmp_path: Path) -> None:
    # microblog: app/main/ is the Flask blueprint that holds the site's pages;
    # the application starts in microblog.py at the root.
    files = {key: text for key, text in APP.items() if key != "app/main.py"}
    files["app/__init__.py"] = (
        "from flask import Flask\n"
        "def create_app():\n"
        "    app = Flask(__name__)\n"
        "    from app.main import bp as main_bp\n"
        "    app.register_blueprint(main_bp)\n"
        "    return app\n"
    )
    files["app/main/__init__.py"] = (
        "from flask import Blueprint\n"
        "bp = Blueprint('main', __name__)\n"
        "from app.main import routes\n"
    )
    files["app/main/routes.py"] = "from app.main import bp\nfrom app.main.forms import F\n"
    files["app/main/forms.py"] = "class F:\n    pass\n"
    assert imports(tmp_path, files) == []


def test_production_code_may_not_import_tests(tmp_path: Path) -> None:
    files = {
        **APP,
        "app/services/seed.py": "from tests.factories import make_user\n",
        "app/tests/__init__.py": "",
        "app/tests/helpers.py": "from app.main import app\nfrom tests import factories\n",
        "app/core/fixtures.py": "from app.tests import helpers\n",
    }
    assert imports(tmp_path, files) == [
        (
            "app/core/fixtures.py:1:1: ARCH013 production module 'app.core.fixtures' "
            "imports test module 'app.tests.helpers'"
        ),
        (
            "app/services/seed.py:1:1: ARCH013 production module 'app.services.seed' "
            "imports test module 'tests.factories'"
        ),
    ]


def test_only_enabled_rules_run(tmp_path: Path) -> None:
    files = {
        **APP,
        "app/models/user.py": "from app.api import deps\nfrom app import main\n",
    }
    write(tmp_path, files)
    found = run_imports(context(tmp_path, enabled=frozenset({"ARCH011"})))
    assert {v.code for v in found} == {"ARCH011"}


def test_without_a_package_only_test_imports_are_checked(tmp_path: Path) -> None:
    files = {
        "lib/a.py": "from tests import helpers\nimport lib.b\n",
        "lib/b.py": "",
        "tests/helpers.py": "import lib.a\n",
    }
    assert imports(tmp_path, files) == [
        (
            "lib/a.py:1:1: ARCH013 production module 'lib.a' imports test module "
            "'tests.helpers'"
        )
    ]
    write(tmp_path, files)
    quiet = context(tmp_path, enabled=ARCH - {"ARCH001"})
    assert [v.message for v in run_imports(quiet) if v.code == "ARCH010"] == [
        (
            "import layers not checked: no backend package found: no folder in the "
            "rootdir, src/ or one level down holds 2 or more of the layer packages "
            "api, core, models, services, utils"
        )
    ]


def test_guide_ignore_comment_and_per_file_ignores(tmp_path: Path) -> None:
    files = {
        **APP,
        "app/models/user.py": (
            "from app.api import deps  # guide: ignore[ARCH010] -- legacy\n"
            "from app.core import db\n"
        ),
        "app/models/item.py": "from app.api import deps\n",
    }
    write(tmp_path, files)
    settings = context(tmp_path).settings
    settings = Settings(
        rootdir=settings.rootdir,
        config_path=None,
        src=settings.src,
        enabled=LAYER_RULES,
        per_file_ignores=(("app/models/item.py", frozenset({"ARCH010"})),),
        options=settings.options,
    )
    ctx = ProjectContext(settings, tuple(find_python_files(settings)))
    result = check_project(IMPORTS_CHECK, ctx)
    assert [(v.path, v.line, v.code) for v in result.violations] == [
        ("app/models/user.py", 2, "ARCH010")
    ]
    assert result.line_text("app/models/user.py", 2) == "from app.core import db"


# Shaped like full-stack-fastapi-template and Netflix dispatch: utils and
# services read the settings, the logger and the password hashing in core/.
CROSS_CUTTING = {
    **APP,
    "app/core/settings/__init__.py": "",
    "app/core/settings/base.py": "import os\n",
    "app/core/logging.py": "import logging\n",
    "app/core/security.py": "import hashlib\n",
    "app/core/orders.py": "",
    "app/utils/emails.py": (
        "from app.core.config import settings\n"
        "from app.core.settings.base import SECRET\n"
        "from app.core.logging import logger\n"
    ),
    "app/models/user.py": "from app.core.security import get_password_hash\n",
    "app/services/billing.py": "from app.core.orders import total\n",
}


def test_settings_loggers_and_security_are_importable_from_every_layer(
    tmp_path: Path,
) -> None:
    assert imports(tmp_path, CROSS_CUTTING) == [
        "app/services/billing.py:1:1: ARCH010 'services' may not import 'core'"
        " ('app.core.orders')"
    ]
    # An empty list makes them ordinary modules of their layer again.
    strict = imports(tmp_path, CROSS_CUTTING, cross_cutting=())
    assert len(strict) == 5


def test_command_line_modules_may_import_main(tmp_path: Path) -> None:
    files = {
        **APP,
        "app/cli.py": "from app.main import app\n",
        "app/commands/cli.py": "from app.main import app\n",
        "app/worker.py": "from app.main import app\n",
        "app/api/admin.py": "from app.main import app\n",
    }
    assert imports(tmp_path, files) == [
        "app/api/admin.py:1:1: ARCH012 'app.api.admin' imports the entry point"
        " 'app.main'",
        "app/worker.py:1:1: ARCH012 'app.worker' imports the entry point 'app.main'",
    ]


def test_console_scripts_are_entry_points(tmp_path: Path) -> None:
    files = {
        **APP,
        "pyproject.toml": '[project.scripts]\napp-worker = "app.worker:run"\n',
        "app/worker.py": "from app.main import app\n",
    }
    assert imports(tmp_path, files) == []
