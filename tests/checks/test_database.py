"""DB001, DB002 and DB004 on SQLAlchemy, Django and DB-API code written as text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pytest_backend_guide.engine import FileResult

Lint = Callable[..., FileResult]


def found(lint: Lint, code: str, path: str = "app/services/reports.py", **options: Any) -> list[tuple[str, int]]:
    result = lint(code, select=["DB"], path=path, options={"database": options} if options else None)
    assert result.error is None, result.error
    return [(v.code, v.line) for v in result.violations]


def db004(lint: Lint, code: str, path: str = "app/services/reports.py") -> list[tuple[str, int]]:
    return [(c, line) for c, line in found(lint, code, path=path) if c == "DB004"]


def codes(lint: Lint, code: str, **kwargs: Any) -> list[str]:
    return [c for c, _ in found(lint, code, **kwargs)]


@pytest.mark.parametrize(
    "statement",
    [
        'cursor.execute("SELECT id, name FROM users WHERE id = %s", (user_id,))',
        'cursor.execute(f"SELECT * FROM users WHERE id = {user_id}")',
        'cursor.execute("DELETE FROM users WHERE id = %s" % user_id)',
        'cursor.execute("UPDATE users SET name = \'{}\'".format(name))',
        'cursor.executemany("INSERT INTO users (name) VALUES (?)", rows)',
        'session.execute(text("SELECT count(*) FROM orders"))',
        'User.objects.raw("SELECT * FROM auth_user")',
        'conn.exec_driver_sql("TRUNCATE orders")',
    ],
)
def test_raw_sql_outside_data_access_modules_is_db001(lint: Lint, statement: str) -> None:
    code = f"""\
        from sqlalchemy import text

        def report(cursor, session, conn, user_id, name, rows):
            {statement}
        """
    assert codes(lint, code) == ["DB001"]


def test_sql_through_one_local_variable_is_db001(lint: Lint) -> None:
    code = """\
        def report(cursor, user_id):
            query = "SELECT * FROM orders WHERE user_id = %s"
            cursor.execute(query, [user_id])
        """
    assert found(lint, code) == [("DB001", 3)]


@pytest.mark.parametrize(
    "statement",
    [
        'cursor.execute("SELECT 1")',
        "session.execute(select(User).where(User.id == user_id))",
        'cursor.execute(build_query(), [user_id])',
        'logger.info("SELECT * FROM users took %s", elapsed)',
        'executor.execute("deploy the service")',
        'text("Select the right option from the menu")',
    ],
)
def test_orm_queries_probes_and_prose_are_not_db001(lint: Lint, statement: str) -> None:
    code = f"""\
        from sqlalchemy import select

        def report(cursor, session, user_id, executor, elapsed):
            {statement}
        """
    assert codes(lint, code) == []


@pytest.mark.parametrize(
    "path",
    [
        "app/repositories/users.py",
        "app/repository/users.py",
        "app/crud/users.py",
        "app/crud.py",
        "app/db/queries.py",
        "app/dal/users.py",
        "migrations/versions/0001_init.py",
        "alembic/versions/0001_init.py",
        "tests/test_reports.py",
    ],
)
def test_raw_sql_is_fine_in_data_access_modules_migrations_and_tests(lint: Lint, path: str) -> None:
    code = 'def get(cursor):\n    cursor.execute("SELECT * FROM users")\n'
    assert codes(lint, code, path=path) == []


def test_data_access_modules_are_configurable(lint: Lint) -> None:
    code = 'def get(cursor):\n    cursor.execute("SELECT * FROM users")\n'
    assert codes(lint, code, path="app/stores/users.py", **{"data-access-modules": ["stores/"]}) == []
    assert codes(lint, code, path="app/crud/users.py", **{"data-access-modules": ["stores/"]}) == ["DB001"]


def test_an_engine_made_per_call_is_db002(lint: Lint) -> None:
    code = """\
        from sqlalchemy import create_engine
        from sqlalchemy.ext.asyncio import create_async_engine, async_sessionmaker
        from sqlalchemy.orm import sessionmaker
        import asyncpg

        def get_db(settings):
            engine = create_engine(settings.url)
            return sessionmaker(bind=engine)()

        async def get_async_db(url):
            engine = create_async_engine(url)
            async with async_sessionmaker(engine)() as session:
                yield session

        async def fetch(url):
            pool = await asyncpg.create_pool(url)
            return await pool.fetch("SELECT 1")
        """
    assert found(lint, code) == [("DB002", 7), ("DB002", 8), ("DB002", 11), ("DB002", 12), ("DB002", 16)]


def test_cached_lifespan_startup_init_and_factories_are_fine(lint: Lint) -> None:
    code = """\
        import functools
        from contextlib import asynccontextmanager
        from functools import lru_cache
        from sqlalchemy import create_engine
        from sqlalchemy.ext.asyncio import create_async_engine

        @lru_cache
        def get_engine():
            return create_engine(settings.url)

        @functools.cache
        def get_async_engine():
            return create_async_engine(settings.url)

        @asynccontextmanager
        async def lifespan(app):
            app.state.engine = create_async_engine(settings.url)
            yield

        @app.on_event("startup")
        async def connect():
            app.state.engine = create_async_engine(settings.url)

        class Database:
            def __init__(self, url):
                self.engine = create_engine(url)

        def make_engine():
            return create_engine(settings.url)

        engine = make_engine()

        def init_db():
            return create_engine(settings.url)

        def build_engine():
            return create_engine(settings.url)
        """
    assert codes(lint, code, **{"engine-factories": ["init_db", "build_engine"]}) == []


def test_module_level_engine_and_fixtures_are_fine(lint: Lint) -> None:
    code = """\
        import pytest
        from sqlalchemy import create_engine

        engine = create_engine("sqlite://")

        @pytest.fixture
        def test_engine():
            return create_engine("sqlite://")
        """
    assert codes(lint, code) == []


def test_a_local_function_called_create_engine_is_not_db002(lint: Lint) -> None:
    code = """\
        def create_engine(url):
            return url

        def get(url):
            return create_engine(url)
        """
    assert codes(lint, code) == []


def test_db004_is_off_by_default(checkers: Any) -> None:
    assert "DB004" not in checkers.rules.default_codes()


def test_db004_commit_on_a_session_the_function_creates_without_rollback(lint: Lint) -> None:
    # Netflix dispatch's CLI and database setup, reduced.
    code = """\
        import click
        from sqlalchemy.orm import sessionmaker

        from dispatch.database.core import SessionLocal, engine

        @click.command()
        def install_plugins(plugins):
            db_session = SessionLocal()
            for plugin in plugins:
                db_session.add(plugin)
            db_session.commit()

        def init_database(engine, organization):
            session = sessionmaker(bind=engine)
            db_session = session()
            db_session.add(organization)
            db_session.commit()

        def reset_password(user, password):
            db_session = sessionmaker(bind=engine)()
            user.password = password
            db_session.commit()
        """
    assert db004(lint, code, path="src/dispatch/cli.py") == [
        ("DB004", 11),
        ("DB004", 17),
        ("DB004", 22),
    ]


def test_db004_sessions_from_sqlalchemy_and_module_level_factories(lint: Lint) -> None:
    code = """\
        from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
        from sqlalchemy.orm import Session

        make_session = async_sessionmaker(engine, expire_on_commit=False)

        def seed(engine, rows):
            session = Session(bind=engine)
            session.add_all(rows)
            session.commit()

        async def seed_async(rows):
            session = make_session()
            session.add_all(rows)
            await session.commit()
        """
    assert db004(lint, code) == [("DB004", 9), ("DB004", 14)]


def test_db004_a_received_session_is_closed_by_its_owner(lint: Lint) -> None:
    # FastAPI dependencies, service functions and repositories (dispatch,
    # the full-stack template, FastAPI-boilerplate): the session is a
    # parameter or an attribute; whoever made it closes and rolls it back.
    code = """\
        from fastapi import Depends
        from sqlalchemy.orm import Session

        def create(*, db_session: Session, case_in):
            case = Case(**case_in.dict())
            db_session.add(case)
            db_session.commit()
            return case

        def create_user(*, session: Session = Depends(get_db), user_in):
            session.add(user_in)
            session.commit()

        class ItemRepository:
            def __init__(self, session):
                self.session = session

            def save(self, item):
                self.session.add(item)
                self.session.commit()

        async def write_post(db, post):
            db.add(post)
            await db.commit()
        """
    assert db004(lint, code) == []


def test_db004_flask_sqlalchemy_db_session_is_torn_down_by_the_extension(lint: Lint) -> None:
    # microblog and flask-realworld
    code = """\
        from flask import redirect, url_for
        from app import db

        def register(form):
            user = User(username=form.username.data)
            db.session.add(user)
            db.session.commit()
            return redirect(url_for("auth.login"))

        def follow(user):
            current_user.follow(user)
            db.session().commit()
        """
    assert db004(lint, code, path="app/auth/routes.py") == []


def test_db004_a_created_session_in_with_or_rolled_back_is_fine(lint: Lint) -> None:
    code = """\
        from sqlalchemy.orm import Session, sessionmaker

        SessionLocal = sessionmaker(bind=engine)

        def managed(engine, user):
            with Session(engine) as session:
                session.add(user)
                session.commit()

        def in_a_transaction(user):
            session = SessionLocal()
            with session.begin():
                session.add(user)
                session.commit()

        def session_as_context(user):
            session = SessionLocal()
            with session:
                session.add(user)
                session.commit()

        def rolled_back(user):
            session = SessionLocal()
            try:
                session.add(user)
                session.commit()
            except Exception:
                session.rollback()
                raise

        def closed_in_finally(user):
            session = SessionLocal()
            try:
                session.add(user)
                session.commit()
            finally:
                session.close()

        def publish(git):
            repo = git.Repo()
            repo.commit()
        """
    assert db004(lint, code) == []


def test_db004_skips_tests_and_migrations(lint: Lint) -> None:
    code = """\
        from alembic import op
        from sqlalchemy.orm import Session

        def upgrade():
            session = Session(bind=op.get_bind())
            session.add(Setting(name="default"))
            session.commit()
        """
    assert db004(lint, code, path="src/app/database/revisions/versions/2021_01_init.py") == []
    assert db004(lint, code, path="tests/test_seed.py") == []


def test_alembic_and_django_migrations_may_run_raw_sql(lint: Lint) -> None:
    code = """\
        from alembic import op

        def upgrade():
            op.execute("UPDATE users SET active = true")
            op.get_bind().execute("DELETE FROM sessions")
        """
    assert codes(lint, code, path="src/app/database/revisions/versions/2021_01_init.py") == []


def test_engines_kept_on_the_app_or_a_global_are_set_up_once(lint: Lint) -> None:
    code = """\
        import asyncpg
        from sqlalchemy import create_engine

        ENGINE = None

        async def connect_to_db(app):
            app.state.pool = await asyncpg.create_pool(str(settings.database_url))

        def configure(url):
            global ENGINE
            ENGINE = create_engine(url)
        """
    assert codes(lint, code) == []
