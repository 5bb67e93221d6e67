"""Accuracy on the public back ends in /work/corpora: each case is a report
that was wrong (or a miss) on a real project, rewritten here as text.
"""

from __future__ import annotations

from typing import Any

from snippets import Lint, messages, run_family

from pytest_backend_guide.engine import FileResult


def doc(lint: Lint, code: str, *select: str, path: str = "app/slack/interactive.py", **options: Any) -> FileResult:
    """Check a snippet with the given DOC rules and docstring options."""
    return run_family(lint, "docstrings", code, select, path, **options)


# DOC011: Slack Bolt fills listener parameters by name (Netflix dispatch) ------

BOLT = '''
from slack_bolt import Ack, BoltContext, BoltRequest, Respond
from slack_sdk.web.client import WebClient


@app.action("case-snooze", middleware=[db_middleware])
def snooze_button_click(ack, body: dict, client: WebClient, context, db_session):
    """Opens the snooze modal."""
    ack()


def handle_escalate_case_command(ack: Ack, body: dict, client, db_session) -> None:
    """Handles the escalate command; registered with app.command(...)(f)."""
    ack()


def user_middleware(body: dict, context: BoltContext, request: BoltRequest, next) -> None:
    """Finds the user making the request."""
    next()


def monitor_link_button_click(body: dict, context: BoltContext, enabled: bool, email: str) -> str:
    """Builds the monitor; called by a listener with its own arguments."""
    return email
'''


def test_doc011_bolt_listeners_and_middleware_are_injected(lint: Lint) -> None:
    assert messages(doc(lint, BOLT, "DOC011")) == [
        "'monitor_link_button_click' takes 4 parameters but its docstring has no "
        "Args section"
    ]


def test_doc011_the_same_names_without_bolt_are_reported(lint: Lint) -> None:
    plain = BOLT.replace("from slack_bolt import", "from chat_client import")
    assert len(doc(lint, plain, "DOC011").codes) == 4


# NAME005: camelCase fields of wire-format classes mirror JSON -----------------

SCHEMAS = '''
from marshmallow import Schema, fields
from pydantic import BaseModel
from rest_framework import serializers


class DispatchBase(BaseModel):
    pass


class Pagination(DispatchBase):
    """Dispatch: the frontend's table reads itemsPerPage."""

    itemsPerPage: int
    page: int


class ArticleSchema(Schema):
    createdAt = fields.DateTime()
    tagList = fields.List(fields.Str())


class ArticleSerializer(serializers.ModelSerializer):
    favoritesCount = serializers.SerializerMethodField()


class Article(db.Model):
    createdAt = Column(db.DateTime)


class Report:
    headingId = ""
    Heading_id = ""
'''


def test_name005_schema_fields_mirror_json_but_other_classes_do_not(
    lint: Lint,
) -> None:
    result = run_family(lint, "naming", SCHEMAS, ("NAME005",), "app/schemas.py")
    assert [m.split("'")[1] for m in messages(result)] == [
        "createdAt", "headingId", "Heading_id"
    ]


# SEC001: a vendor prefix on a dummy word (dispatch's Slack Bolt app) ----------

BOLT_APP = '''
from slack_bolt import App

app = App(token="xoxb-valid", request_verification_enabled=False, token_verification_enabled=False)
live = App(token="xoxb-2-77a1f0c9d1e84b27")
'''


def sec(lint: Lint, code: str, code_: str, path: str, **options: object) -> list[int]:
    table = {key.replace("_", "-"): value for key, value in options.items()}
    result = lint(code, select=[code_], path=path, options={"security": table})
    assert result.error is None, result.error
    return [v.line for v in result.violations]


def test_sec001_prefixed_dummy_token_is_a_placeholder(lint: Lint) -> None:
    assert sec(lint, BOLT_APP, "SEC001", "app/slack/bolt.py") == [5]


# SEC015: a test reads the claims of the token it was just issued (grillazz) ---

TOKEN_TEST = '''
import jwt


async def test_login(client):
    response = await client.post("/v1/auth/login", json={"email": "a@b.c"})
    claims = jwt.decode(response.json()["access_token"], options={"verify_signature": False})
    assert claims["email"] == "a@b.c"
'''


def test_sec015_skips_tests_unless_check_tests(lint: Lint) -> None:
    assert sec(lint, TOKEN_TEST, "SEC015", "tests/api/test_auth.py") == []
    assert sec(lint, TOKEN_TEST, "SEC015", "tests/api/test_auth.py", check_tests=True) == [7]
    assert sec(lint, TOKEN_TEST, "SEC015", "app/api/auth.py") == [7]


# ASYNC001: dispatch's async middleware commits a sync session it built --------

MIDDLEWARE = '''
from sqlalchemy.orm import scoped_session, sessionmaker
from sqlalchemy.ext.asyncio import AsyncSession


async def db_session_middleware(request, call_next):
    session = scoped_session(sessionmaker(bind=schema_engine), scopefunc=get_request_id)
    request.state.db = session()
    response = await call_next(request)
    if request.state.db.is_active:
        request.state.db.commit()
    return response


async def async_factory_made_the_old_way():
    maker = sessionmaker(bind=async_engine, class_=AsyncSession)
    async with maker() as db:
        await db.commit()
    db2 = maker()
    await db2.flush()
'''


def test_async001_follows_a_session_stored_on_request_state(lint: Lint) -> None:
    result = lint(MIDDLEWARE, select=["ASYNC001"], path="app/main.py")
    assert [(v.line, v.message) for v in result.violations] == [
        (
            11,
            "blocking call sync database session .commit() inside 'async def "
            "db_session_middleware' stalls the event loop",
        )
    ]


# ASYNC001: full-stack-fastapi-template imports SessionDep from app.api.deps ---

IMPORTED_ALIAS = '''
from app.api.deps import SessionDep
from sqlmodel import select


async def read_items(session: SessionDep):
    return session.exec(select(Item)).all()


async def count_items(session: SessionDep):
    return session.scalar(select(func.count()))
'''


def test_async001_imported_session_alias_needs_the_option(lint: Lint) -> None:
    def lines(**options: object) -> list[int]:
        table = {key.replace("_", "-"): value for key, value in options.items()}
        result = lint(IMPORTED_ALIAS, select=["ASYNC001"], path="app/api/routes/items.py", options={"asyncio": table})
        assert result.error is None, result.error
        return [v.line for v in result.violations]

    assert lines() == []  # its definition is in another file, out of sight
    assert lines(session_aliases=["SessionDep"]) == [7, 11]  # SQLModel's exec too
