"""ASYNC001-ASYNC003 on FastAPI, httpx, requests and SQLAlchemy code written as text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pytest_backend_guide.engine import FileResult

Lint = Callable[..., FileResult]


def found(lint: Lint, code: str, path: str = "app/api/items.py", **options: Any) -> list[tuple[str, int]]:
    result = lint(code, select=["ASYNC"], path=path, options={"asyncio": options} if options else None)
    assert result.error is None, result.error
    return [(v.code, v.line) for v in result.violations]


def codes(lint: Lint, code: str, **kwargs: Any) -> list[str]:
    return [c for c, _ in found(lint, code, **kwargs)]


@pytest.mark.parametrize(
    ("imports", "call"),
    [
        ("import time", "time.sleep(1)"),
        ("from time import sleep", "sleep(1)"),
        ("import requests as http", "http.get(url, timeout=5)"),
        ("import requests", "requests.post(url, json={}, timeout=5)"),
        ("import urllib.request", "urllib.request.urlopen(url)"),
        ("from urllib.request import urlopen", "urlopen(url)"),
        ("import httpx", "httpx.get(url)"),
        ("import httpx", "httpx.Client()"),
        ("import subprocess", "subprocess.run(['ls'])"),
        ("from subprocess import check_output", "check_output(['ls'])"),
        ("import os", "os.system('ls')"),
        ("import socket", "socket.create_connection(('db', 5432))"),
        ("", "open('data.txt').read()"),
        ("from pathlib import Path", "Path('data.txt').read_text()"),
        ("from pathlib import Path", "(Path(base) / 'x.json').write_text(text)"),
    ],
)
def test_blocking_calls_in_async_def_are_async001(lint: Lint, imports: str, call: str) -> None:
    code = f"""\
        {imports}

        async def handler(url, base, text):
            return {call}
        """
    assert "ASYNC001" in codes(lint, code)


def test_the_same_calls_in_a_sync_def_are_fine(lint: Lint) -> None:
    code = """\
        import time
        import requests

        def handler(url):
            time.sleep(1)
            return requests.get(url, timeout=5)
        """
    assert codes(lint, code) == []


def test_a_project_function_called_sleep_is_not_blocking(lint: Lint) -> None:
    code = """\
        from app.utils import sleep

        def open(name):
            return name

        async def handler():
            await sleep(1)
            return open("x")
        """
    assert codes(lint, code) == []


def test_nested_sync_def_lambda_and_thread_offloading_are_off_the_loop(lint: Lint) -> None:
    code = """\
        import asyncio
        import time
        import requests
        from starlette.concurrency import run_in_threadpool

        async def handler(url):
            def fetch():
                return requests.get(url, timeout=5)
            await asyncio.to_thread(time.sleep, 1)
            await asyncio.to_thread(lambda: requests.get(url, timeout=5))
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(None, fetch)
            await run_in_threadpool(requests.get, url, timeout=5)
            await asyncio.sleep(1)
        """
    assert codes(lint, code) == []


def test_nested_async_def_is_judged_itself(lint: Lint) -> None:
    code = """\
        import time

        def outer():
            async def inner():
                time.sleep(1)
            return inner
        """
    assert found(lint, code) == [("ASYNC001", 5)]


SESSION_CODE = """\
    from typing import Annotated
    from fastapi import Depends
    from sqlalchemy import select
    from sqlalchemy.ext.asyncio import AsyncSession
    from sqlalchemy.orm import Session, sessionmaker

    SessionLocal = sessionmaker(bind=engine)
    SessionDep = Annotated[Session, Depends(get_db)]

    async def by_param(db: Session):
        return db.query(User).all()

    async def by_annotated(db: Annotated[Session, Depends(get_db)]):
        db.commit()

    async def by_alias(db: SessionDep):
        db.flush()

    async def by_factory():
        with SessionLocal() as db:
            return db.execute(select(User))

    async def by_constructor(engine):
        session = Session(engine)
        return session.scalars(select(User))

    async def only_add(db: Session, user):
        db.add(user)

    async def async_session(db: AsyncSession):
        result = await db.execute(select(User))
        await db.commit()
        return result
"""


def test_sync_sqlalchemy_sessions_are_detected_but_not_async_ones_nor_add(lint: Lint) -> None:
    assert found(lint, SESSION_CODE) == [
        ("ASYNC001", 11),
        ("ASYNC001", 14),
        ("ASYNC001", 17),
        ("ASYNC001", 21),
        ("ASYNC001", 25),
    ]


def test_extra_blocking_calls_are_configurable(lint: Lint) -> None:
    code = """\
        import legacy
        from vendor import client

        async def handler():
            legacy.fetch_all()
            client.download()
        """
    assert codes(lint, code) == []
    assert codes(lint, code, **{"blocking-calls": ["legacy.fetch_all", "vendor.client.*"]}) == [
        "ASYNC001",
        "ASYNC001",
    ]


def test_a_client_created_and_used_in_a_function_is_async002(lint: Lint) -> None:
    code = """\
        import httpx
        import requests
        import aiohttp

        async def fetch_user(user_id):
            async with httpx.AsyncClient() as client:
                return await client.get(f"/users/{user_id}")

        def fetch_order(order_id):
            session = requests.Session()
            return session.get(f"/orders/{order_id}", timeout=5)

        async def fetch_stock():
            async with aiohttp.ClientSession() as session:
                return await session.get("/stock")
        """
    assert found(lint, code) == [("ASYNC002", 6), ("ASYNC002", 10), ("ASYNC002", 14)]


def test_factories_lifespans_and_module_clients_are_fine(lint: Lint) -> None:
    code = """\
        from contextlib import asynccontextmanager
        import httpx

        client = httpx.AsyncClient()

        def make_client():
            return httpx.Client(base_url="https://api")

        async def get_client():
            async with httpx.AsyncClient() as shared:
                yield shared

        @asynccontextmanager
        async def lifespan(app):
            app.state.client = httpx.AsyncClient()
            yield
            await app.state.client.aclose()

        @app.on_event("startup")
        async def open_clients():
            async with httpx.AsyncClient() as warmup:
                await warmup.get("/health")

        class Gateway:
            def __init__(self):
                self.client = httpx.Client()

        async def fetch():
            return await client.get("/x")
        """
    assert codes(lint, code) == []


def test_configured_client_factories_and_tests_are_exempt(lint: Lint) -> None:
    code = """\
        import httpx

        def build():
            with httpx.Client() as client:
                client.get("/warm")
        """
    assert codes(lint, code, **{"client-factories": ["build"]}) == []
    assert codes(lint, code, path="tests/test_api.py") == []
    assert codes(lint, code) == ["ASYNC002"]


@pytest.mark.parametrize(
    ("call", "fires"),
    [
        ("requests.get(url)", True),
        ("http.post(url, json=body)", True),
        ("requests.get(url, timeout=5)", False),
        ("requests.get(url, **options)", False),
        ("httpx.get(url)", False),
        ("httpx.get(url, timeout=None)", True),
        ("httpx.Client(timeout=None)", True),
        ("httpx.AsyncClient(timeout=10)", False),
        ("shared.get(url, timeout=None)", True),
        ("shared.get(url)", False),
        ("session.get(url)", True),
        ("my_requests.get(url)", False),
    ],
)
def test_timeouts(lint: Lint, call: str, fires: bool) -> None:
    code = f"""\
        import httpx
        import requests
        import requests as http

        shared = httpx.Client()

        def call_api(url, body, options, my_requests):
            session = requests.Session()
            return {call}
        """
    assert ("ASYNC003" in codes(lint, code)) is fires


def test_a_client_wrapped_and_returned_or_stored_is_handed_out(lint: Lint) -> None:
    code = """\
        import httpx

        def build_client(settings):
            http = httpx.Client(base_url=settings.url, timeout=5)
            return PaymentsClient(http, settings.timeout)

        def attach(app):
            client = httpx.Client()
            app.state.client = client
        """
    assert codes(lint, code) == []


def test_command_line_tools_may_create_clients(lint: Lint) -> None:
    code = """\
        import click
        import requests

        @click.command()
        def perf_test():
            session = requests.Session()
            session.get("/ping", timeout=5)
        """
    assert codes(lint, code) == []
