"""API001 unversioned-route: router prefixes followed across modules."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pytest_backend_guide.checks.api import SECTION, VERSIONING_CHECK
from pytest_backend_guide.checks.api.versioning import join, module_names
from pytest_backend_guide.discovery import find_python_files
from pytest_backend_guide.engine import check_project
from pytest_backend_guide.project import ProjectContext
from pytest_backend_guide.settings import Settings

FASTAPI_APP = {
    "app/__init__.py": "",
    "app/main.py": """
        from fastapi import FastAPI

        from app.api.main import api_router
        from app.core.config import settings

        app = FastAPI(title="shop")
        app.include_router(api_router, prefix="/api/v1")


        @app.get("/health")
        def health() -> dict:
            return {"ok": True}


        @app.get("/version")
        def version() -> dict:
            return {"version": "1"}
    """,
    "app/api/__init__.py": "",
    "app/api/main.py": """
        from fastapi import APIRouter

        from app.api.routes import items, users

        api_router = APIRouter()
        api_router.include_router(users.router, prefix="/users", tags=["users"])
        api_router.include_router(items.router)
    """,
    "app/api/routes/__init__.py": "",
    "app/api/routes/users.py": """
        from fastapi import APIRouter

        router = APIRouter()


        @router.get("/")
        def read_users() -> list:
            return []


        @router.get("/{user_id}")
        def read_user(user_id: int) -> dict:
            return {}
    """,
    "app/api/routes/items.py": """
        from fastapi import APIRouter

        router = APIRouter(prefix="/items")


        @router.get("/")
        def read_items() -> list:
            return []
    """,
}


def write(root: Path, files: Mapping[str, str]) -> None:
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def check(root: Path, files: Mapping[str, str], **options: Any) -> list[str]:
    """Write ``files``, run the API check; return ``path:line:col message``."""
    write(root, files)
    table = {key.replace("_", "-"): value for key, value in options.items()}
    settings = Settings(
        rootdir=root,
        config_path=None,
        src=(root,),
        enabled=frozenset({"API001"}),
        options={"api": {**SECTION.defaults(), **table}},
    )
    ctx = ProjectContext(settings, tuple(find_python_files(settings)))
    result = check_project(VERSIONING_CHECK, ctx)
    return [f"{v.path}:{v.line}:{v.col} {v.message}" for v in result.violations]


def test_prefixes_are_followed_through_imports_across_modules(tmp_path: Path) -> None:
    assert check(tmp_path, FASTAPI_APP) == [
        "app/main.py:16:2 route '/version' has no version segment"
    ]


def test_a_route_outside_the_versioned_prefix_is_reported(tmp_path: Path) -> None:
    files = dict(FASTAPI_APP)
    files["app/main.py"] = FASTAPI_APP["app/main.py"].replace(
        'prefix="/api/v1"', 'prefix="/api"'
    )
    assert check(tmp_path, files) == [
        "app/api/routes/items.py:7:2 route '/api/items' has no version segment",
        "app/api/routes/users.py:7:2 route '/api/users' has no version segment",
        "app/api/routes/users.py:12:2 route '/api/users/{user_id}' has no version "
        "segment",
        "app/main.py:16:2 route '/version' has no version segment",
    ]


def test_a_prefix_that_is_not_static_keeps_the_rule_silent(tmp_path: Path) -> None:
    files = dict(FASTAPI_APP)
    files["app/main.py"] = FASTAPI_APP["app/main.py"].replace(
        'prefix="/api/v1"', "prefix=settings.API_V1_STR"
    )
    assert check(tmp_path, files) == [
        "app/main.py:16:2 route '/version' has no version segment"
    ]


def test_module_constants_and_relative_imports_are_static(tmp_path: Path) -> None:
    files = {
        "svc/__init__.py": "",
        "svc/app.py": """
            from fastapi import FastAPI

            from .routers import orders

            API_PREFIX = "/api"
            app = FastAPI()
            app.include_router(orders.router, prefix=API_PREFIX + "/v2")
        """,
        "svc/routers/__init__.py": "",
        "svc/routers/orders.py": """
            from fastapi import APIRouter

            router = APIRouter(prefix="/orders")


            @router.get("")
            async def list_orders() -> list:
                return []
        """,
    }
    assert check(tmp_path, files) == []
    files["svc/app.py"] = files["svc/app.py"].replace('+ "/v2"', "")
    assert check(tmp_path, files) == [
        "svc/routers/orders.py:7:2 route '/api/orders' has no version segment"
    ]


def test_a_router_mounted_nowhere_visible_is_left_alone(tmp_path: Path) -> None:
    files = {
        "app/routes.py": """
            from fastapi import APIRouter

            router = APIRouter(prefix="/users")


            @router.get("/")
            def read_users() -> list:
                return []
        """,
        "app/main.py": """
            from fastapi import FastAPI

            from app import routes

            app = FastAPI()
            for module in (routes,):
                app.include_router(getattr(module, "router"))
        """,
    }
    assert check(tmp_path, files) == []


def test_a_sub_application_mounted_under_a_version_is_versioned(
    tmp_path: Path,
) -> None:
    files = {
        "dispatch/__init__.py": "",
        "dispatch/main.py": """
            from fastapi import FastAPI
            from starlette.staticfiles import StaticFiles

            from dispatch.api import api_router

            app = FastAPI(openapi_url="")
            frontend = FastAPI(openapi_url="")
            api = FastAPI(title="Dispatch")
            api.include_router(api_router)
            frontend.mount("/", StaticFiles(directory="static"), name="app")
            app.mount("/api/v1", app=api)
            app.mount("/", app=frontend)
        """,
        "dispatch/api.py": """
            from fastapi import APIRouter

            api_router = APIRouter()


            @api_router.get("/{organization}/incidents")
            def list_incidents(organization: str) -> list:
                return []
        """,
    }
    assert check(tmp_path, files) == []
    files["dispatch/main.py"] = files["dispatch/main.py"].replace("/api/v1", "/api")
    assert check(tmp_path, files) == [
        "dispatch/api.py:7:2 route '/api/{organization}/incidents' has no version "
        "segment"
    ]


def test_an_app_mounted_in_a_route_list_is_left_alone(tmp_path: Path) -> None:
    files = {
        "svc/main.py": """
            from fastapi import FastAPI
            from starlette.applications import Starlette
            from starlette.routing import Mount

            api = FastAPI()


            @api.get("/users")
            def users() -> list:
                return []


            app = Starlette(routes=[Mount("/api/v1", app=api)])
        """,
    }
    assert check(tmp_path, files) == []


FLASK_APP = {
    "app/__init__.py": """
        from flask import Flask


        def create_app():
            app = Flask(__name__)
            from app.api import bp as api_bp
            app.register_blueprint(api_bp, url_prefix="/api/v1")
            from app.main import bp as main_bp
            app.register_blueprint(main_bp)
            from app.auth import bp as auth_bp
            app.register_blueprint(auth_bp)
            return app
    """,
    "app/api/__init__.py": """
        from flask import Blueprint

        bp = Blueprint("api", __name__, url_prefix="/api")

        from app.api import users
    """,
    "app/api/users.py": """
        from flask import jsonify

        from app.api import bp


        @bp.route("/users/<int:id>", methods=["GET"])
        def get_user(id):
            return jsonify({"id": id})
    """,
    "app/main/__init__.py": """
        from flask import Blueprint

        bp = Blueprint("main", __name__)
    """,
    "app/main/routes.py": """
        from flask import jsonify, render_template

        from app.main import bp


        @bp.route("/")
        @bp.route("/index")
        def index():
            return render_template("index.html")


        @bp.route("/notifications")
        def notifications():
            return jsonify([])


        @bp.route("/healthz")
        def healthz():
            return jsonify({"ok": True})


        @bp.route("/api/stats")
        def stats():
            return jsonify({"users": 1})
    """,
    "app/auth/__init__.py": """
        from flask import Blueprint

        bp = Blueprint("auth", __name__, url_prefix="/v2/auth")


        @bp.post("/login")
        def login():
            return {"token": "t"}
    """,
}


def test_flask_blueprints_follow_register_and_url_prefix(tmp_path: Path) -> None:
    # register_blueprint's url_prefix replaces the blueprint's own; pages
    # that render templates are web pages, not API routes; probes are exempt.
    # A JSON route beside the pages (microblog's /notifications, polled by
    # its own page) is the website's, unless its path says api.
    assert check(tmp_path, FLASK_APP) == [
        "app/main/routes.py:23:2 route '/api/stats' has no version segment"
    ]


def test_version_pattern_and_exempt_paths_are_configurable(tmp_path: Path) -> None:
    found = check(
        tmp_path,
        FASTAPI_APP,
        version_pattern=r"version-\d+",
        unversioned_paths=["/version"],
    )
    assert found == [
        "app/api/routes/items.py:7:2 route '/api/v1/items' has no version segment",
        "app/api/routes/users.py:7:2 route '/api/v1/users' has no version segment",
        "app/api/routes/users.py:12:2 route '/api/v1/users/{user_id}' has no "
        "version segment",
        "app/main.py:11:2 route '/health' has no version segment",
    ]


def test_paths_join_with_single_slashes() -> None:
    assert join("/api/", "/v1", "users/") == "/api/v1/users"
    assert join("", "") == "/"
    assert module_names("app/api/__init__.py") == ["app.api", "api"]


def test_a_blueprint_named_through_a_package_is_followed(tmp_path: Path) -> None:
    # flask-realworld: `from conduit import user`, then
    # app.register_blueprint(user.views.blueprint) in a helper taking the app.
    files = {
        "conduit/__init__.py": "",
        "conduit/app.py": """
            from flask import Flask

            from conduit import profile, user


            def create_app():
                app = Flask(__name__)
                register_blueprints(app)
                return app


            def register_blueprints(app):
                app.register_blueprint(user.views.blueprint)
                app.register_blueprint(profile.views.blueprint)
        """,
        "conduit/user/__init__.py": "from . import views",
        "conduit/user/views.py": """
            from flask import Blueprint

            blueprint = Blueprint("user", __name__)


            @blueprint.route("/api/users", methods=("POST",))
            def register_user():
                return {}
        """,
        "conduit/profile/__init__.py": "from . import views",
        "conduit/profile/views.py": """
            from flask import Blueprint

            blueprint = Blueprint("profiles", __name__)


            @blueprint.route("/api/v1/profiles/<username>")
            def get_profile(username):
                return {}
        """,
    }
    assert check(tmp_path, files) == [
        "conduit/user/views.py:7:2 route '/api/users' has no version segment"
    ]
