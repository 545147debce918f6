"""One run at a time: a file lock for SQLite, an advisory lock for PostgreSQL.

Overlapping scheduled runs (a slow crawl still going when cron fires again) must not process
the same documents twice; the second run exits at once with a clear message (status 75,
EX_TEMPFAIL: cron may simply try again later).

A lock can also be taken *shared*: crawler processes that share one Redis frontier (see
:mod:`crawler.distributed`) are meant to run together, so each takes the crawl lock shared.
They still exclude a plain crawl (which takes it exclusively) and the other way round, because
two crawls with separate frontiers would fetch and store the same pages twice. On PostgreSQL
that is ``pg_try_advisory_lock_shared``, and it holds across machines; on SQLite (one machine,
one data directory) it is ``flock(LOCK_SH)`` on the very file the exclusive lock uses.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout
from sqlalchemy import text

from crosstally.config import Settings
from crosstally.db import make_engine
from crosstally.errors import CrosstallyError
from crosstally.files import PRIVATE_FILE_MODE, private_directory


class RunLocked(CrosstallyError):
    exit_code = 75  # EX_TEMPFAIL: try again later


def _advisory_key(name: str) -> int:
    digest = hashlib.sha256(f"crosstally:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def lock_path(settings: Settings, name: str) -> Path:
    return settings.data_dir / f"crosstally-{name}.lock"


@contextmanager
def run_lock(settings: Settings, name: str = "run", *, shared: bool = False) -> Iterator[None]:
    """Hold the lock ``name`` for the block, or raise :class:`RunLocked` at once."""
    if settings.database_url.startswith("postgresql"):
        with _advisory_lock(settings.database_url, name, shared):
            yield
        return
    private_directory(settings.data_dir)
    path = lock_path(settings, name)
    if shared:
        with _shared_file_lock(path, name):
            yield
        return
    lock = FileLock(str(path), mode=PRIVATE_FILE_MODE)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise RunLocked(_busy(name, f"lock file {lock.lock_file}")) from None
    try:
        yield
    finally:
        lock.release()


def _busy(name: str, where: str) -> str:
    return f"another crosstally {name} is running (it holds {where}); try again when it is done"


@contextmanager
def _advisory_lock(url: str, name: str, shared: bool) -> Iterator[None]:
    engine = make_engine(url)
    key = _advisory_key(name)
    suffix = "_shared" if shared else ""
    try:
        with engine.connect() as connection:
            got = connection.execute(
                text(f"SELECT pg_try_advisory_lock{suffix}(:k)"), {"k": key}
            ).scalar()
            # Commit, or the connection would sit "idle in transaction" for the whole run.
            connection.commit()
            if not got:
                raise RunLocked(_busy(name, f"the database's advisory lock 'crosstally:{name}'"))
            try:
                yield
            finally:
                connection.execute(text(f"SELECT pg_advisory_unlock{suffix}(:k)"), {"k": key})
                connection.commit()
    finally:
        engine.dispose()


@contextmanager
def _shared_file_lock(path: Path, name: str) -> Iterator[None]:
    """``flock(LOCK_SH)``: compatible with other shared holders, not with FileLock's
    ``LOCK_EX`` on the same file (FileLock keeps the file in place, so the inode is shared)."""
    import fcntl

    fd = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RunLocked(_busy(name, f"lock file {path}")) from None
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
