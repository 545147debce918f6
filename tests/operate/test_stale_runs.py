"""Runs a killed process left ``running`` are closed ``interrupted`` by the next run that opens,
judged by the evidence each setting has (crawler.liveness): on PostgreSQL the run's liveness
lock, on SQLite the local process table for this machine's runs and the heartbeat for another
machine's. Everything runs against the database of the pass (SQLite, then PostgreSQL)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from crawler import liveness
from crawler.sample_server import SampleServer
from models import CrawlRun
from tests.operate.conftest import REPO_ROOT, Workspace, crosstally_command

ELSEWHERE = "crawler-2.invalid"  # a host name no test machine has


def test_a_killed_crawl_is_marked_interrupted_by_the_next_one(
    workspace: Workspace, sample_server: SampleServer
) -> None:
    slow = f"{sample_server.url}/hostile/slow"
    command = crosstally_command(
        workspace, "crawl", "--start-url", slow, "--source-id", "slow-one", "--timeout", "60"
    )
    process = subprocess.Popen(command, cwd=REPO_ROOT, stderr=subprocess.DEVNULL)
    try:
        _wait_for(lambda: "/hostile/slow" in sample_server.requested_paths, process)
        (running,) = [r for r in workspace.all(CrawlRun) if r.status == "running"]
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    assert (running.pid, running.host) == (process.pid, socket.gethostname())
    synthetic = _synthetic_runs(workspace)
    try:
        probe = f"{sample_server.url}/hostile/404"
        result = workspace.crosstally("crawl", "--start-url", probe, "--source-id", "probe")
    finally:
        for run_id in synthetic:
            liveness.release(run_id)
    assert result.returncode == 1, result.stderr  # the probe itself fails: a 404
    where = f"pid {process.pid} on {socket.gethostname()}"
    assert f"run {running.id} (crawl, {where}) was left running" in result.stderr
    runs = {run.id: run for run in workspace.all(CrawlRun)}
    killed = runs[running.id]
    assert killed.status == "interrupted"
    assert killed.stats["slow-one"]["close_reason"] == "killed"
    assert killed.finished_at is not None
    postgres = workspace.database_url.startswith("postgresql")
    for run_id, (expected_sqlite, expected_postgres) in synthetic.items():
        expected = expected_postgres if postgres else expected_sqlite
        assert runs[run_id].status == expected, (run_id, runs[run_id].host, runs[run_id].stats)
    assert runs[max(runs)].status == "failed"  # the probe's own run was closed normally


def _synthetic_runs(workspace: Workspace) -> dict[int, tuple[str, str]]:
    """Rows as other processes would have left them -> expected status (SQLite, PostgreSQL).
    SQLite judges this machine's runs by pid and boot time and other machines' by their
    heartbeat; PostgreSQL judges every run by its liveness lock, wherever it runs."""
    here, booted = socket.gethostname(), liveness.boot_time()
    now = datetime.now(UTC)
    hour_ago = now - timedelta(hours=1)
    dead = subprocess.Popen(["true"])
    dead.wait()

    def beat(minutes_ago: int) -> dict:
        saved = (now - timedelta(minutes=minutes_ago)).isoformat()
        return {"x": {"fetched": 3, "saved_at": saved}}

    cases: list[tuple[CrawlRun, bool, tuple[str, str]]] = [
        # This machine, a live process (this one) that holds its lock.
        (CrawlRun(kind="crawl", pid=os.getpid(), host=here), True, ("running",) * 2),
        # This machine, a dead pid; no lock held.
        (CrawlRun(kind="run", pid=dead.pid, host=here), False, ("interrupted",) * 2),
        # No pid, no host: SQLite cannot tell; PostgreSQL sees no lock.
        (CrawlRun(kind="crawl", pid=None, host=None), False, ("running", "interrupted")),
        # Another machine: its pid is dead *here*, which says nothing; it started just now.
        (CrawlRun(kind="crawl", pid=dead.pid, host=ELSEWHERE), False, ("running", "interrupted")),
        # Another machine, silent for 20 minutes: dead, though its pid is alive here.
        (
            CrawlRun(
                kind="crawl", pid=os.getpid(), host=ELSEWHERE, started_at=hour_ago, stats=beat(20)
            ),
            False,
            ("interrupted",) * 2,
        ),
        # Another machine, started an hour ago, a source's counters saved a minute ago.
        (
            CrawlRun(kind="crawl", pid=None, host=ELSEWHERE, started_at=hour_ago, stats=beat(1)),
            True,
            ("running",) * 2,
        ),
    ]
    if booted is not None:
        before_boot = CrawlRun(
            kind="crawl", pid=os.getpid(), host=here, started_at=booted - timedelta(hours=1)
        )
        cases.append((before_boot, False, ("interrupted",) * 2))
    expected: dict[int, tuple[str, str]] = {}
    with workspace.session() as session:
        for run, alive, outcome in cases:
            run.status = "running"
            run.started_at = run.started_at or now
            run.source_ids = ["x"]
            session.add(run)
            session.flush()
            if alive:
                liveness.hold(session, run.id)
            expected[run.id] = outcome
        session.commit()
    return expected


def _wait_for(
    condition: Callable[[], bool], process: subprocess.Popen, timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, "the crawl ended before it could be killed"
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_why_dead_here_judges_by_pid_start_time_and_boot() -> None:
    booted = liveness.boot_time()
    if booted is None:
        pytest.skip("no /proc/stat")
    now = datetime.now(UTC)
    assert liveness.why_dead_here(None, now) is None
    assert liveness.why_dead_here(os.getpid(), now) is None
    state = liveness.process_state(os.getpid())
    assert state is not None and state[0] in "RS"
    began = state[1]
    assert abs((began - now).total_seconds()) < 24 * 3600
    dead = subprocess.Popen(["true"])
    dead.wait()
    assert liveness.why_dead_here(dead.pid, now) == f"process {dead.pid} is gone"
    assert "rebooted" in (liveness.why_dead_here(os.getpid(), booted - timedelta(minutes=1)) or "")
    if began - timedelta(seconds=10) > booted:
        reused = liveness.why_dead_here(os.getpid(), began - timedelta(seconds=10))
        assert reused is not None and "now belongs to a process started" in reused
    zombie = subprocess.Popen(["true"])
    try:
        deadline = time.monotonic() + 10
        while (liveness.process_state(zombie.pid) or ("?",))[0] != "Z":
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert liveness.why_dead_here(zombie.pid, now - timedelta(seconds=1)) == (
            f"process {zombie.pid} is gone (zombie)"
        )
    finally:
        zombie.wait()


def test_another_hosts_run_is_judged_by_its_heartbeat_alone() -> None:
    """The rule itself, at chosen times: a pid is judged only on the host that recorded it."""
    now = datetime.now(UTC)
    dead = subprocess.Popen(["true"])
    dead.wait()

    def row(
        host: str | None, pid: int | None, beat_minutes_ago: float, started_minutes_ago: float = 120
    ) -> liveness.RunningRow:
        started = now - timedelta(minutes=started_minutes_ago)
        beat = now - timedelta(minutes=beat_minutes_ago)
        return liveness.RunningRow(1, "crawl", pid, host, started, beat)

    def verdict(running: liveness.RunningRow, lock_is_free: bool | None = None) -> str | None:
        return liveness.why_stale(running, lock_is_free=lock_is_free, here="here", now=now)

    silence = liveness.STALE_AFTER.total_seconds() / 60
    assert verdict(row("there", dead.pid, 1)) is None  # its pid means nothing here
    assert verdict(row("there", None, silence - 1)) is None
    assert verdict(row("there", None, silence + 1)) == (
        f"no heartbeat from host there for {int(silence) + 1} min"
    )
    # This host's run (or one without a host): the process table decides, whatever its
    # heartbeat says.
    assert verdict(row("here", dead.pid, 0, 0)) == f"process {dead.pid} is gone"
    assert verdict(row(None, dead.pid, 0, 0)) == f"process {dead.pid} is gone"
    assert verdict(row("here", None, silence + 1)) is None
    # PostgreSQL: the liveness lock decides, for every host.
    assert verdict(row("there", None, silence + 1), lock_is_free=False) is None
    assert verdict(row("here", os.getpid(), 0), lock_is_free=True) == (
        "no process holds its liveness lock"
    )
