"""Shared fixtures: a fresh database per test on the backend under test, and real services.

Which backend: ``CROSSTALLY_TEST_DATABASE`` (``sqlite`` by default, or ``postgresql``); see
``tests/support/databases.py``. ``make test`` runs the SQLite pass, then the PostgreSQL pass,
which selects only the tests marked ``database``.

- ``database_url``: a fresh, empty database of the backend under test.
- ``migrated_database_url``: the same, at the newest schema.
- ``database_backend``: the factory behind both; any fixture that creates databases should
  depend on it, which is what marks its tests ``database``.
- ``sqlite_url`` / ``postgres_url``: pinned to one dialect, whatever the pass (SQLite-only or
  PostgreSQL-only behaviour). Tests using only these are not repeated by the PostgreSQL pass.
- ``need(condition, reason)``: skip locally, fail when ``CI`` is set.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from crosstally.config import ENV_DATA_DIR, ENV_DATABASE_URL, ENV_REDIS_URL, ENV_SOURCES_DIR
from tests.support.databases import DATABASE_MARK, DATABASES, Databases
from tests.support.postgres import PostgresServer
from tests.support.services import in_ci, need

__all__ = ["IN_CI", "need"]

IN_CI = in_ci()
BACKEND_FIXTURE = "database_backend"
WHERE_DATA_GOES = (
    ENV_DATABASE_URL,
    ENV_DATA_DIR,
    ENV_SOURCES_DIR,
    ENV_REDIS_URL,
    "CROSSTALLY_FRONTIER",
)


def pytest_configure(config: pytest.Config) -> None:
    # A developer's own database, data directory or Redis must never reach the code under
    # test or the commands it starts: tests bring their own.
    for name in WHERE_DATA_GOES:
        os.environ.pop(name, None)
    config.addinivalue_line(
        "markers",
        f"{DATABASE_MARK}: stores data; run again on PostgreSQL by the PostgreSQL pass",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test whose fixtures create databases; on the PostgreSQL pass, keep only them."""
    for item in items:
        if BACKEND_FIXTURE in getattr(item, "fixturenames", ()):
            item.add_marker(DATABASE_MARK)
    if DATABASES.backend == "sqlite":
        return
    kept = [item for item in items if item.get_closest_marker(DATABASE_MARK)]
    dropped = [item for item in items if not item.get_closest_marker(DATABASE_MARK)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_report_header(config: pytest.Config) -> str:
    note = "" if DATABASES.backend == "sqlite" else " (only tests marked 'database')"
    return f"crosstally test database: {DATABASES.backend}{note}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    # Lets Databases.check_marked() name the test that asked for a database.
    DATABASES.current_item = item
    return (yield)


def pytest_sessionfinish(session: pytest.Session) -> None:
    DATABASES.close()


@pytest.fixture(scope="session")
def database_backend() -> Databases:
    """The factory of fresh databases for the backend under test."""
    if DATABASES.backend == "postgresql":
        DATABASES.server()  # skip (or, under CI, fail) here when PostgreSQL is missing
    return DATABASES


@pytest.fixture
def new_database_url(database_backend: Databases, tmp_path: Path) -> Iterator[Callable[..., str]]:
    """``new_database_url(directory=None, migrated=False)``: as many fresh databases as a test
    needs, dropped after it."""
    made: list[str] = []

    def make(directory: Path | None = None, *, migrated: bool = False) -> str:
        if directory is None:
            directory = tmp_path / f"db{len(made)}" if made else tmp_path
            directory.mkdir(parents=True, exist_ok=True)
        url = database_backend.new_url(directory, migrated=migrated)
        made.append(url)
        return url

    yield make
    for url in made:
        database_backend.drop(url)


@pytest.fixture
def database_url(new_database_url: Callable[..., str]) -> str:
    """A fresh, empty database of the backend under test (SQLite file or PostgreSQL)."""
    return new_database_url()


@pytest.fixture
def migrated_database_url(new_database_url: Callable[..., str]) -> str:
    """A fresh database of the backend under test, already at the newest schema."""
    return new_database_url(migrated=True)


@pytest.fixture(scope="session")
def postgres() -> PostgresServer:
    """The session's PostgreSQL server (the same one the PostgreSQL pass uses)."""
    return DATABASES.server()  # skips (or, under CI, fails) when PostgreSQL is missing


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'crosstally.sqlite'}"


@pytest.fixture
def postgres_url(postgres: PostgresServer) -> Iterator[str]:
    url = DATABASES.new_postgres_url()
    yield url
    DATABASES.drop(url)
