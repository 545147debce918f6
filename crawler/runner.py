"""The Python API of the Collect stage: run one crawl, in this process, and record it.

Scrapy's Twisted reactor runs once per process, so :func:`run_crawl` is one-shot: a
command calls it once and exits. Every selected source gets its own crawler (its own
politeness settings), all in one reactor, all writing to one WARC file of the run. The run's
record (row, heartbeat, close) is :mod:`crawler.runs`'s.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings as ScrapySettings
from twisted.python.failure import Failure

from crawler import archive, runs, storage
from crawler.recorder import noise_filter
from crawler.registry import LoadedSource
from crawler.spiders import CrawlPlan
from crawler.spiders.source import SourceSpider
from crawler.summary import CrawlSummary, format_summary
from crosstally.config import Settings
from crosstally.errors import ConfigError, CrosstallyError
from crosstally.files import private_directory
from crosstally.migrate import require_current

__all__ = ["CrawlOptions", "CrawlSummary", "format_summary", "run_crawl"]


@dataclass(frozen=True)
class CrawlOptions:
    """Command-line overrides of the per-source and project settings."""

    max_pages: int | None = None  # article pages per source
    timeout: float | None = None  # seconds per request
    delay: float | None = None  # seconds between requests to a domain (replaces politeness)
    progress_every: int | None = None  # a progress line per this many pages
    # Name of the Redis frontier shared with other crawler processes (crawler.distributed);
    # used only when the settings have a Redis URL.
    frontier: str | None = None


def run_crawl(
    settings: Settings,
    sources: Sequence[LoadedSource],
    start_urls: Sequence[str] = (),
    adhoc_source_id: str | None = None,
    *,
    options: CrawlOptions | None = None,
) -> CrawlSummary:
    """Crawl the given sources (and ad hoc start URLs, filed under one ad hoc source),
    archive every response, store new and changed documents, and return the recorded
    run. Raises :class:`~crosstally.errors.ConfigError` for unusable input,
    :class:`~crosstally.errors.DatabaseNotReady` for a database ``crosstally init`` has not
    brought to this schema, and :class:`~crosstally.errors.CrosstallyError` for an unwritable
    WARC directory, all before any request is made. Once per process: Scrapy's reactor cannot
    restart."""
    options = options or CrawlOptions()
    unique = {loaded.config.id: loaded for loaded in sources}
    plans = [CrawlPlan.from_source(loaded) for loaded in unique.values()]
    if start_urls:
        plans.append(CrawlPlan.adhoc(list(start_urls), adhoc_source_id))
    if not plans:
        raise ConfigError("nothing to crawl: no sources and no --start-url")

    factory = storage.session_factory(settings.database_url, str(settings.data_dir))
    require_current(factory.kw["bind"])
    private_directory(settings.data_dir)
    for plan in plans:
        storage.register_plan(factory, plan)
    source_ids = [plan.source_id for plan in plans]
    with runs.open_run(factory, "crawl", source_ids, start_urls) as run:
        try:
            archive.shared_archive(settings.data_dir, run.id)  # fail before the first request
        except archive.ArchiveError as error:
            run.finish_crawl(crashed=dict.fromkeys(source_ids, str(error)))
            raise CrosstallyError(str(error)) from None
        process = CrawlerProcess(_scrapy_settings(settings, run.id, options))
        _install_log_handler(process.settings)
        crashed: dict[str, str] = {}
        for plan in plans:
            crawler = process.create_crawler(SourceSpider)
            deferred = process.crawl(crawler, plan=plan)
            deferred.addErrback(_note_crash, crashed, plan.source_id)
        try:
            process.start()
        finally:
            warc_files = _close_archives(settings.data_dir, run.id)
        return run.finish_crawl(crashed=crashed, warc_files=warc_files)


def _scrapy_settings(settings: Settings, run_id: int, options: CrawlOptions) -> ScrapySettings:
    scrapy_settings = ScrapySettings()
    scrapy_settings.setmodule("crawler.settings", priority="project")
    values: dict[str, Any] = {
        "CROSSTALLY_DATA_DIR": str(settings.data_dir),
        "CROSSTALLY_DATABASE_URL": settings.database_url,
        "CROSSTALLY_SOURCES_DIR": str(settings.sources_dir),
        "CROSSTALLY_RUN_ID": run_id,
        "CROSSTALLY_OWNS_RUN": False,
        # Our own stderr handler (see _install_log_handler), not Scrapy's.
        "LOG_INSTALL_ROOT_HANDLER": False,
    }
    if options.max_pages is not None:
        values["CROSSTALLY_MAX_PAGES"] = options.max_pages
    if options.timeout is not None:
        values["DOWNLOAD_TIMEOUT"] = options.timeout
    if options.delay is not None:
        values["DOWNLOAD_DELAY"] = options.delay
        values["AUTOTHROTTLE_START_DELAY"] = options.delay
    if options.progress_every is not None:
        values["CROSSTALLY_PROGRESS_EVERY"] = options.progress_every
    if settings.redis_url and options.frontier:
        from crawler import distributed

        values.update(distributed.scrapy_settings(settings.redis_url, options.frontier))
    scrapy_settings.setdict(values, priority="cmdline")
    return scrapy_settings


def _install_log_handler(scrapy_settings: ScrapySettings) -> None:
    """Progress lines on stderr at INFO; Scrapy's and the libraries' INFO chatter
    filtered out (their warnings and errors still show)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%H:%M:%S"))
    handler.setLevel(scrapy_settings.get("LOG_LEVEL", "INFO"))
    logging.root.setLevel(logging.NOTSET)
    handler.addFilter(noise_filter(scrapy_settings))
    logging.root.addHandler(handler)


def _note_crash(failure: Failure, crashed: dict[str, str], source_id: str) -> None:
    """A crawler that could not even start (or died) is part of the record, not a
    traceback the run forgets."""
    message = f"{failure.type.__name__}: {failure.getErrorMessage()}"
    logging.getLogger("crawler.progress").error("%s: crawler crashed: %s", source_id, message)
    crashed[source_id] = message


def _close_archives(data_dir: Path, run_id: int) -> list[str]:
    path = archive.shared_archive_path(data_dir, run_id)
    archive.close_shared(run_id)
    return [str(path)] if path is not None else []
