"""A run's life (crawler.runs): its row names this process and host, its heartbeat saves the
live counters while it runs, and a run its caller leaves on an exception is closed
``interrupted``, its locks released. On the database of the pass."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from crawler import liveness, runs, storage
from crawler.summary import SourceCounters
from models import CrawlRun


@pytest.fixture
def factory(migrated_database_url: str, tmp_path: Path) -> sessionmaker[Session]:
    return storage.session_factory(migrated_database_url, str(tmp_path))


def _row(factory: sessionmaker[Session], run_id: int) -> CrawlRun:
    with factory() as session:
        row = session.get(CrawlRun, run_id)
        assert row is not None
        return row


def _until(condition: Callable[[], bool], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_the_heartbeat_saves_live_counters_stamped_with_their_time(
    factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(liveness, "HEARTBEAT_SECONDS", 0.05)
    counters = SourceCounters(fetched=1)
    with runs.open_run(factory, "crawl", ["a"], ["https://x.org/"]) as run:
        row = _row(factory, run.id)
        assert (row.status, row.pid, row.host) == ("running", os.getpid(), socket.gethostname())
        run.track("a", counters)
        _until(lambda: _row(factory, run.id).stats.get("a", {}).get("fetched") == 1)
        first = runs.last_beat(_row(factory, run.id))
        counters.fetched, counters.new = 7, 3
        _until(lambda: _row(factory, run.id).pages_new == 3)
        row = _row(factory, run.id)
        assert row.pages_fetched == 7 and row.stats["a"]["new"] == 3
        assert runs.last_beat(row) > first > liveness.aware(row.started_at)
        counters.close_reason = "finished"
        summary = run.finish_crawl()
    assert summary.status == "succeeded"
    assert _row(factory, run.id).status == "succeeded"


@pytest.mark.parametrize("kind", ["crawl", "run"])
def test_a_run_left_on_an_exception_is_closed_interrupted(
    factory: sessionmaker[Session], kind: runs.Kind
) -> None:
    with pytest.raises(KeyboardInterrupt), runs.open_run(factory, kind, ["a", "b"]) as run:
        run.track("a", SourceCounters(fetched=2, new=1, close_reason="finished"))
        run.note(stage="extract")
        raise KeyboardInterrupt
    row = _row(factory, run.id)
    assert row.status == "interrupted" and row.finished_at is not None
    if kind == "crawl":
        assert row.stats["a"]["new"] == 1 and row.stats["b"] == {"close_reason": "killed"}
    else:
        assert row.stats["stage"] == "extract"
    assert run.closed and run.id not in liveness._held
    with pytest.raises(RuntimeError, match="not open in this process"):
        runs.current(run.id)
