"""The static import graph: every import form, module names, the fast reader."""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from pytest_backend_guide.checks.architecture import SECTION
from pytest_backend_guide.checks.architecture.analysis import analyse
from pytest_backend_guide.helpers import project_imports
from pytest_backend_guide.helpers.import_graph import (
    Module,
    index_modules,
    module_name,
)
from pytest_backend_guide.helpers.import_scan import (
    ImportStatement,
    scan_text,
    scan_tree,
)
from pytest_backend_guide.discovery import find_python_files
from pytest_backend_guide.project import ProjectContext
from pytest_backend_guide.settings import Settings

ARCH = frozenset(
    {"ARCH001", "ARCH002", "ARCH003", "ARCH010", "ARCH011", "ARCH012", "ARCH013"}
)

BASE = {
    "app/__init__.py": "",
    "app/api/__init__.py": "",
    "app/api/deps.py": "",
    "app/core/__init__.py": "",
    "app/core/db.py": "",
    "app/core/security/__init__.py": "",
    "app/core/security/jwt.py": "",
    "app/models/__init__.py": "from .user import User\n",
    "app/models/user.py": "class User:\n    pass\n",
    "app/utils/__init__.py": "",
}


def write(root: Path, files: Mapping[str, str]) -> None:
    """Write dedented files below ``root``."""
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def context(root: Path, **overrides: Any) -> ProjectContext:
    """Return a project context with every ARCH rule on."""
    settings = Settings(
        rootdir=root,
        config_path=None,
        src=(root,),
        enabled=ARCH,
        options={"architecture": {**SECTION.defaults(), **overrides}},
    )
    return ProjectContext(settings, tuple(find_python_files(settings)))


def edges_of(root: Path, module: str, code: str, **overrides: Any) -> list[tuple]:
    """Write ``code`` as ``module`` into the base tree; return its edges."""
    relpath = module.replace(".", "/") + ".py"
    write(root, {**BASE, relpath: code})
    graph = analyse(context(root, **overrides)).graph
    return [
        (edge.imported, edge.line, edge.type_checking)
        for edge in graph.imports_of(module)
    ]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("import app.core.db\n", [("app.core.db", 1, False)]),
        ("import app.core.db as db\n", [("app.core.db", 1, False)]),
        ("import app.core.nothing\n", [("app.core", 1, False)]),
        ("from app.core import db\n", [("app.core.db", 1, False)]),
        ("from app.core.db import Session\n", [("app.core.db", 1, False)]),
        ("from app.models import User\n", [("app.models", 1, False)]),
        (
            "from app.core import db, security\n",
            [("app.core.db", 1, False), ("app.core.security", 1, False)],
        ),
        (
            "from app.core import db, helper\n",
            [("app.core.db", 1, False), ("app.core", 1, False)],
        ),
        ("from app.core.db import *\n", [("app.core.db", 1, False)]),
        ("from . import deps\n", [("app.api.deps", 1, False)]),
        ("from .deps import get_db\n", [("app.api.deps", 1, False)]),
        ("from ..core import db\n", [("app.core.db", 1, False)]),
        (
            "from ..core.security.jwt import decode\n",
            [("app.core.security.jwt", 1, False)],
        ),
        ("from .. import models\n", [("app.models", 1, False)]),
        ("from ... import x\n", []),
        ("import os\nimport fastapi\nfrom sqlalchemy import orm\n", []),
        ("def f():\n    from app.core import db\n", [("app.core.db", 2, False)]),
        (
            "try:\n    import ujson\nexcept ImportError:\n    from app.utils import json\n",
            [("app.utils", 4, False)],
        ),
        (
            (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                "    from app.core import db\nelse:\n    from app import utils\n"
            ),
            [("app.core.db", 3, True), ("app.utils", 5, False)],
        ),
        (
            (
                "import typing\nif typing.TYPE_CHECKING:\n    import app.core.db\n"
                "import app.utils\n"
            ),
            [("app.core.db", 3, True), ("app.utils", 4, False)],
        ),
        (
            "from app.core import (\n    db,  # the session\n    security,\n)\n",
            [("app.core.db", 1, False), ("app.core.security", 1, False)],
        ),
        ("from app.core \\\n    import db\n", [("app.core.db", 1, False)]),
        (
            (
                '"""Docs.\n\nfrom app.core import db\nimport app.utils\n"""\n'
                "import app.models\n"
            ),
            [("app.models", 6, False)],
        ),
        ("if True: import app.core.db\n", [("app.core.db", 1, False)]),
        (
            "import app.core.db; import app.utils\n",
            [("app.core.db", 1, False), ("app.utils", 1, False)],
        ),
        ("import app.api.other\n", [("app.api", 1, False)]),
    ],
)
def test_import_forms(tmp_path: Path, code: str, expected: list[tuple]) -> None:
    assert edges_of(tmp_path, "app.api.users", code) == expected


def test_init_re_exports(tmp_path: Path) -> None:
    write(tmp_path, BASE)
    graph = analyse(context(tmp_path)).graph
    assert [edge.imported for edge in graph.imports_of("app.models")] == [
        "app.models.user"
    ]


def test_a_module_importing_itself_is_no_edge(tmp_path: Path) -> None:
    assert edges_of(tmp_path, "app.core.db", "import app.core.db\n") == []


def test_module_names_follow_the_package_root(tmp_path: Path) -> None:
    files = {f"src/{relpath}": text for relpath, text in BASE.items()}
    files["tests/test_db.py"] = "from app.core import db\n"
    files["scripts/seed.py"] = "import app.models\n"
    write(tmp_path, files)
    graph = analyse(context(tmp_path)).graph
    assert graph.module_for_path("src/app/core/db.py") == "app.core.db"
    assert graph.module_for_path("src/app/__init__.py") == "app"
    assert graph.module_for_path("tests/test_db.py") == "tests.test_db"
    assert graph.importers_of("app.core.db") == {"tests.test_db"}
    assert graph.importers_of("app", submodules=True) == {
        "tests.test_db",
        "scripts.seed",
        "app.models",
    }


def test_backend_folder_without_init_is_an_import_root(tmp_path: Path) -> None:
    files = {f"backend/{relpath}": text for relpath, text in BASE.items()}
    files["backend/app/api/users.py"] = "from app.core import db\n"
    write(tmp_path, files)
    graph = analyse(context(tmp_path)).graph
    assert graph.module_for_path("backend/app/api/users.py") == "app.api.users"
    assert [edge.imported for edge in graph.imports_of("app.api.users")] == [
        "app.core.db"
    ]


def test_namespace_packages_are_modules() -> None:
    modules = index_modules(["app/api/users.py", "app/core/db.py"], [""])
    assert modules["app"] == Module("app", "app", is_package=True)
    assert modules["app.api"] == Module("app.api", "app/api", is_package=True)
    assert modules["app.api.users"].is_package is False


def test_module_name_uses_the_deepest_root() -> None:
    assert module_name("src/app/core/db.py", ["", "src"]) == "app.core.db"
    assert module_name("src/app/__init__.py", ["", "src"]) == "app"
    assert module_name("tests/test_x.py", ["", "src"]) == "tests.test_x"
    assert module_name("other/x.py", ["src"]) is None


@pytest.mark.parametrize(
    ("path", "is_test"),
    [
        ("tests/test_users.py", True),
        ("tests/factories.py", True),
        ("app/tests/helpers.py", True),
        ("app/api/test_users.py", True),
        ("app/api/users_test.py", True),
        ("conftest.py", True),
        ("app/shop/tests.py", True),
        ("test/helpers.py", True),
        ("django/test/client.py", False),
        ("app/core/testing.py", False),
        ("app/api/users.py", False),
    ],
)
def test_test_modules(path: str, is_test: bool) -> None:
    assert Module("m", path, is_package=False).is_test is is_test


def test_unparsable_files_are_skipped(tmp_path: Path) -> None:
    write(
        tmp_path, {**BASE, "app/api/broken.py": "if True: import app.core.db\ndef (:\n"}
    )
    graph = analyse(context(tmp_path)).graph
    assert graph.unreadable == ["app/api/broken.py"]
    assert "app.api.broken" in graph.modules


def test_the_graph_is_built_once_per_context(tmp_path: Path) -> None:
    write(tmp_path, BASE)
    ctx = context(tmp_path)
    assert project_imports(ctx) is project_imports(ctx)
    assert analyse(ctx).graph is project_imports(ctx).graph
    assert project_imports(context(tmp_path)) is not project_imports(ctx)


TRICKY_SOURCES = [
    "import a\n",
    "import a.b as c, d\n",
    "from . import x\nfrom .. import y as z\nfrom .a.b import (c,\n    d)\n",
    "from.a import b\nfrom .import c\n",
    "from a import (b,  # comment (with parens)\n    c,\n)\n",
    "from a \\\n  import b\n",
    "'''\nimport not_this\n'''\nimport this\n",
    '"""He said "hi\\""""\nimport a\n',
    'x = """\\"""\nimport still_string\n"""\nimport a\n',
    's = \'"""\'\nimport a\n',
    "# a comment with '''\nimport a\n",
    "def f():\n    '''Doc.'''\n    import a\n\n    class C:\n        from b import c\n",
    (
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import a\n\n"
        "    # comment\n    import b\nimport c\n"
    ),
    "if TYPE_CHECKING:\n    import a\nelse:\n    import b\n",
    "if not TYPE_CHECKING:\n    import a\nelse:\n    import b\n",
    "if TYPE_CHECKING and x:\n    import a\n",
    "class C:\n    if TYPE_CHECKING:\n        import a\n    import b\n",
    "if TYPE_CHECKING:\n    x = '''\nimport not_an_import\n'''\n    import a\nimport b\n",
    "x = 1; import a\n",
    "try: import a\nexcept ImportError: import b\n",
    "raise ValueError(\n    'x'\n) from err\nimport a\n",
    "reimport = 1\nmy_import = 2\nimport_this = 3\n",
    "x = f(\n    a,\n)\nimport   a  .  b\n",
    "if x:\n\timport a\n",
    "import a\r\nif TYPE_CHECKING:\r\n    import b\r\n\r\nimport c\r\n",
    "match x:\n    case 1:\n        import a\n",
    "with x:\n    import a\nfor y in z:\n    import b\nwhile 1:\n    import c\n",
    "async def f():\n    import a\n",
    "from __future__ import annotations\nimport café\n",
    "x = 'é'; import a\n",
    "from a import *\n",
]


@pytest.mark.parametrize("source", TRICKY_SOURCES)
def test_fast_reader_agrees_with_the_ast(source: str) -> None:
    expected = scan_tree(ast.parse(source), source.splitlines())
    found = scan_text(source)
    assert found is None or found == expected


def test_fast_reader_reads_common_files_itself() -> None:
    source = textwrap.dedent(
        '''\
        """Users API.

        Example:
            from app.api import users
        """
        from __future__ import annotations

        from typing import TYPE_CHECKING

        from app.core import db
        from .deps import (
            get_user,
            get_db,
        )

        if TYPE_CHECKING:
            from app.models import User


        def handler() -> None:
            """Handle."""
            import json
        '''
    )
    found = scan_text(source)
    assert found == scan_tree(ast.parse(source), source.splitlines())
    assert found == [
        ImportStatement(6, 1, 35, "__future__", 0, ("annotations",)),
        ImportStatement(8, 1, 33, "typing", 0, ("TYPE_CHECKING",)),
        ImportStatement(10, 1, 24, "app.core", 0, ("db",)),
        ImportStatement(11, 1, None, "deps", 1, ("get_user", "get_db")),
        ImportStatement(17, 5, 32, "app.models", 0, ("User",), type_checking=True),
        ImportStatement(22, 5, 16, "json", 0, ()),
    ]
