"""Integration tests of the HTTP API, on SQLite and a fake payment provider.

Skipped unless the packages of ``requirements.txt`` are installed.
"""

import os
import secrets
from collections.abc import Iterator
from datetime import timedelta

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("sqlalchemy")
pytest.importorskip("jwt")
pytest.importorskip("passlib")
httpx = pytest.importorskip("httpx")

os.environ.setdefault("BOOKSHOP_DATABASE_URL", "sqlite://")
os.environ.setdefault("BOOKSHOP_JWT_SECRET", secrets.token_urlsafe(32))
os.environ.setdefault("BOOKSHOP_PAYMENTS_API_KEY", secrets.token_urlsafe(16))

from fastapi.testclient import TestClient

from app.api.purchases import get_payments_client
from app.config import get_settings
from app.core.security import create_access_token
from app.main import app
from app.models.database import Base, engine
from app.services.payments import build_client

BOOK = {"isbn": "978-0-306-40615-7", "title": "Signals", "author": "A. Author"}


def fake_provider(request: httpx.Request) -> httpx.Response:
    """Accept every charge, as the payment provider's sandbox does.

    Args:
        request: The charge request.

    Returns:
        A created charge.
    """
    return httpx.Response(201, json={"id": "pay_test_1", "status": "succeeded"})


@pytest.fixture
def client() -> Iterator[TestClient]:
    """An API client on fresh tables, with payments faked.

    Yields:
        The test client.
    """
    Base.metadata.create_all(engine)
    payments = build_client(get_settings(), httpx.MockTransport(fake_provider))
    app.dependency_overrides[get_payments_client] = lambda: payments
    with TestClient(app) as test_client:
        yield test_client
    app.dependency_overrides.clear()
    payments.close()
    Base.metadata.drop_all(engine)


@pytest.fixture
def auth_headers(client: TestClient) -> dict[str, str]:
    """Register a user and log in.

    Args:
        client: The API client.

    Returns:
        The ``Authorization`` header of the new user.
    """
    account = {"email": "reader@example.com", "password": secrets.token_urlsafe(12)}
    assert client.post("/api/v1/users", json=account).status_code == 201
    response = client.post("/api/v1/users/token", json=account)
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_me_shows_the_user(client: TestClient, auth_headers: dict[str, str]) -> None:
    """The token identifies its user; without one the answer is 401."""
    response = client.get("/api/v1/users/me", headers=auth_headers)
    assert response.json()["display_name"] == "reader"
    assert client.get("/api/v1/users/me").status_code == 401


def test_expired_token_is_rejected(client: TestClient) -> None:
    """An expired token is refused even though its signature is valid."""
    token = create_access_token("1", get_settings(), timedelta(seconds=-1))
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/users/me", headers=headers).status_code == 401


def test_buy_a_book(client: TestClient, auth_headers: dict[str, str]) -> None:
    """A purchase is charged, recorded and taken from the stock."""
    book = {**BOOK, "price_cents": 1500, "stock": 2}
    created = client.post("/api/v1/books", json=book, headers=auth_headers)
    assert created.status_code == 201
    book_id = created.json()["id"]
    order = {"book_id": book_id, "quantity": 2}
    response = client.post("/api/v1/purchases", json=order, headers=auth_headers)
    assert response.status_code == 201
    assert response.json()["payment_id"] == "pay_test_1"
    assert client.get(f"/api/v1/books/{book_id}").json()["stock"] == 0
    response = client.post("/api/v1/purchases", json=order, headers=auth_headers)
    assert response.status_code == 409
    listing = client.get("/api/v1/books", params={"size": 5}).json()
    assert listing["total"] == 1
    assert listing["items"][0]["href"] == f"/api/v1/books/{book_id}"
