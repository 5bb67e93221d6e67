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


def test_db004_is_off_by_default_and_finds_commits_without_rollback(lint: Lint, checkers: Any) -> None:
    assert "DB004" not in checkers.rules.default_codes()
    code = """\
        def create_user(db, user):
            db.add(user)
            db.commit()

        def create_safely(db, user):
            try:
                db.add(user)
                db.commit()
            except Exception:
                db.rollback()
                raise

        def create_in_transaction(session, user):
            with session.begin():
                session.add(user)
                session.commit()

        def create_managed(engine, user):
            with Session(engine) as session:
                session.add(user)
                session.commit()

        def publish(git):
            git.commit()
        """
    assert found(lint, code) == [("DB004", 3)]


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
