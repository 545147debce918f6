"""Which database the suite runs on, and fresh databases of that kind for each test.

`make test` runs pytest twice: once on SQLite (the default), then with
``CROSSTALLY_TEST_DATABASE=postgresql``, which gives every test that stores anything a fresh
database on one throwaway PostgreSQL server instead of a SQLite file. Application code must
behave the same on both, and the second pass is what proves it.

The PostgreSQL pass runs only the tests marked ``database`` (see ``tests/conftest.py``): the
mark is added to every test whose fixtures reach ``database_backend``, and test modules that
build databases without a fixture mark themselves. Pure unit tests would only repeat the
SQLite pass. A test that creates a database without the mark fails with an explanation (see
:meth:`Databases.check_marked`), so a new test cannot silently escape the PostgreSQL pass.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import uuid
from pathlib import Path
from typing import Any

from tests.support.postgres import PostgresServer, find_bindir
from tests.support.services import need

ENV_BACKEND = "CROSSTALLY_TEST_DATABASE"
BACKENDS = ("sqlite", "postgresql")
_ALIASES = {"": "sqlite", "postgres": "postgresql", "pg": "postgresql"}
DATABASE_MARK = "database"
_TEMPLATE = "crosstally_migrated_template"


def selected_backend(env: dict[str, str] | None = None) -> str:
    """``sqlite`` or ``postgresql``, from ``CROSSTALLY_TEST_DATABASE``."""
    raw = (os.environ if env is None else env).get(ENV_BACKEND, "").strip().lower()
    backend = _ALIASES.get(raw, raw)
    if backend not in BACKENDS:
        raise ValueError(f"{ENV_BACKEND}={raw!r}: use one of {', '.join(BACKENDS)}")
    return backend


class Databases:
    """Hands out fresh databases of one backend.

    The PostgreSQL server is started on first use (a SQLite pass that never asks for it never
    pays for it) and stopped by :meth:`close` at the end of the session.
    """

    def __init__(self, backend: str) -> None:
        self.backend = backend
        self.current_item: Any = None  # the pytest item being run, set by tests/conftest.py
        self._server: PostgresServer | None = None
        self._template_ready = False

    def server(self) -> PostgresServer:
        if self._server is None:
            need(find_bindir() is not None, "PostgreSQL server binaries are not installed")
            self._server = PostgresServer.start()
            atexit.register(self.close)  # also when pytest dies before sessionfinish
        return self._server

    def new_url(self, directory: Path, *, migrated: bool = False) -> str:
        """A database no other test uses: a SQLite file in ``directory``, or a new PostgreSQL
        database. ``migrated`` ones are at the newest schema already (on PostgreSQL, a copy of
        a template upgraded once per session, which is ~3x cheaper than upgrading each)."""
        self.check_marked()
        if self.backend == "sqlite":
            url = f"sqlite:///{directory / 'crosstally.sqlite'}"
            if migrated:
                from crosstally import migrate

                directory.mkdir(parents=True, exist_ok=True)
                migrate.upgrade(url)
            return url
        return self.new_postgres_url(template=_TEMPLATE if migrated else None)

    def new_postgres_url(self, template: str | None = None) -> str:
        server = self.server()
        if template == _TEMPLATE and not self._template_ready:
            from crosstally import migrate

            migrate.upgrade(server.create_database(_TEMPLATE))
            self._template_ready = True
        return server.create_database(f"t_{uuid.uuid4().hex[:12]}", template=template)

    def drop(self, url: str) -> None:
        """Drop a PostgreSQL database after its test (each one costs ~8 MB of disk)."""
        if self._server is not None and url.startswith("postgresql"):
            with contextlib.suppress(Exception):
                self._server.drop_database(url.rsplit("/", 1)[1])

    def check_marked(self) -> None:
        """Refuse to create a database for a test the PostgreSQL pass would not select."""
        item = self.current_item
        if item is None or item.get_closest_marker(DATABASE_MARK) is not None:
            return
        raise RuntimeError(
            f"{item.nodeid} creates a database but is not marked '{DATABASE_MARK}', so the "
            f"PostgreSQL pass would skip it: use the database_url fixture (or another fixture "
            f"that depends on database_backend), or mark the module with "
            f"pytestmark = pytest.mark.{DATABASE_MARK}"
        )

    def close(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None


DATABASES = Databases(selected_backend())
