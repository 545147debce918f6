"""Downloader middlewares: archive every response, ask only for what changed.

Order matters (see DOWNLOADER_MIDDLEWARES in crawler/settings.py). Responses travel from
the highest order to the lowest, so :class:`ArchiveMiddleware` at 950 sees each response
before HttpCompressionMiddleware (590) decompresses it and before RedirectMiddleware
(600) or RetryMiddleware (550) act on it: redirects, retried 503s and robots.txt are
archived too, byte for byte.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.http import Request, Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from crawler import recorder, storage
from crawler.archive import ArchiveError, HttpExchange, WarcArchive, shared_archive

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)
CAPTURE_META = "crosstally_capture"
CONDITIONAL_META = "crosstally_conditional"
VALIDATOR_HEADERS = (b"If-None-Match", b"If-Modified-Since")


class ArchiveMiddleware:
    """Write each response (and the request that got it) to the run's WARC file and
    put the record's location in ``request.meta["crosstally_capture"]``."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.data_dir = crawler.settings["CROSSTALLY_DATA_DIR"]
        self.run_id = crawler.settings.getint("CROSSTALLY_RUN_ID")
        self._archive: WarcArchive | None = None
        self._closing: asyncio.Future[None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveMiddleware:
        return cls(crawler)

    @property
    def archive(self) -> WarcArchive:
        if self._archive is None:
            self._archive = shared_archive(Path(self.data_dir), self.run_id)
        return self._archive

    def process_response(self, request: Request, response: Response) -> Response:
        try:
            record = self.archive.write_exchange(exchange_of(request, response))
        except ArchiveError:
            # Crawling on without an archive would store documents with no evidence.
            if self._closing is None:
                logger.error("cannot archive: stopping the crawl (%s)", self.archive.path)
                close = self.crawler.engine.close_spider_async(reason="archive_failed")
                self._closing = asyncio.ensure_future(close)
            raise
        request.meta[CAPTURE_META] = record
        self.crawler.signals.send_catch_log(
            recorder.response_archived, url=response.url, status=response.status, record=record
        )
        return response


def exchange_of(request: Request, response: Response) -> HttpExchange:
    return HttpExchange(
        url=response.url,
        method=request.method,
        request_headers=_header_pairs(request.headers),
        request_body=request.body or b"",
        status=response.status,
        protocol=response.protocol or "HTTP/1.1",
        response_headers=_header_pairs(response.headers),
        body=response.body,
        fetched_at=datetime.now(UTC),
        ip_address=str(response.ip_address) if response.ip_address else None,
    )


def _header_pairs(headers: Any) -> list[tuple[str, str]]:
    pairs = []
    for name, values in headers.items():
        for value in values:
            pairs.append((name.decode("latin-1"), value.decode("latin-1")))
    return pairs


class ConditionalRequestMiddleware:
    """Send If-None-Match / If-Modified-Since from the latest capture of the URL, for
    requests the spider marks ``crosstally_conditional``; a 304 then costs no body.

    Validators are set (or removed) per hop, so a redirect never carries the validators
    of one URL to another.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.factory = storage.session_factory(
            crawler.settings["CROSSTALLY_DATABASE_URL"], crawler.settings["CROSSTALLY_DATA_DIR"]
        )
        self.known: dict[str, storage.KnownCapture] = {}
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        return cls(crawler)

    def spider_opened(self, spider: Any) -> None:
        self.known = storage.known_captures(self.factory, spider.plan.source_id)

    def process_request(self, request: Request) -> None:
        if not request.meta.get(CONDITIONAL_META):
            return
        for header in VALIDATOR_HEADERS:
            request.headers.pop(header, None)
        known = self.known.get(request.url)
        if known is None:
            return
        if known.etag:
            request.headers[b"If-None-Match"] = known.etag
        if known.last_modified:
            request.headers[b"If-Modified-Since"] = known.last_modified


class SerialRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's RobotsTxtMiddleware, with every request that waits for a robots.txt
    download getting the parser.

    Scrapy 2.19 awaits the one pending Deferred from every waiting request; with the
    asyncio reactor only the first waiter receives the parser and the others receive
    None, which means "no robots.txt": pages queued while robots.txt was downloading
    were fetched even when disallowed. Here each waiter gets its own Deferred, chained
    so that the result passes on (as Scrapy did before 2.14).
    """

    async def robot_parser(self, request: Request) -> Any:
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(pending, Deferred):
            return await super().robot_parser(request)
        waiter: Deferred[Any] = Deferred()

        def relay(result: Any) -> Any:
            waiter.callback(result)
            return result

        pending.addCallback(relay)
        return await maybe_deferred_to_future(waiter)
