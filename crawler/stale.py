"""Runs left ``running`` by a process that no longer exists are closed as ``interrupted``.

A crawl killed hard (SIGKILL, the OOM killer, a power cut) never reaches
:func:`crawler.recorder.finish_run`, so its row would say ``running`` for ever: the run
history would lie, and anything waiting for the run to end would wait for ever. The next
crawl (and the next scheduled ``crosstally run``) therefore closes such rows before it
opens its own.

How a dead run is recognised depends on the database:

- PostgreSQL may be shared by crawler processes on several machines (a Redis frontier,
  see :mod:`crawler.distributed`), where a pid means nothing. Each run holds a session
  advisory lock of its own for as long as its process lives (:func:`hold_liveness`, taken
  before the run's row is committed, so no one ever sees the row without the lock). A
  ``running`` row whose lock is free belongs to a process that died or lost its
  connection.
- SQLite lives on one machine: a run is dead when the machine has booted since it started,
  when its pid is not alive (a zombie counts as dead), or when that pid now belongs to a
  process that started after the run did (pid reuse). Rows without a pid are left alone.

A run wrongly closed (a PostgreSQL connection cut while its process lives on) corrects
itself: its own ``finish_run`` rewrites the status when it ends.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session, sessionmaker

from crosstally.db import session_scope
from models import CrawlRun

logger = logging.getLogger("crawler.progress")
PROC = Path("/proc")
# Process start times from /proc are in clock ticks; the run row is written after the
# process started, so only a process that started clearly later is another process.
PID_REUSE_SLACK = timedelta(seconds=2)
# Liveness locks held by this process: run id -> the connection holding it. Kept here so
# that the connection is not garbage-collected (which would release the lock) mid-run.
_held: dict[int, Connection] = {}


def liveness_key(run_id: int) -> int:
    """The advisory lock key of one run (disjoint from crosstally.locking's keys)."""
    digest = hashlib.sha256(f"crosstally:run-alive:{run_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def hold_liveness(session: Session, run_id: int) -> None:
    """On PostgreSQL, lock ``run_id``'s liveness key on a connection of its own until
    :func:`release_liveness` or the end of the process. Call it in the transaction that
    inserts the run's row, before it commits."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql" or run_id in _held:
        return
    connection = bind.engine.connect()
    connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": liveness_key(run_id)})
    connection.commit()
    _held[run_id] = connection


def release_liveness(run_id: int) -> None:
    connection = _held.pop(run_id, None)
    if connection is None:
        return
    try:
        connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": liveness_key(run_id)})
        connection.commit()
    finally:
        connection.close()


def liveness_lock_free(session: Session, run_id: int) -> bool:
    """True when no process holds the run's liveness lock. The probe is a transaction
    lock, released when the caller's transaction ends."""
    probe = text("SELECT pg_try_advisory_xact_lock(:k)")
    return bool(session.scalar(probe, {"k": liveness_key(run_id)}))


@dataclass(frozen=True)
class StaleRun:
    run_id: int
    kind: str
    pid: int | None
    why: str


def boot_time(proc: Path = PROC) -> datetime | None:
    """When this machine booted (``btime`` in /proc/stat), or None off Linux."""
    try:
        for line in (proc / "stat").read_text().splitlines():
            if line.startswith("btime "):
                return datetime.fromtimestamp(int(line.split()[1]), UTC)
    except (OSError, ValueError):
        return None
    return None


def process_state(pid: int, proc: Path = PROC) -> tuple[str, datetime] | None:
    """(state letter, start time) of a live pid from /proc, or None if unknown."""
    booted = boot_time(proc)
    try:
        raw = (proc / str(pid) / "stat").read_text()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may contain spaces.
    fields = raw[raw.rindex(")") + 2 :].split()
    state, ticks = fields[0], int(fields[19])
    if booted is None:
        return None
    return state, booted + timedelta(seconds=ticks / os.sysconf("SC_CLK_TCK"))


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def why_dead(pid: int | None, started_at: datetime, proc: Path = PROC) -> str | None:
    """Why the process of a run started at ``started_at`` is certainly gone, or None."""
    if pid is None:
        return None
    started_at = _aware(started_at)
    booted = boot_time(proc)
    if booted is not None and started_at < booted:
        return f"the machine rebooted at {booted:%Y-%m-%d %H:%M:%S} UTC"
    if not pid_alive(pid):
        return f"process {pid} is gone"
    state = process_state(pid, proc)
    if state is None:
        return None
    letter, began = state
    if letter in ("Z", "X"):
        return f"process {pid} is gone (zombie)"
    if began > started_at + PID_REUSE_SLACK:
        return f"pid {pid} now belongs to a process started at {began:%H:%M:%S} UTC"
    return None


def find_stale_runs(factory: sessionmaker[Session]) -> list[StaleRun]:
    stale = []
    with session_scope(factory) as session:
        postgres = session.get_bind().dialect.name == "postgresql"
        rows = session.execute(
            select(CrawlRun.id, CrawlRun.kind, CrawlRun.pid, CrawlRun.started_at)
            .where(CrawlRun.status == "running")
            .order_by(CrawlRun.id)
        ).all()
        for row in rows:
            if postgres:
                free = liveness_lock_free(session, row.id)
                why = "no process holds its liveness lock" if free else None
            else:
                why = why_dead(row.pid, row.started_at)
            if why is not None:
                stale.append(StaleRun(row.id, row.kind, row.pid, why))
    return stale


def close_stale_runs(factory: sessionmaker[Session]) -> list[StaleRun]:
    """Mark every dead ``running`` run ``interrupted``; return what was closed."""
    from crawler.recorder import finish_run

    stale = find_stale_runs(factory)
    for run in stale:
        if run.kind == "crawl":
            # Counters of the sources that did close are kept; the others are "killed".
            finish_run(factory, run.run_id, status="interrupted")
        else:
            _close_other(factory, run.run_id)
        logger.warning(
            "run %d (%s, pid %s) was left running: %s; marked interrupted",
            run.run_id,
            run.kind,
            run.pid,
            run.why,
        )
    return stale


def _close_other(factory: sessionmaker[Session], run_id: int) -> None:
    with session_scope(factory) as session:
        row = session.get(CrawlRun, run_id)
        if row is not None and row.status == "running":
            row.status = "interrupted"
            row.finished_at = datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were written as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
