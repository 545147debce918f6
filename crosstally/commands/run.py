"""`crosstally run`: the scheduled job — crawl what is due, extract what is pending, reconcile.

Meant for cron or a systemd timer. Overlapping runs cannot double-process: the second one
exits at once (status 75) because the first holds the run lock. The exit status is non-zero
only when every crawled source failed; partial failures print a warning summary.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime

import click
from sqlalchemy import select

from crosstally.commands.sources import SOURCES_DIR_OPTION, resolve_sources_dir
from crosstally.config import Settings
from crosstally.db import make_sessionmaker, session_scope
from crosstally.errors import CrosstallyError


class AllSourcesFailed(CrosstallyError):
    exit_code = 1


@click.command()
@click.argument("source_ids", nargs=-1, metavar="[SOURCE]...")
@click.option("--due", is_flag=True, help="Only sources whose crawl interval has elapsed.")
@SOURCES_DIR_OPTION
@click.option("--max-pages", type=click.IntRange(min=1), help="Article pages per source at most.")
@click.pass_obj
def run(
    settings: Settings,
    source_ids: tuple[str, ...],
    due: bool,
    sources_dir: str | None,
    max_pages: int | None,
) -> None:
    """Crawl the due (or named) sources, extract pending documents, reconcile; record the run.

    \b
    Examples:
      crosstally run --due                 # from cron: */30 * * * *
      crosstally run foro-penal el-pitazo
    """
    from crawler.registry import load_registry
    from crawler.registry import select as select_sources
    from crawler.stale import close_stale_runs
    from crosstally import migrate
    from crosstally.locking import run_lock

    settings = resolve_sources_dir(settings, sources_dir)
    registry = load_registry(settings.sources_dir)
    chosen = select_sources(registry, list(source_ids))
    migrate.upgrade(settings.database_url)
    factory = make_sessionmaker(settings)
    with run_lock(settings, "run"):
        if due and not source_ids:
            chosen = due_sources(factory, chosen)
        ids = [loaded.config.id for loaded in chosen]
        close_stale_runs(factory)  # an earlier run killed hard must not stay "running"
        run_row = _start(factory, ids)
        failed: list[str] = []
        if ids:
            click.secho(f"== Crawl: {', '.join(ids)}; extracting as pages arrive", bold=True)
            failed, extracted = crawl_and_extract(settings, ids, max_pages)
        else:
            click.echo("No source is due.")
            click.secho("== Extract pending documents", bold=True)
            extracted = extract_pending(settings)
        click.secho("== Reconcile", bold=True)
        checks = reconcile_all(factory)
        status = "failed" if ids and len(failed) == len(ids) else "partial" if failed else None
        _finish(factory, run_row, status or "succeeded", ids, failed, extracted, checks)
    click.echo(
        f"Run {run_row}: {len(ids)} source(s) crawled, {len(failed)} failed; "
        f"{extracted} document(s) extracted; {checks} check(s)."
    )
    if ids and len(failed) == len(ids):
        raise AllSourcesFailed(f"every source failed: {', '.join(failed)}")
    if failed:
        click.secho(f"warning: source(s) failed: {', '.join(failed)}", fg="yellow", err=True)


def due_sources(factory, chosen):
    from models import Source

    now = datetime.now(UTC)
    with factory() as session:
        last = {row.id: row.last_crawled_at for row in session.scalars(select(Source))}
    due = []
    for loaded in chosen:
        when = last.get(loaded.config.id)
        if when is not None and when.tzinfo is None:
            when = when.replace(tzinfo=UTC)  # SQLite drops the zone; we store UTC
        if when is None or now - when >= loaded.config.crawl.interval:
            due.append(loaded)
    return due


def crawl_and_extract(
    settings: Settings, ids: list[str], max_pages: int | None
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
    factory = make_sessionmaker(settings)
    with factory() as session:
        before = session.scalar(select(CrawlRun.id).order_by(CrawlRun.id.desc()).limit(1)) or 0
    crawl = subprocess.Popen(command)
    try:
        extracted = extract_pending(settings, while_running=lambda: crawl.poll() is None)
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
        click.secho(f"crawl exited with status {returncode}", fg="red", err=True)
        return list(ids), extracted
    return [source for source in ids if _source_failed(row.stats.get(source) or {})], extracted


def _source_failed(stats: dict) -> bool:
    stored = sum(int(stats.get(k, 0)) for k in ("new", "changed", "unchanged"))
    return (stored == 0 and int(stats.get("failed", 0)) > 0) or not stats.get("fetched")


def extract_pending(settings: Settings, while_running: Callable[[], bool] | None = None) -> int:
    """Extract what is pending (and, with ``while_running``, what arrives meanwhile). The
    language models load only once a document is there to extract: a frequent timer with
    nothing new must not pay for them."""
    from extract.pending import pending_select, process_pending
    from extract.runtime import extractor_function, extractor_version

    factory = make_sessionmaker(settings)
    if while_running is None:
        with factory() as session:
            if session.scalar(pending_select(extractor_version()).limit(1)) is None:
                click.echo("0 document(s) pending")  # and spaCy not even imported
                return 0
    stats = process_pending(
        factory, extractor_function(), extractor_version(), while_running=while_running
    )
    click.echo(
        f"{stats.documents} document(s): {stats.claims} claim(s), {stats.evidence} spans"
        + (f"; {stats.failed} document(s) could not be extracted" if stats.failed else "")
    )
    return stats.documents


def reconcile_all(factory) -> int:
    from review.reconcile import reconcile

    with session_scope(factory) as session:
        result = reconcile(session)
        problems = [c for c in result.checks if c.status not in ("ok", "agree")]
    click.echo(f"{len(result.checks)} check(s), {len(problems)} needing attention")
    return len(result.checks)


def _start(factory, ids: list[str]) -> int:
    from crawler.stale import hold_liveness
    from models import CrawlRun

    with session_scope(factory) as session:
        # The pid lets the next run tell a killed run from a live one (crawler.stale).
        row = CrawlRun(kind="run", source_ids=ids, status="running", pid=os.getpid())
        session.add(row)
        session.flush()
        hold_liveness(session, row.id)
        return row.id


def _finish(factory, run_id, status, ids, failed, extracted, checks) -> None:
    from crawler.stale import release_liveness
    from models import CrawlRun

    with session_scope(factory) as session:
        row = session.get(CrawlRun, run_id)
        row.status = status
        row.finished_at = datetime.now(UTC)
        row.stats = {"failed_sources": failed, "extracted": extracted, "checks": checks}
    release_liveness(run_id)
