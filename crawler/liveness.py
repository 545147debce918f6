"""Is the process of a ``running`` run still there? The rules a stale-run check judges by.

A run killed hard (SIGKILL, the OOM killer, a power cut) never closes its row, which would say
``running`` for ever. :func:`crawler.runs.close_stale_runs` closes such rows; this module
decides which rows those are, by the best evidence each setting has:

- **PostgreSQL** may be shared by crawler processes on several machines (a Redis frontier).
  Each run holds a session advisory lock of its own for as long as its process lives
  (:func:`hold`, taken before the run's row is committed, so no one ever sees the row without
  the lock); a ``running`` row whose lock is free belongs to a process that died or lost its
  connection. That holds whatever machine the process is on.
- **SQLite, a run of this machine** (its ``host`` is this host's name): the local process
  table. The run is dead when the machine has booted since it started, when its pid is not
  alive (a zombie counts as dead), or when that pid now belongs to a process that started
  after the run did (pid reuse). A row without a host is judged as this machine's: a SQLite
  database is used from one machine at a time.
- **SQLite, another machine's run**: its pid means nothing here, so only its heartbeat
  counts. A live run saves its progress every :data:`HEARTBEAT_SECONDS`; one silent for
  :data:`STALE_AFTER` is dead. This is the case of a data directory moved to another machine,
  or of a container restarted under a new host name.

A run wrongly closed (a PostgreSQL connection cut while its process lives on) corrects itself:
its own close rewrites the status when it ends.
"""

from __future__ import annotations

import hashlib
import os
import socket
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

# A live run saves its progress (its heartbeat) this often...
HEARTBEAT_SECONDS = 30.0
# ... and another machine's run silent for this long is taken for dead: many missed beats,
# so a database busy for a while (each save waits for the write lock) is not mistaken for it.
STALE_AFTER = timedelta(minutes=10)
PROC = Path("/proc")
# Process start times from /proc are in clock ticks; the run row is written after the
# process started, so only a process that started clearly later is another process.
PID_REUSE_SLACK = timedelta(seconds=2)
# Liveness locks held by this process: run id -> the connection holding it. Kept here so
# that the connection is not garbage-collected (which would release the lock) mid-run.
_held: dict[int, Connection] = {}


def this_host() -> str:
    """The name a run records as its ``host``, and the frontier's workers go by."""
    return socket.gethostname()


# ------------------------------------------------------------------ PostgreSQL: a lock per run


def liveness_key(run_id: int) -> int:
    """The advisory lock key of one run (disjoint from crosstally.locking's keys)."""
    digest = hashlib.sha256(f"crosstally:run-alive:{run_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def hold(session: Session, run_id: int) -> None:
    """On PostgreSQL, lock ``run_id``'s liveness key on a connection of its own until
    :func:`release` or the end of the process. Call it in the transaction that inserts the
    run's row, before it commits."""
    bind = session.get_bind()
    if bind.dialect.name != "postgresql" or run_id in _held:
        return
    connection = bind.engine.connect()
    connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": liveness_key(run_id)})
    connection.commit()
    _held[run_id] = connection


def release(run_id: int) -> None:
    connection = _held.pop(run_id, None)
    if connection is None:
        return
    try:
        connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": liveness_key(run_id)})
        connection.commit()
    finally:
        connection.close()


def lock_free(session: Session, run_id: int) -> bool:
    """True when no process holds the run's liveness lock. The probe is a transaction
    lock, released when the caller's transaction ends."""
    probe = text("SELECT pg_try_advisory_xact_lock(:k)")
    return bool(session.scalar(probe, {"k": liveness_key(run_id)}))


# ------------------------------------------------------------------ this machine: /proc


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


def why_dead_here(pid: int | None, started_at: datetime, proc: Path = PROC) -> str | None:
    """Why the local process of a run started at ``started_at`` is certainly gone, or None."""
    if pid is None:
        return None
    started_at = aware(started_at)
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


# ------------------------------------------------------------------ the verdict


@dataclass(frozen=True)
class RunningRow:
    """What the stale-run check knows about one ``running`` row."""

    run_id: int
    kind: str
    pid: int | None
    host: str | None
    started_at: datetime
    last_beat: datetime  # its newest saved progress, or its start


def why_stale(
    row: RunningRow, *, lock_is_free: bool | None, here: str, now: datetime
) -> str | None:
    """Why ``row``'s process is gone, or None while it may be alive. ``lock_is_free`` is the
    PostgreSQL liveness probe's answer (None on SQLite)."""
    if lock_is_free is not None:
        return "no process holds its liveness lock" if lock_is_free else None
    if row.host is None or row.host == here:
        return why_dead_here(row.pid, row.started_at)
    silent = aware(now) - aware(row.last_beat)
    if silent > STALE_AFTER:
        minutes = int(silent.total_seconds() // 60)
        return f"no heartbeat from host {row.host} for {minutes} min"
    return None


def aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were written as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
