"""One run at a time: a file lock for SQLite, an advisory lock for PostgreSQL.

Overlapping scheduled runs (a slow crawl still going when cron fires again) must not process
the same documents twice; the second run exits at once with a clear message.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from filelock import FileLock, Timeout
from sqlalchemy import text

from crosstally.config import Settings
from crosstally.db import make_engine
from crosstally.errors import CrosstallyError


class RunLocked(CrosstallyError):
    exit_code = 75  # EX_TEMPFAIL: try again later


def _advisory_key(name: str) -> int:
    digest = hashlib.sha256(f"crosstally:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def run_lock(settings: Settings, name: str = "run") -> Iterator[None]:
    if settings.database_url.startswith("postgresql"):
        with _advisory_lock(settings.database_url, name):
            yield
        return
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(settings.data_dir / f"crosstally-{name}.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise RunLocked(f"another crosstally {name} holds {lock.lock_file}") from None
    try:
        yield
    finally:
        lock.release()


@contextmanager
def _advisory_lock(url: str, name: str) -> Iterator[None]:
    engine = make_engine(url)
    key = _advisory_key(name)
    try:
        with engine.connect() as connection:
            got = connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
            if not got:
                raise RunLocked(f"another crosstally {name} holds the database's advisory lock")
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                connection.commit()
    finally:
        engine.dispose()
