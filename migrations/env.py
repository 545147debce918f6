"""Alembic environment: the URL comes from crosstally's own settings function."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from crosstally.config import get_settings
from crosstally.db import make_migration_engine
from models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    return config.attributes.get("database_url") or get_settings().database_url


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = make_migration_engine(_url())
    try:
        with engine.connect() as connection:
            _run(connection)
    finally:
        engine.dispose()


def _run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        # SQLite's DDL is transactional, but Alembic treats it as if it were not unless told;
        # with the migration engine's own BEGIN (crosstally.db.make_migration_engine) the
        # whole upgrade, alembic_version included, commits at once or not at all.
        transactional_ddl=True if sqlite else None,
    )
    with context.begin_transaction():
        context.run_migrations()
        if sqlite:
            _check_foreign_keys(connection)


def _check_foreign_keys(connection: Connection) -> None:
    """The migration engine runs with foreign keys off (batch migrations rebuild tables that
    other rows refer to): check them before the transaction commits, so a migration that
    would leave a dangling reference is rolled back whole."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"migration left rows with dangling foreign keys: {broken[:5]}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
