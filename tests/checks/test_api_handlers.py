"""API002 unvalidated-body and API003 missing-status-code on FastAPI and Flask."""

from __future__ import annotations

from collections.abc import Callable

from pytest_backend_guide.checks.api import RULES
from pytest_backend_guide.engine import FileResult

Lint = Callable[..., FileResult]


def found(lint: Lint, code: str, rule: str, **options: object) -> list[tuple[int, str]]:
    table = {key.replace("_", "-"): value for key, value in options.items()}
    result = lint(code, select=[rule], path="app/api/users.py", options={"api": table})
    assert result.error is None, result.error
    return [(v.line, v.message) for v in result.violations]


def test_api_rules_are_declared_with_their_names() -> None:
    assert {rule.code: rule.name for rule in RULES} == {
        "API001": "unversioned-route",
        "API002": "unvalidated-body",
        "API003": "missing-status-code",
    }


def test_raw_body_reads_are_reported_in_fastapi(lint: Lint) -> None:
    code = """
        from fastapi import APIRouter, Request

        router = APIRouter(prefix="/v1/users")


        @router.post("/", status_code=201)
        async def create_user(request: Request) -> dict:
            payload = await request.json()
            return {"email": payload["email"]}


        @router.put("/{user_id}/avatar")
        async def upload(req: Request) -> dict:
            form = await req.form()
            return {"name": form["file"].filename}
    """
    assert found(lint, code, "API002") == [
        (9, "handler reads the raw body with await request.json()"),
        (15, "handler reads the raw body with await request.form()"),
    ]


def test_raw_body_reads_are_reported_in_flask(lint: Lint) -> None:
    code = """
        from flask import Blueprint, jsonify, request

        bp = Blueprint("users", __name__, url_prefix="/api/v1/users")


        @bp.route("/", methods=["POST"])
        def create_user():
            data = request.get_json()
            return jsonify(data), 201


        @bp.route("/<int:user_id>", methods=["PUT"])
        def update_user(user_id: int):
            name = request.form["name"]
            avatar = request.data
            return jsonify({"id": user_id, "name": name, "size": len(avatar)})
    """
    assert found(lint, code, "API002") == [
        (9, "handler reads the raw body with request.get_json()"),
        (15, "handler reads the raw body with request.form"),
        (16, "handler reads the raw body with request.data"),
    ]


def test_schemas_body_bytes_and_client_responses_are_fine(lint: Lint) -> None:
    code = """
        import hashlib
        import hmac

        import httpx
        from fastapi import APIRouter, Header, Request
        from pydantic import BaseModel

        router = APIRouter(prefix="/v1")


        class UserIn(BaseModel):
            email: str


        @router.post("/users", status_code=201)
        async def create_user(user: UserIn) -> dict:
            return {"email": user.email}


        @router.post("/webhooks/stripe")
        async def stripe_webhook(request: Request, signature: str = Header()) -> dict:
            body = await request.body()
            digest = hmac.new(b"k", body, hashlib.sha256).hexdigest()
            return {"ok": hmac.compare_digest(digest, signature)}


        async def fetch(client: httpx.AsyncClient) -> dict:
            response = await client.get("https://example.com")
            return response.json()


        async def fetch_aiohttp(session) -> dict:
            async with session.get("https://example.com") as resp:
                return await resp.json()
    """
    assert found(lint, code, "API002") == []


def test_flask_request_attributes_count_only_for_flask_request(lint: Lint) -> None:
    code = """
        def handle(request) -> dict:
            return {"form": request.form, "data": request.data}
    """
    assert found(lint, code, "API002") == []


def test_create_routes_without_a_status_are_reported(lint: Lint) -> None:
    code = """
        from fastapi import APIRouter, HTTPException
        from flask import Blueprint, jsonify

        router = APIRouter()
        bp = Blueprint("items", __name__)


        @router.post("/items/", response_model=dict)
        def create_item(item: dict) -> dict:
            if not item:
                raise HTTPException(404, "Item not found")
            return item


        @bp.route("/items", methods=["POST"])
        def add_item():
            return jsonify({"id": 1})
    """
    assert found(lint, code, "API003") == [
        (9, "create route 'create_item' states no success status"),
        (16, "create route 'add_item' states no success status"),
    ]


def test_stated_statuses_and_other_routes_are_fine(lint: Lint) -> None:
    code = """
        from fastapi import APIRouter, HTTPException, status
        from fastapi.responses import JSONResponse
        from flask import Blueprint, jsonify, make_response

        router = APIRouter()
        bp = Blueprint("items", __name__)


        @router.post("/items/", status_code=status.HTTP_201_CREATED)
        def create_item(item: dict) -> dict:
            if not item:
                raise HTTPException(404, "Item not found")
            return item


        @router.post("/login/access-token")
        def login_access_token(form: dict) -> dict:
            return {"access_token": "x", "token_type": "bearer"}


        @router.post("/orders")
        def create_order(order: dict) -> JSONResponse:
            return JSONResponse(order, status_code=201)


        @bp.route("/items", methods=["POST"])
        def add_item():
            return jsonify({"id": 1}), 201


        @bp.post("/tags")
        def create_tag():
            return make_response(jsonify({"id": 1}), 201)


        @bp.route("/register", methods=["GET", "POST"])
        def register():
            return "form page"
    """
    assert found(lint, code, "API003") == []


def test_create_words_are_configurable(lint: Lint) -> None:
    code = """
        from fastapi import APIRouter

        router = APIRouter()


        @router.post("/carts")
        def open_cart() -> dict:
            return {}
    """
    assert found(lint, code, "API003") == []
    assert found(lint, code, "API003", create_words=["open"]) == [
        (7, "create route 'open_cart' states no success status")
    ]
