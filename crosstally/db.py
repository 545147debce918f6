"""Engines and sessions are made by functions, never at import time.

A SQLite database file is created 0600 (:mod:`crosstally.files`) just before SQLite first opens
it, because SQLite would create it with the umask's mode; SQLite then gives its ``-wal``,
``-shm`` and ``-journal`` files the database file's own mode.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from crosstally.config import Settings
from crosstally.files import create_private_file, private_directory

SQLITE_BUSY_TIMEOUT = 60  # seconds a writer waits for another one (a crawl, a worker)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = _sqlite_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT})
    path = _sqlite_path(engine.url)
    if path is not None:
        # On connect, not here: making an engine must not create a database that
        # crosstally.migrate.require_current would then take for an existing one.
        def create_private(*_args: object) -> None:
            # A file that cannot be created here cannot be by SQLite either, which then
            # says so in its own error; this only decides the mode of one that can.
            with suppress(OSError):
                create_private_file(path)

        event.listen(engine, "do_connect", create_private)
    return engine


def _sqlite_path(url: URL) -> Path | None:
    """The database file of a SQLite URL; None for an in-memory database or a ``file:`` URI
    (whose query may ask SQLite not to create the file at all)."""
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets the review app read while a crawl writes; foreign keys are off by default.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_migration_engine(url: str) -> Engine:
    """The engine Alembic migrates with.

    On SQLite it applies the pysqlite transactional-DDL recipe of SQLAlchemy's documentation:
    pysqlite opens a transaction only before INSERT, UPDATE and DELETE, so every CREATE TABLE
    would commit on its own, and a process killed in the middle of the first migration would
    leave tables without ``alembic_version`` (which no later upgrade gets past). With the
    driver's own transaction handling off and ``BEGIN IMMEDIATE`` emitted whenever SQLAlchemy
    begins, a migration commits whole or not at all, and holds the write lock from its start.

    Foreign keys are off on these connections: a batch migration rebuilds a table (copy, drop,
    rename), and dropping a table that other rows refer to would fail. ``migrations/env.py``
    checks them before it commits. The pragma has to be set here, outside any transaction,
    because SQLite ignores it inside one.
    """
    if not url.startswith("sqlite"):
        return make_engine(url)
    engine = _sqlite_engine(url)
    event.listen(engine, "connect", _sqlite_migration_pragmas)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_migration_pragmas(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_sessionmaker(settings: Settings) -> sessionmaker[Session]:
    if settings.database_url.startswith("sqlite"):
        private_directory(settings.data_dir)
    return sessionmaker(make_engine(settings.database_url), expire_on_commit=False)


def open_database(settings: Settings) -> sessionmaker[Session]:
    """Sessions on a database at the schema this crosstally needs, or a
    :class:`~crosstally.errors.DatabaseNotReady` that says to run ``crosstally init``.

    Every command that reads or writes stored data starts here or with
    :func:`require_database` (only ``init`` creates or upgrades the schema), so an
    un-migrated database gets the same answer from each."""
    from crosstally.migrate import require_current

    engine = make_engine(settings.database_url)
    try:
        require_current(engine)
    except BaseException:
        engine.dispose()
        raise
    return sessionmaker(engine, expire_on_commit=False)


def require_database(settings: Settings) -> None:
    """:func:`open_database`'s check alone, for a command whose work opens its own
    connections (a crawl's pipelines, extraction workers) once it has taken its lock."""
    open_database(settings).kw["bind"].dispose()


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction: committed whole or rolled back whole."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
