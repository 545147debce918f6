"""What a crawl records while it runs: counters per source, one CrawlError row per failed URL,
and progress lines.

Spider, middlewares and pipelines only send signals (:data:`page_outcome`,
:data:`page_failed`, :data:`page_skipped`, :data:`response_archived`); the
:class:`RunRecorder` extension, one per crawler, turns them into counters, rows and log
lines; the run itself (its row, heartbeat and close) is :mod:`crawler.runs`. A run started
by ``crosstally crawl`` is opened and closed by :mod:`crawler.runner`; a bare
``scrapy crawl source -a source=ID`` opens and closes its own run here, with the same
module, so both leave the same record.
"""

from __future__ import annotations

import logging
from contextlib import ExitStack
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
from twisted.internet import error as twisted_errors
from twisted.python.failure import Failure

from crawler import runs, storage
from crawler.archive import ArchiveError, close_shared, shared_archive_path
from crawler.summary import SourceCounters, format_summary
from crosstally.config import Settings
from crosstally.db import session_scope
from crosstally.locking import run_lock
from crosstally.migrate import require_current
from models import CrawlError

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.spiders import CrawlPlan

logger = logging.getLogger("crawler.progress")

# Signals (sent with crawler.signals.send_catch_log).
page_outcome = object()  # url, outcome ("new" | "changed" | "unchanged"), detail
page_failed = object()  # url, reason, detail
page_skipped = object()  # url, reason, detail (policy, not failure: robots, age, limits)
response_archived = object()  # url, status, record

# Skips that are still recorded as CrawlError rows, so an analyst sees what was refused.
RECORDED_SKIPS = frozenset({"robots_disallowed", "offsite"})
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
    """Scrapy extension: counters, CrawlError rows and progress lines for one source.

    Built after the spider and before the settings freeze, so that under a bare
    ``scrapy crawl`` it can open the run the middlewares and pipelines then file under."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        plan = crawler.spider.plan
        if not settings.getint("CROSSTALLY_RUN_ID"):
            settings.set("CROSSTALLY_RUN_ID", open_standalone_run(settings, plan), "spider")
            settings.set("CROSSTALLY_OWNS_RUN", True, priority="spider")
        self.run = runs.current(settings.getint("CROSSTALLY_RUN_ID"))
        self.owns_run = settings.getbool("CROSSTALLY_OWNS_RUN")
        self.every = max(1, settings.getint("CROSSTALLY_PROGRESS_EVERY", 25))
        self.factory = storage.session_factory(
            settings["CROSSTALLY_DATABASE_URL"], settings["CROSSTALLY_DATA_DIR"]
        )
        self.counters = SourceCounters()
        self.source_id = plan.source_id
        self.run.track(self.source_id, self.counters)
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
                    run_id=self.run.id,
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
        self.run.save()
        storage.mark_crawled(self.factory, self.source_id, datetime.now(UTC))
        if self.owns_run:
            data_dir = Path(self.crawler.settings["CROSSTALLY_DATA_DIR"])
            path = shared_archive_path(data_dir, self.run.id)
            close_shared(self.run.id)
            summary = self.run.finish_crawl(warc_files=[str(path)] if path else [])
            logger.info("%s", format_summary(summary))


def open_standalone_run(settings: Any, plan: CrawlPlan) -> int:
    """``scrapy crawl`` without ``crosstally crawl``: check the schema, take the crawl lock as
    a plain crawl does, register the source and open a run that this crawler's recorder also
    closes. Returns the run's id."""
    app = Settings(
        data_dir=Path(settings["CROSSTALLY_DATA_DIR"]),
        database_url=settings["CROSSTALLY_DATABASE_URL"],
        sources_dir=Path(settings["CROSSTALLY_SOURCES_DIR"] or "."),
    )
    factory = storage.session_factory(app.database_url, str(app.data_dir))
    require_current(factory.kw["bind"])
    holding = ExitStack()
    holding.enter_context(run_lock(app, "crawl"))
    try:
        storage.register_plan(factory, plan)
        run = runs.open_run(
            factory, "crawl", [plan.source_id], list(plan.start_urls), holding=holding
        )
    except BaseException:
        holding.close()
        raise
    return run.id
