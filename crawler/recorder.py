"""The record of a crawl run: counters per source, one CrawlError row per failed URL,
progress lines while it runs, and the finished CrawlRun row.

Spider, middlewares and pipelines only send signals (:data:`page_outcome`,
:data:`page_failed`, :data:`page_skipped`, :data:`response_archived`); the
:class:`RunRecorder` extension, one per crawler, turns them into counters, rows and log
lines. A run started by ``crosstally crawl`` is opened and closed by
:mod:`crawler.runner`; a bare ``scrapy crawl source -a source=ID`` opens and closes its
own run here, so both leave the same record.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.log import get_scrapy_root_handler
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from twisted.internet import error as twisted_errors
from twisted.python.failure import Failure

from crawler import stale, storage
from crawler.archive import ArchiveError, close_shared, shared_archive_path
from crosstally.db import session_scope
from models import CrawlError, CrawlRun

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger("crawler.progress")

# Signals (sent with crawler.signals.send_catch_log).
page_outcome = object()  # url, outcome ("new" | "changed" | "unchanged"), detail
page_failed = object()  # url, reason, detail
page_skipped = object()  # url, reason, detail (policy, not failure: robots, age, limits)
response_archived = object()  # url, status, record

# Skips that are still recorded as CrawlError rows, so an analyst sees what was refused.
RECORDED_SKIPS = frozenset({"robots_disallowed", "offsite"})
OK_CLOSE_REASONS = ("finished", "closespider_")
# Scrapy says why it ignored a request only in the message of IgnoreRequest.
IGNORED_REASONS = (
    ("robots", "robots_disallowed"),
    ("offsite", "offsite"),
    ("download_maxsize", "too_large"),
    ("max redirections", "too_many_redirects"),
)


class NoiseFilter(logging.Filter):
    """INFO and below only from crosstally's own loggers (progress, the spider);
    Scrapy's and the libraries' messages only from ``library_level`` (WARNING) up, and
    without tracebacks unless asked for: a refused connection is one line, not forty."""

    OWN = frozenset({"crawler", "crosstally", "source"})
    # Extraction libraries complain per page (ERROR "empty HTML tree"); the recorder
    # already reports such pages once, with a reason (no_text, not_html).
    SILENCED = frozenset({"trafilatura", "htmldate", "courlan", "justext"})

    def __init__(self, library_level: int | str = logging.WARNING, tracebacks: bool = False):
        super().__init__()
        if isinstance(library_level, str):
            library_level = logging.getLevelName(library_level.upper())
        self.library_level = library_level
        self.tracebacks = tracebacks

    def filter(self, record: logging.LogRecord) -> bool:
        family = record.name.split(".")[0]
        if family in self.OWN:
            return True
        if record.name == "scrapy.crawler" and str(record.msg).startswith("Received "):
            return True  # "Received SIGINT, shutting down gracefully. Send again to force"
        if family in self.SILENCED:
            return record.levelno >= logging.CRITICAL
        if record.levelno < self.library_level:
            return False
        if record.exc_info and not self.tracebacks:
            record.exc_info = record.exc_text = None
        return True


def noise_filter(settings: Any) -> NoiseFilter:
    debugging = str(settings.get("LOG_LEVEL", "INFO")).upper() == "DEBUG"
    return NoiseFilter(settings.get("CROSSTALLY_SCRAPY_LOG_LEVEL", "WARNING"), debugging)


@dataclass
class SourceCounters:
    """Per-source counters, stored as CrawlRun.stats[source_id]."""

    fetched: int = 0  # HTTP responses received and archived (robots, feeds, pages, errors)
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    close_reason: str | None = None

    @property
    def pages_done(self) -> int:
        return self.new + self.changed + self.unchanged + self.failed

    def line(self) -> str:
        return (
            f"{self.fetched} fetched, {self.new} new, {self.changed} changed, "
            f"{self.unchanged} unchanged, {self.failed} failed, {self.skipped} skipped"
        )


@dataclass(frozen=True)
class CrawlSummary:
    """What a finished run did; ``pages_fetched`` counts every HTTP response received
    (all archived), the other page counters count article pages."""

    run_id: int
    status: str
    started_at: datetime
    finished_at: datetime
    pages_fetched: int
    pages_new: int
    pages_changed: int
    pages_unchanged: int
    pages_failed: int
    per_source: dict[str, dict[str, Any]]
    errors_by_reason: dict[str, int]
    warc_files: list[str]

    @property
    def seconds(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()


def classify_failure(failure: Failure | BaseException) -> tuple[str, str]:
    """One short, stable reason per failed request, and a human detail."""
    error = failure.value if isinstance(failure, Failure) else failure
    detail = str(error) or type(error).__name__
    if isinstance(error, HttpError):
        return f"http_{error.response.status}", f"HTTP {error.response.status}"
    if isinstance(error, IgnoreRequest):
        lowered = detail.lower()
        for needle, reason in IGNORED_REASONS:
            if needle in lowered:
                return reason, detail
        return "ignored", detail
    reasons: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
        ((ArchiveError,), "archive_failed"),
        ((DownloadTimeoutError, twisted_errors.TimeoutError, TimeoutError), "timeout"),
        ((CannotResolveHostError, twisted_errors.DNSLookupError), "dns"),
        (
            (DownloadConnectionRefusedError, twisted_errors.ConnectionRefusedError),
            "connection_refused",
        ),
        ((ResponseDataLossError,), "data_loss"),
    )
    for types_, reason in reasons:
        if isinstance(error, types_):
            return reason, detail
    if isinstance(error, DownloadCancelledError) and "max size" in detail:
        return "too_large", detail
    return "fetch_error", f"{type(error).__name__}: {detail}"


class RunRecorder:
    """Scrapy extension: counters, CrawlError rows and progress lines for one source."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.run_id = settings.getint("CROSSTALLY_RUN_ID")
        self.owns_run = settings.getbool("CROSSTALLY_OWNS_RUN")
        self.every = max(1, settings.getint("CROSSTALLY_PROGRESS_EVERY", 25))
        self.factory = storage.session_factory(
            settings["CROSSTALLY_DATABASE_URL"], settings["CROSSTALLY_DATA_DIR"]
        )
        self.counters = SourceCounters()
        self.source_id = "?"
        connect = crawler.signals.connect
        connect(self.spider_opened, signal=signals.spider_opened)
        connect(self.spider_closed, signal=signals.spider_closed)
        connect(self.on_archived, signal=response_archived)
        connect(self.on_outcome, signal=page_outcome)
        connect(self.on_failed, signal=page_failed)
        connect(self.on_skipped, signal=page_skipped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunRecorder:
        return cls(crawler)

    def spider_opened(self, spider: Any) -> None:
        self.source_id = spider.plan.source_id
        # Under bare `scrapy crawl`, Scrapy's root handler (re-made when the crawl
        # starts) gets the same filter the crosstally command installs on its own.
        handler = get_scrapy_root_handler()
        if handler is not None and not any(isinstance(f, NoiseFilter) for f in handler.filters):
            handler.addFilter(noise_filter(self.crawler.settings))

    def on_archived(self, url: str, status: int, record: Any) -> None:
        self.counters.fetched += 1

    def on_outcome(self, url: str, outcome: str, detail: str = "") -> None:
        setattr(self.counters, outcome, getattr(self.counters, outcome) + 1)
        logger.debug("%s url=%s outcome=%s %s", self.source_id, url, outcome, detail)
        self._progress()

    def on_failed(self, url: str, reason: str, detail: str = "") -> None:
        self.counters.failed += 1
        self._count_reason(reason)
        logger.warning("%s failed url=%s reason=%s detail=%s", self.source_id, url, reason, detail)
        self._add_error(url, reason, detail)
        self._progress()

    def on_skipped(self, url: str, reason: str, detail: str = "") -> None:
        self.counters.skipped += 1
        self._count_reason(reason)
        # Refusals get a line and a row; routine skips (too old, not an article, budget
        # used up) are counted per reason, and listed one by one only at DEBUG.
        recorded = reason in RECORDED_SKIPS
        level = logging.INFO if recorded else logging.DEBUG
        logger.log(level, "%s skipped url=%s reason=%s %s", self.source_id, url, reason, detail)
        if recorded:
            self._add_error(url, reason, detail)

    def _count_reason(self, reason: str) -> None:
        self.counters.reasons[reason] = self.counters.reasons.get(reason, 0) + 1

    def _add_error(self, url: str, reason: str, detail: str) -> None:
        with session_scope(self.factory) as session:
            session.add(
                CrawlError(
                    run_id=self.run_id,
                    source_id=self.source_id,
                    url=url,
                    reason=reason[:64],
                    detail=detail or None,
                )
            )

    def _progress(self) -> None:
        if self.counters.pages_done % self.every == 0:
            logger.info("%s: %s", self.source_id, self.counters.line())

    def spider_closed(self, spider: Any, reason: str) -> None:
        self.counters.close_reason = reason
        logger.info("%s: done (%s): %s", self.source_id, reason, self.counters.line())
        save_source_stats(self.factory, self.run_id, self.source_id, self.counters)
        storage.mark_crawled(self.factory, self.source_id, datetime.now(UTC))
        if self.owns_run:
            data_dir = Path(self.crawler.settings["CROSSTALLY_DATA_DIR"])
            path = shared_archive_path(data_dir, self.run_id)
            warc_files = [str(path)] if path else []
            close_shared(self.run_id)
            summary = finish_run(self.factory, self.run_id, warc_files=warc_files)
            logger.info("%s", format_summary(summary))


def open_standalone_run(settings: Any, plan: Any) -> None:
    """``scrapy crawl`` without ``crosstally crawl``: upgrade the database, register the
    source and open a run that this crawler's recorder will also close."""
    from crosstally import migrate

    Path(settings["CROSSTALLY_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    migrate.upgrade(settings["CROSSTALLY_DATABASE_URL"])
    factory = storage.session_factory(
        settings["CROSSTALLY_DATABASE_URL"], settings["CROSSTALLY_DATA_DIR"]
    )
    storage.register_plan(factory, plan)
    stale.close_stale_runs(factory)
    run_id = start_run(factory, [plan.source_id], list(plan.start_urls))
    settings.set("CROSSTALLY_RUN_ID", run_id, priority="spider")
    settings.set("CROSSTALLY_OWNS_RUN", True, priority="spider")


def start_run(factory: sessionmaker[Session], source_ids: list[str], start_urls: list[str]) -> int:
    with session_scope(factory) as session:
        run = CrawlRun(
            kind="crawl",
            status="running",
            source_ids=source_ids,
            start_urls=start_urls,
            pid=os.getpid(),
        )
        session.add(run)
        session.flush()
        stale.hold_liveness(session, run.id)  # before anyone can see the row
        return run.id


def save_source_stats(
    factory: sessionmaker[Session], run_id: int, source_id: str, counters: SourceCounters
) -> None:
    with session_scope(factory) as session:
        run = session.get(CrawlRun, run_id)
        if run is None:
            raise RuntimeError(f"crawl run {run_id} vanished from the database")
        # Reassign (not mutate) so the JSON column is seen as changed.
        run.stats = {**(run.stats or {}), source_id: asdict(counters)}


def finish_run(
    factory: sessionmaker[Session],
    run_id: int,
    crashed: dict[str, str] | None = None,
    warc_files: list[str] | None = None,
    status: str | None = None,
) -> CrawlSummary:
    """Total the per-source counters, decide the status (unless given: a run found dead
    is ``interrupted`` whatever it had done), close the CrawlRun row."""
    crashed = crashed or {}
    with session_scope(factory) as session:
        run = session.get(CrawlRun, run_id)
        if run is None:
            raise RuntimeError(f"crawl run {run_id} vanished from the database")
        stats = dict(run.stats or {})
        for source_id, message in crashed.items():
            stats[source_id] = {**stats.get(source_id, {}), "crashed": message}
        for source_id in run.source_ids:
            # Never closed: the process was stopped hard (a second Ctrl-C).
            stats.setdefault(source_id, {"close_reason": "killed"})
        totals: Counter[str] = Counter()
        for entry in stats.values():
            for key in ("fetched", "new", "changed", "unchanged", "failed"):
                totals[key] += int(entry.get(key, 0))
        run.stats = stats
        run.pages_fetched, run.pages_new = totals["fetched"], totals["new"]
        run.pages_changed, run.pages_unchanged = totals["changed"], totals["unchanged"]
        run.pages_failed = totals["failed"]
        run.status = status or _status(stats, totals)
        run.finished_at = datetime.now(UTC)
        errors = dict(
            session.execute(
                select(CrawlError.reason, func.count())
                .where(CrawlError.run_id == run_id)
                .group_by(CrawlError.reason)
            ).all()
        )
        summary = CrawlSummary(
            run_id=run.id,
            status=run.status,
            started_at=_aware(run.started_at),
            finished_at=run.finished_at,
            pages_fetched=run.pages_fetched,
            pages_new=run.pages_new,
            pages_changed=run.pages_changed,
            pages_unchanged=run.pages_unchanged,
            pages_failed=run.pages_failed,
            per_source=stats,
            errors_by_reason=errors,
            warc_files=warc_files or [],
        )
    stale.release_liveness(run_id)  # once the row says how it ended; a no-op if not held here
    return summary


def _status(stats: dict[str, dict[str, Any]], totals: Counter[str]) -> str:
    """interrupted: stopped by a signal; failed: nothing worked; partial: something
    failed or a source did not finish; succeeded: everything else."""
    reasons = [str(entry.get("close_reason") or "") for entry in stats.values()]
    if any(reason in ("shutdown", "killed") for reason in reasons):
        return "interrupted"
    crashed = [entry for entry in stats.values() if "crashed" in entry]
    worked = totals["new"] + totals["changed"] + totals["unchanged"]
    if not stats or len(crashed) == len(stats) or totals["fetched"] == 0:
        return "failed"
    if worked == 0 and totals["failed"] > 0:
        return "failed"
    unfinished = [r for r in reasons if not r.startswith(OK_CLOSE_REASONS)]
    if totals["failed"] or crashed or unfinished:
        return "partial"
    return "succeeded"


def _aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were written as UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def format_summary(summary: CrawlSummary) -> str:
    lines = [
        f"Crawl run {summary.run_id} {summary.status} in {summary.seconds:.1f} s: "
        f"{summary.pages_fetched} responses fetched and archived; pages "
        f"{summary.pages_new} new, {summary.pages_changed} changed, "
        f"{summary.pages_unchanged} unchanged, {summary.pages_failed} failed"
    ]
    for source_id, entry in sorted(summary.per_source.items()):
        counters = SourceCounters(
            **{k: v for k, v in entry.items() if k in SourceCounters.__dataclass_fields__}
        )
        line = f"  {source_id}: {counters.line()}"
        if "crashed" in entry:
            line += f" (crashed: {entry['crashed']})"
        lines.append(line)
    if summary.errors_by_reason:
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(summary.errors_by_reason.items()))
        lines.append(f"  errors recorded: {reasons}")
    lines.extend(f"  WARC: {path}" for path in summary.warc_files)
    return "\n".join(lines)
