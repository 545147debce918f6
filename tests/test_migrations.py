"""The Alembic history matches the models and round-trips on SQLite and PostgreSQL.

``database_url`` is a fresh database of the backend under test: SQLite on the first pass of
``make test``, PostgreSQL on the second (tests/support/databases.py)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from crosstally import migrate
from crosstally.db import make_engine
from models import Base


def test_upgrade_creates_every_table_and_downgrade_removes_them(database_url: str) -> None:
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    migrate.downgrade(database_url, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()


def test_autogenerate_finds_no_difference(database_url: str) -> None:
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []


def test_upgrade_is_idempotent(database_url: str) -> None:
    migrate.upgrade(database_url)
    migrate.upgrade(database_url)
