"""The scheduled job behind ``crosstally run``: crawl what is due, extract what is pending
while the crawl stores it, reconcile; one ``crawl_run`` row of kind ``run`` records it.

Overlapping jobs cannot double-process: the second one stops at once (``RunLocked``, status
75) because the first holds the run lock. The job's record is opened, kept beating and closed
by :mod:`crawler.runs`, as every crawl's is.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crosstally.config import Settings
from crosstally.db import open_database, session_scope
from crosstally.errors import CrosstallyError

if TYPE_CHECKING:
    from crawler.registry import LoadedSource

Say = Callable[[str], None]  # one line of progress for the person watching


class AllSourcesFailed(CrosstallyError):
    """Every source the job crawled failed (exit status 1)."""


@dataclass
class JobResult:
    run_id: int
    crawled: list[str]
    failed: list[str] = field(default_factory=list)
    extracted: int = 0
    checks: int = 0

    @property
    def status(self) -> str:
        if self.crawled and len(self.failed) == len(self.crawled):
            return "failed"
        return "partial" if self.failed else "succeeded"


def run_job(
    settings: Settings,
    source_ids: Sequence[str] = (),
    *,
    due: bool = False,
    max_pages: int | None = None,
    say: Say = print,
) -> JobResult:
    """Crawl the named sources (all, or with ``due`` those whose interval has elapsed),
    extract pending documents, reconcile, and record the run; ``result.status`` says how
    it went (the caller raises :class:`AllSourcesFailed` for ``failed``)."""
    from crawler import runs
    from crawler.registry import load_registry
    from crawler.registry import select as select_sources
    from crosstally.locking import run_lock

    chosen = select_sources(load_registry(settings.sources_dir), list(source_ids))
    factory = open_database(settings)
    with run_lock(settings, "run"):
        if due and not source_ids:
            due_ids = due_source_ids(factory, chosen)
            chosen = [loaded for loaded in chosen if loaded.config.id in due_ids]
        ids = [loaded.config.id for loaded in chosen]
        with runs.open_run(factory, "run", ids) as run:
            result = JobResult(run.id, ids)
            if ids:
                run.note(stage="crawl")
                say(f"== Crawl: {', '.join(ids)}; extracting as pages arrive")
                crawled = crawl_and_extract(settings, factory, ids, max_pages, say)
                result.failed, result.extracted = crawled
            else:
                say("No source is due.")
                run.note(stage="extract")
                say("== Extract pending documents")
                result.extracted = extract_pending(factory, say)
            run.note(stage="reconcile", extracted=result.extracted)
            say("== Reconcile")
            result.checks = reconcile_all(factory, say)
            figures = {"failed_sources": result.failed, "extracted": result.extracted}
            run.finish_job(result.status, {**figures, "checks": result.checks})
    return result


def due_source_ids(factory: sessionmaker[Session], chosen: Sequence[LoadedSource]) -> set[str]:
    """The sources never crawled, or last crawled at least their ``crawl.interval`` ago."""
    from models import Source

    now = datetime.now(UTC)
    with factory() as session:
        last = {row.id: row.last_crawled_at for row in session.scalars(select(Source))}
    due = set()
    for loaded in chosen:
        when = last.get(loaded.config.id)
        if when is not None and when.tzinfo is None:
            when = when.replace(tzinfo=UTC)  # SQLite drops the zone; we store UTC
        if when is None or now - when >= loaded.config.crawl.interval:
            due.add(loaded.config.id)
    return due


def crawl_and_extract(
    settings: Settings,
    factory: sessionmaker[Session],
    ids: list[str],
    max_pages: int | None,
    say: Say,
) -> tuple[list[str], int]:
    """Crawl in a child process (Scrapy's reactor runs once per process) while this one
    extracts the documents it stores: the crawl waits on the network and on its own parsing,
    extraction on the CPU, so on two cores the two overlap instead of adding up. Returns the
    failed source ids and the number of documents extracted."""
    from models import CrawlRun

    command = [sys.executable, "-m", "crosstally", "--data-dir", str(settings.data_dir)]
    command += ["--database-url", settings.database_url, "crawl", *ids]
    command += ["--sources-dir", str(settings.sources_dir)]
    if max_pages:
        command += ["--max-pages", str(max_pages)]
    with factory() as session:
        before = session.scalar(select(CrawlRun.id).order_by(CrawlRun.id.desc()).limit(1)) or 0
    crawl = subprocess.Popen(command)
    try:
        extracted = extract_pending(factory, say, while_running=lambda: crawl.poll() is None)
    finally:
        returncode = crawl.wait()
    with factory() as session:
        row = session.scalar(
            select(CrawlRun)
            .where(CrawlRun.id > before, CrawlRun.kind == "crawl")
            .order_by(CrawlRun.id.desc())
            .limit(1)
        )
    if row is None:
        say(f"crawl exited with status {returncode}")
        return list(ids), extracted
    return [source for source in ids if _source_failed(row.stats.get(source) or {})], extracted


def _source_failed(stats: dict) -> bool:
    stored = sum(int(stats.get(k, 0)) for k in ("new", "changed", "unchanged"))
    return (stored == 0 and int(stats.get("failed", 0)) > 0) or not stats.get("fetched")


def extract_pending(
    factory: sessionmaker[Session], say: Say, while_running: Callable[[], bool] | None = None
) -> int:
    """Extract what is pending (and, with ``while_running``, what arrives meanwhile). The
    language models load only once a document is there to extract: a frequent timer with
    nothing new must not pay for them."""
    from extract.pending import pending_select, process_pending
    from extract.runtime import extractor_function, extractor_version

    if while_running is None:
        with factory() as session:
            if session.scalar(pending_select(extractor_version()).limit(1)) is None:
                say("0 document(s) pending")  # and spaCy not even imported
                return 0
    stats = process_pending(
        factory, extractor_function(), extractor_version(), while_running=while_running
    )
    say(
        f"{stats.documents} document(s): {stats.claims} claim(s), {stats.evidence} spans"
        + (f"; {stats.failed} document(s) could not be extracted" if stats.failed else "")
    )
    return stats.documents


def reconcile_all(factory: sessionmaker[Session], say: Say) -> int:
    """A full reconcile into the derived tables; the figures said are read back from them."""
    from review.reconcile import read as derived
    from review.reconcile.refresh import full_run

    with session_scope(factory) as session:
        full_run(session)
    with factory() as session:
        counts = derived.check_counts(session)
    problems = sum(n for status, n in counts.items() if status not in ("ok", "agree"))
    say(f"{sum(counts.values())} check(s), {problems} needing attention")
    return sum(counts.values())
