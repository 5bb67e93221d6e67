"""Alembic environment: migrates the database of ``BOOKSHOP_DATABASE_URL``."""

from alembic import context
from sqlalchemy import engine_from_config, pool

from app.config import get_settings
from app.models import book, purchase, user
from app.models.database import Base

TABLE_MODULES = (book, purchase, user)


def run_migrations_offline() -> None:
    """Emit the migration SQL to stdout (``alembic upgrade --sql``)."""
    context.configure(
        url=get_settings().database_url,
        target_metadata=Base.metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Apply the migrations over a fresh connection."""
    options = context.config.get_section(context.config.config_ini_section, {})
    options["sqlalchemy.url"] = get_settings().database_url
    connectable = engine_from_config(options, poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
