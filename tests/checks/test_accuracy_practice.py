"""Accuracy of the practice families (ERR, SEC, API, DB, ASYNC) on the public
back ends in /work/corpora: each case is a report that was wrong, or a miss,
on a real project, rewritten here as text.
"""

from __future__ import annotations

from snippets import Lint


def lines(lint: Lint, code: str, select: str, path: str) -> list[int]:
    """Return the lines reported by the rules selected, checking as ``path``."""
    result = lint(code, select=[select], path=path)
    assert result.error is None, result.error
    return [violation.line for violation in result.violations]


# ERR004: healthchecks' docker/fetchstatus.py, a script without a guard -------

FETCH_STATUS = '''#!/usr/bin/env python
"""Probe the /api/v3/status/ endpoint; used by the Dockerfile's HEALTHCHECK."""

import os
from urllib.request import Request, urlopen

SITE_ROOT = os.getenv("SITE_ROOT", "http://localhost:8000")
with urlopen(Request(SITE_ROOT + "/api/v3/status/")) as response:
    assert response.status == 200

print("Status OK")
'''


def test_err004_a_shebang_script_may_print(lint: Lint) -> None:
    assert lines(lint, FETCH_STATUS, "ERR004", "docker/fetchstatus.py") == []


def test_err004_the_same_module_without_the_shebang_is_reported(lint: Lint) -> None:
    plain = FETCH_STATUS.split("\n", 1)[1]
    assert lines(lint, plain, "ERR004", "hc/status.py") == [10]


# ERR004: healthchecks' hc/logs handler cannot log its own failure ------------

LOG_HANDLER = '''
import logging
import socket

from django.db import Error


class Handler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        from hc.logs.models import Record

        try:
            Record.objects.create(host=socket.gethostname(), message=record.getMessage())
        except Error as e:
            print(e)


class BufferedHandler(Handler):
    def handleError(self, record):
        print("could not store", record)

    def describe(self):
        print("a helper of the handler is application code")


class Formatter(logging.Formatter):
    def format(self, record):
        print("a formatter is not a handler's error path")
        return super().format(record)


def store(record):
    print(record)
'''


def test_err004_a_logging_handler_may_print_its_own_failure(lint: Lint) -> None:
    assert lines(lint, LOG_HANDLER, "ERR004", "hc/logs/__init__.py") == [23, 28, 33]


def test_err004_a_class_named_handler_not_from_logging_is_checked(lint: Lint) -> None:
    code = LOG_HANDLER.replace("logging.Handler", "BaseHandler")
    assert lines(lint, code, "ERR004", "hc/logs/__init__.py") == [15, 20, 23, 28, 33]


# API002: dispatch's Slack endpoints read the form Slack posts ---------------

SLACK_ENDPOINTS = '''
import json

from fastapi import APIRouter, HTTPException, Depends
from slack_sdk.signature import SignatureVerifier
from starlette.requests import Request

router = APIRouter()


async def get_body(request: Request):
    return await request.body()


async def parse_request(request: Request):
    request_body_form = await request.form()
    return json.loads(request_body_form.get("payload"))


@router.post("/slack/command")
async def slack_commands(organization: str, request: Request, body: bytes = Depends(get_body)):
    request_body_form = await request.form()
    return request_body_form._dict.get("command")
'''


def test_api002_a_signature_verified_webhook_module_is_not_checked(lint: Lint) -> None:
    path = "src/dispatch/plugins/dispatch_slack/endpoints.py"
    assert lines(lint, SLACK_ENDPOINTS, "API002", path) == []
    with_hmac = SLACK_ENDPOINTS.replace(
        "from slack_sdk.signature import SignatureVerifier", "import hmac"
    )
    assert lines(lint, with_hmac, "API002", path) == []
    with_stripe = SLACK_ENDPOINTS.replace(
        "from slack_sdk.signature import SignatureVerifier", "from stripe import Webhook"
    )
    assert lines(lint, with_stripe, "API002", path) == []


def test_api002_a_project_package_named_webhooks_is_not_a_verifier(lint: Lint) -> None:
    code = SLACK_ENDPOINTS.replace(
        "from slack_sdk.signature import SignatureVerifier",
        "from app.webhooks.dispatch import deliver_webhook",
    )
    assert lines(lint, code, "API002", "app/api/forms.py") == [16, 22]


def test_api002_the_same_reads_without_a_verifier_are_reported(lint: Lint) -> None:
    plain = SLACK_ENDPOINTS.replace(
        "from slack_sdk.signature import SignatureVerifier", "from slack_sdk import WebClient"
    )
    assert lines(lint, plain, "API002", "app/api/forms.py") == [16, 22]


# ASYNC001: dispatch's middleware reflects the schemas on every request -------

INSPECTING_MIDDLEWARE = '''
from sqlalchemy import inspect

from .database.core import engine


async def db_session_middleware(request, call_next):
    schema = f"dispatch_organization_{request.path_params['organization']}"
    schema_names = inspect(engine).get_schema_names()
    if schema not in schema_names:
        return None
    inspector = inspect(engine)
    if not inspector.has_table("incident", schema=schema):
        return None
    return await call_next(request)


async def tables(async_engine):
    async with async_engine.connect() as conn:
        return await conn.run_sync(lambda c: inspect(c).get_table_names())


async def column_of(model, name):
    return inspect(model).get_property(name)


def sync_view():
    return inspect(engine).get_table_names()
'''


def test_async001_reflection_through_an_inspector_blocks(lint: Lint) -> None:
    result = lint(INSPECTING_MIDDLEWARE, select=["ASYNC001"], path="src/dispatch/main.py")
    assert [(v.line, v.message) for v in result.violations] == [
        (
            9,
            "blocking call SQLAlchemy inspector .get_schema_names() inside "
            "'async def db_session_middleware' stalls the event loop",
        ),
        (
            13,
            "blocking call SQLAlchemy inspector .has_table() inside "
            "'async def db_session_middleware' stalls the event loop",
        ),
    ]


def test_async001_a_project_function_named_inspect_is_not_sqlalchemy(lint: Lint) -> None:
    code = INSPECTING_MIDDLEWARE.replace("from sqlalchemy import inspect", "from .tools import inspect")
    assert lines(lint, code, "ASYNC001", "src/dispatch/main.py") == []


# DB001: healthchecks builds its sqlite FTS5 search index in a command --------

POPULATE_SEARCHDB = '''
import sqlite3

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    def handle(self, **options):
        con = sqlite3.connect(settings.BASE_DIR / "search.db")
        cur = con.cursor()
        cur.execute("DROP TABLE IF EXISTS docs")
        cur.execute("""CREATE VIRTUAL TABLE docs USING FTS5(slug, title, body)""")
        cur.execute("INSERT INTO docs VALUES (?, ?, ?)", ("a", "b", "c"))
        con.commit()
'''


def test_db001_a_management_command_keeps_maintenance_sql(lint: Lint) -> None:
    command = "hc/front/management/commands/populate_searchdb.py"
    assert lines(lint, POPULATE_SEARCHDB, "DB001", command) == []
    assert lines(lint, POPULATE_SEARCHDB, "DB001", "hc/front/views.py") == [12, 13, 14]


# DB002: dispatch builds a session factory per organization -------------------

REFETCH = '''
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker


def refetch_db_session(organization_slug):
    schema_engine = engine.execution_options(schema_translate_map={None: organization_slug})
    return sessionmaker(bind=schema_engine)()


def engine_for(url):
    return create_engine(url).connect()
'''


def test_db002_names_what_a_sessionmaker_builds(lint: Lint) -> None:
    result = lint(REFETCH, select=["DB002"], path="src/dispatch/database/core.py")
    assert [v.message for v in result.violations] == [
        "'sessionmaker' inside 'refetch_db_session' builds a new session factory "
        "on every call",
        "'create_engine' inside 'engine_for' builds a new engine or pool on every call",
    ]
