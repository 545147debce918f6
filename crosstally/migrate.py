"""Alembic driven from code, so `crosstally init` and the tests use the app's settings.

Every command upgrades the database first, and crawler processes sharing a frontier start
together: two upgrades of one fresh database at once would both try to create the tables
("table ... already exists"). Upgrades and downgrades therefore wait for each other, on a
PostgreSQL advisory lock or, for SQLite, a lock file beside the database file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from alembic import command
from alembic.config import Config
from filelock import FileLock
from sqlalchemy import text
from sqlalchemy.engine import make_url

from crosstally.config import REPO_ROOT

LOCK_TIMEOUT = 600  # seconds; a long migration of a big database may hold it a while
_LOCK_KEY = int.from_bytes(hashlib.sha256(b"crosstally:migrate").digest()[:8], "big", signed=True)


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(REPO_ROOT / "migrations"))
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    with migration_lock(database_url):
        command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    with migration_lock(database_url):
        command.downgrade(alembic_config(database_url), revision)


@contextmanager
def migration_lock(database_url: str) -> Iterator[None]:
    """Wait until no other process is migrating this database, then hold it off."""
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        from crosstally.db import make_engine

        engine = make_engine(database_url)
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _LOCK_KEY})
                connection.commit()
                try:
                    yield
                finally:
                    connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _LOCK_KEY})
                    connection.commit()
        finally:
            engine.dispose()
    elif url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        with FileLock(f"{url.database}-migrate.lock", timeout=LOCK_TIMEOUT):
            yield
    else:
        yield
