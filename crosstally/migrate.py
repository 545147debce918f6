"""Alembic driven from code: upgrades for `crosstally init`, and the one schema check.

The migration scripts are the ``migrations`` package, found with :mod:`importlib.resources`,
so a crosstally installed from a wheel migrates exactly as a developer checkout does.

Only ``crosstally init`` (and ``crosstally demo``, which starts from nothing) upgrade the
schema: an upgrade is a deliberate act an operator takes after installing a new version
(and after a backup). Every other command calls :func:`require_current` and stops with one
message naming ``crosstally init`` when the database is missing, empty, behind or ahead.

Upgrades and downgrades wait for each other, on a PostgreSQL advisory lock or, for SQLite,
a lock file beside the database file: two upgrades of one fresh database at once (``init`` run
on two machines) would both try to create the tables.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from filelock import FileLock
from sqlalchemy import Connection, Engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError

from crosstally.errors import DatabaseNotReady, DatabaseUnavailable
from crosstally.files import PRIVATE_FILE_MODE

LOCK_TIMEOUT = 600  # seconds; a long migration of a big database may hold it a while
_LOCK_KEY = int.from_bytes(hashlib.sha256(b"crosstally:migrate").digest()[:8], "big", signed=True)


def script_location() -> str:
    """The directory of the ``migrations`` package, wherever crosstally is installed."""
    return str(files("migrations"))


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", script_location())
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    with migration_lock(database_url):
        command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    with migration_lock(database_url):
        command.downgrade(alembic_config(database_url), revision)


@functools.cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory(script_location())


def head_revisions() -> frozenset[str]:
    """The revisions this crosstally's schema is at when fully upgraded."""
    return frozenset(_scripts().get_heads())


def require_current(bind: Engine | Connection) -> None:
    """Refuse a database that is not at :func:`head_revisions` with one message that says
    what to do. A SQLite file that does not exist is reported, never created."""
    url = bind.engine.url
    if _sqlite_file(url) and not Path(url.database).exists():
        raise DatabaseNotReady(f"no database at {url.database}: run `crosstally init`")
    where = url.render_as_string(hide_password=True)
    try:
        if isinstance(bind, Connection):
            current = frozenset(MigrationContext.configure(bind).get_current_heads())
        else:
            with bind.connect() as connection:
                current = frozenset(MigrationContext.configure(connection).get_current_heads())
    except DBAPIError as error:
        raise DatabaseUnavailable(f"cannot open the database {where}: {error.orig}") from None
    head = head_revisions()
    if current == head:
        return
    if not current:
        raise DatabaseNotReady(
            f"the database {where} has no crosstally schema: run `crosstally init`"
        )
    known = {script.revision for script in _scripts().walk_revisions()}
    if not current <= known:
        raise DatabaseNotReady(
            f"the database {where} is at revision {_names(current)}, newer than this "
            f"crosstally ({_names(head)}): upgrade crosstally"
        )
    raise DatabaseNotReady(
        f"the database {where} is at revision {_names(current)}, this crosstally needs "
        f"{_names(head)}: run `crosstally init` to upgrade it"
    )


def _sqlite_file(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")


def _names(revisions: frozenset[str]) -> str:
    return ", ".join(sorted(revisions))


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
    elif _sqlite_file(url):
        lock_file = f"{url.database}-migrate.lock"
        with FileLock(lock_file, timeout=LOCK_TIMEOUT, mode=PRIVATE_FILE_MODE):
            yield
    else:
        yield
