"""Database engine, session factory and declarative base.

The engine and its connection pool are created once, at import, never per
request.
"""

from collections.abc import Iterator

from sqlalchemy import create_engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import StaticPool

from app.config import get_settings


class Base(DeclarativeBase):
    """Base class of every ORM model."""


def engine_options(url: str) -> dict[str, object]:
    """Return the pool options that suit a database URL.

    Args:
        url: SQLAlchemy database URL.

    Returns:
        Keyword arguments for ``create_engine``.
    """
    if url.startswith("sqlite"):
        return {"connect_args": {"check_same_thread": False}, "poolclass": StaticPool}
    return {"pool_size": 10, "max_overflow": 20, "pool_pre_ping": True}


database_url = get_settings().database_url
engine = create_engine(database_url, **engine_options(database_url))
session_factory = sessionmaker(bind=engine, expire_on_commit=False)


def get_session() -> Iterator[Session]:
    """Provide one session per request; uncommitted work is rolled back.

    Yields:
        A session bound to the shared engine.
    """
    with session_factory() as session:
        yield session
