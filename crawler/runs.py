"""One run's life, the same for every caller: open, heartbeat, close, and recovery of runs
that died.

Callers: ``crosstally crawl`` (:mod:`crawler.runner`, also each process of a shared Redis
frontier, which records a crawl run of its own), a bare ``scrapy crawl`` (the recorder opens
its own run), and the scheduled job (:mod:`crosstally.job`, a run of kind ``run``). Each
checks the schema before it opens a run (:func:`crosstally.migrate.require_current`); none
migrates.

- **Open** (:func:`open_run`): close the runs that died first (their rows would say
  ``running`` for ever), then insert the row with this process's pid and host, holding the
  run's liveness lock on PostgreSQL (:mod:`crawler.liveness`) before anyone can see it.
- **Heartbeat**: while it is open a thread saves the run's progress every
  :data:`~crawler.liveness.HEARTBEAT_SECONDS`, each save stamped ``saved_at``: a crawl's
  per-source counters (``stats[source_id]``, so ``crosstally status`` shows live figures) or
  the job's own fields. The newest ``saved_at`` is what another machine judges the run by.
- **Close** (:meth:`OpenRun.finish_crawl`, :meth:`OpenRun.finish_job`): the final counters,
  status and end time; then the lock and whatever the run held are released. A run left by an
  exception is closed ``interrupted``.
- **Recover** (:func:`close_stale_runs`): rows whose process is gone are closed
  ``interrupted``, keeping the counters their sources saved.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from crawler import liveness
from crawler.summary import KILLED, CrawlSummary, SourceCounters, run_status, totals
from crosstally.db import session_scope
from models import CrawlError, CrawlRun

logger = logging.getLogger("crawler.progress")

Kind = Literal["crawl", "run"]
# The runs this process has open, by id: a crawl's recorders (Scrapy extensions, one per
# source) find the run the runner opened here.
_open: dict[int, OpenRun] = {}


class OpenRun:
    """A run this process has opened and not yet closed."""

    def __init__(
        self, factory: sessionmaker[Session], run_id: int, kind: Kind, holding: ExitStack
    ) -> None:
        self.factory = factory
        self.id = run_id
        self.kind = kind
        self.closed = False
        self._sources: dict[str, SourceCounters] = {}
        self._progress: dict[str, Any] = {}
        self._holding = holding
        self._saving = threading.Lock()
        self._stop = threading.Event()
        self._heartbeat = threading.Thread(
            target=self._beat, name=f"crosstally-run-{run_id}-heartbeat", daemon=True
        )

    # -------------------------------------------------------------- while it runs

    def start_heartbeat(self) -> None:
        self._heartbeat.start()

    def track(self, source_id: str, counters: SourceCounters) -> None:
        """Save ``counters`` as ``stats[source_id]`` with every heartbeat (crawl runs)."""
        self._sources[source_id] = counters

    def note(self, **progress: Any) -> None:
        """Fields of the run's own progress, saved with the next heartbeat (job runs)."""
        self._progress.update(progress)

    def save(self) -> None:
        """Save the progress now (the heartbeat does it every HEARTBEAT_SECONDS)."""
        with self._saving, session_scope(self.factory) as session:
            row = session.get(CrawlRun, self.id, with_for_update=True)
            if row is None or row.status != "running":
                return  # a stale-run check took it for dead; finishing rewrites the row
            stamp = datetime.now(UTC).isoformat()
            stats = dict(row.stats or {})
            for source_id, counters in list(self._sources.items()):
                stats[source_id] = {**counters.entry(), "saved_at": stamp}
            if self.kind != "crawl":
                stats.update(self._progress, saved_at=stamp)
            row.stats = stats  # reassigned, not mutated, so the JSON column is seen as changed
            if self.kind == "crawl":
                _set_totals(row, stats)

    def _beat(self) -> None:
        while not self._stop.wait(liveness.HEARTBEAT_SECONDS):
            try:
                self.save()
            except Exception as error:  # the next beat tries again; the thread must not die
                logger.warning("run %d: heartbeat not saved: %s", self.id, error)

    # -------------------------------------------------------------- closing

    def finish_crawl(
        self,
        crashed: dict[str, str] | None = None,
        warc_files: Sequence[str] = (),
        status: str | None = None,
    ) -> CrawlSummary:
        """Close a crawl run: per-source counters totalled, its status decided (unless
        given), sources that crashed or never closed marked so."""
        self._stop_heartbeat()
        try:
            self.save()
            return close_crawl_row(self.factory, self.id, crashed, warc_files, status)
        finally:
            self._release()

    def finish_job(self, status: str, stats: dict[str, Any]) -> None:
        """Close a job run with its final status and figures."""
        self._stop_heartbeat()
        try:
            with session_scope(self.factory) as session:
                row = session.get(CrawlRun, self.id)
                if row is None:
                    raise RuntimeError(f"run {self.id} vanished from the database")
                row.status, row.stats = status, stats
                row.finished_at = datetime.now(UTC)
        finally:
            self._release()

    def __enter__(self) -> OpenRun:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """A run its caller leaves without closing it (an exception, Ctrl-C) is closed
        ``interrupted``; whatever goes wrong doing so is logged, never raised over the
        exception that is on its way out."""
        if self.closed:
            return
        try:
            if self.kind == "crawl":
                self.finish_crawl(status="interrupted")
            else:
                self.finish_job("interrupted", {**self._progress})
        except Exception as failure:
            logger.warning("run %d could not be closed: %s", self.id, failure)
            self._release()

    def _stop_heartbeat(self) -> None:
        self._stop.set()
        if self._heartbeat.is_alive() and threading.current_thread() is not self._heartbeat:
            self._heartbeat.join()

    def _release(self) -> None:
        if self.closed:
            return
        self.closed = True
        _open.pop(self.id, None)
        liveness.release(self.id)
        self._holding.close()


def open_run(
    factory: sessionmaker[Session],
    kind: Kind,
    source_ids: Iterable[str],
    start_urls: Iterable[str] = (),
    *,
    holding: ExitStack | None = None,
) -> OpenRun:
    """Recover the runs that died, then open one of this process. ``holding`` (a lock the
    caller took for the run) is released when the run closes."""
    close_stale_runs(factory)
    with session_scope(factory) as session:
        row = CrawlRun(
            kind=kind,
            status="running",
            source_ids=list(source_ids),
            start_urls=list(start_urls),
            pid=os.getpid(),
            host=liveness.this_host(),
        )
        session.add(row)
        session.flush()
        liveness.hold(session, row.id)
        run_id = row.id
    run = _open[run_id] = OpenRun(factory, run_id, kind, holding or ExitStack())
    run.start_heartbeat()
    return run


def current(run_id: int) -> OpenRun:
    """The run ``run_id`` opened by this process."""
    try:
        return _open[run_id]
    except KeyError:
        raise RuntimeError(f"run {run_id} is not open in this process") from None


def close_crawl_row(
    factory: sessionmaker[Session],
    run_id: int,
    crashed: dict[str, str] | None = None,
    warc_files: Sequence[str] = (),
    status: str | None = None,
) -> CrawlSummary:
    """Total a crawl row's per-source counters, decide its status (unless given: a run found
    dead is ``interrupted`` whatever it had done) and close it."""
    with session_scope(factory) as session:
        run = session.get(CrawlRun, run_id)
        if run is None:
            raise RuntimeError(f"crawl run {run_id} vanished from the database")
        stats = dict(run.stats or {})
        for source_id, message in (crashed or {}).items():
            stats[source_id] = {**stats.get(source_id, {}), "crashed": message}
        for source_id in run.source_ids:
            entry = stats.setdefault(source_id, {})
            if not entry.get("close_reason") and "crashed" not in entry:
                stats[source_id] = {**entry, "close_reason": KILLED}
        run.stats = stats
        counted = _set_totals(run, stats)
        run.status = status or run_status(stats, counted)
        run.finished_at = datetime.now(UTC)
        errors = dict(
            session.execute(
                select(CrawlError.reason, func.count())
                .where(CrawlError.run_id == run_id)
                .group_by(CrawlError.reason)
            ).all()
        )
        return CrawlSummary(
            run_id=run.id,
            status=run.status,
            started_at=liveness.aware(run.started_at),
            finished_at=run.finished_at,
            pages_fetched=run.pages_fetched,
            pages_new=run.pages_new,
            pages_changed=run.pages_changed,
            pages_unchanged=run.pages_unchanged,
            pages_failed=run.pages_failed,
            per_source=stats,
            errors_by_reason=errors,
            warc_files=list(warc_files),
        )


def _set_totals(run: CrawlRun, stats: dict[str, dict[str, Any]]) -> Counter[str]:
    counted = totals(stats)
    run.pages_fetched, run.pages_new = counted["fetched"], counted["new"]
    run.pages_changed, run.pages_unchanged = counted["changed"], counted["unchanged"]
    run.pages_failed = counted["failed"]
    return counted


# ------------------------------------------------------------------ recovery


def last_beat(row: CrawlRun) -> datetime:
    """The newest ``saved_at`` of the run's progress (its own, or one of its sources'),
    or its start when it has saved none."""
    stats = row.stats or {}
    stamps = [stats.get("saved_at")]
    stamps += [entry.get("saved_at") for entry in stats.values() if isinstance(entry, dict)]
    beats = [datetime.fromisoformat(s) for s in stamps if isinstance(s, str)]
    return max([liveness.aware(row.started_at), *(liveness.aware(b) for b in beats)])


def find_stale_runs(factory: sessionmaker[Session]) -> list[tuple[CrawlRun, str]]:
    """Every ``running`` row whose process is gone, with the reason (:mod:`crawler.liveness`)."""
    here, now = liveness.this_host(), datetime.now(UTC)
    stale: list[tuple[CrawlRun, str]] = []
    with session_scope(factory) as session:
        postgres = session.get_bind().dialect.name == "postgresql"
        rows = session.scalars(
            select(CrawlRun).where(CrawlRun.status == "running").order_by(CrawlRun.id)
        ).all()
        for row in rows:
            facts = liveness.RunningRow(
                row.id, row.kind, row.pid, row.host, row.started_at, last_beat(row)
            )
            free = liveness.lock_free(session, row.id) if postgres else None
            why = liveness.why_stale(facts, lock_is_free=free, here=here, now=now)
            if why is not None:
                session.expunge(row)
                stale.append((row, why))
    return stale


def close_stale_runs(factory: sessionmaker[Session]) -> list[int]:
    """Close every dead ``running`` run as ``interrupted``; return their ids."""
    closed = []
    for row, why in find_stale_runs(factory):
        if row.kind == "crawl":
            close_crawl_row(factory, row.id, status="interrupted")
        else:
            _close_other(factory, row.id)
        where = f"pid {row.pid}" + (f" on {row.host}" if row.host else "")
        logger.warning(
            "run %d (%s, %s) was left running: %s; marked interrupted", row.id, row.kind, where, why
        )
        closed.append(row.id)
    return closed


def _close_other(factory: sessionmaker[Session], run_id: int) -> None:
    with session_scope(factory) as session:
        row = session.get(CrawlRun, run_id)
        if row is not None and row.status == "running":
            row.status = "interrupted"
            row.finished_at = datetime.now(UTC)
