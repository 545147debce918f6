"""The one generic spider: a source file (or ad hoc start URLs) in, article pages out.

Shape: ``start()`` -> feeds, sitemaps, listings (loop-guarded) -> article page -> one
:class:`~crawler.pipelines.PageItem`. Loop guards: a seen set of canonical URLs, a page
budget per listing, sitemap nesting, an article budget (``max_pages``), article hops
(``max_depth``), an age limit from feed/sitemap dates (``max_age_days``) and the source's
allowed domains. Every URL not followed is reported with its reason.

Run it as ``scrapy crawl source -a source=ID`` or ``-a start_url=URL[,URL...]``; the
``crosstally crawl`` command drives it through :mod:`crawler.runner`.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from typing import Any

import scrapy
from scrapy.http import Request, Response, TextResponse
from twisted.python.failure import Failure

from crawler import recorder
from crawler.article import ListedDate, decode_html
from crawler.discovery import (
    Discovered,
    DiscoveryError,
    TooLarge,
    gunzip_body,
    parse_feed,
    parse_listing,
    parse_sitemap,
    sniff_kind,
    too_old,
)
from crawler.middlewares import CAPTURE_META, CONDITIONAL_META
from crawler.pipelines import PageItem
from crawler.spiders import (
    MAX_SITEMAP_NESTING,
    CrawlPlan,
    apply_plan_settings,
    fill_app_settings,
    plan_from_arguments,
)
from crawler.urls import canonicalize, in_domains

DISCOVERY_PRIORITY = 10
LINK_PRIORITY = -10


class SourceSpider(scrapy.Spider):
    name = "source"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.plan: CrawlPlan = kwargs.pop("plan", None)  # else made in from_crawler
        self.arguments = dict(kwargs)
        super().__init__(*args, **kwargs)
        self.seen: set[str] = set()
        self.articles_scheduled = 0
        self.budget_reported = False
        self.today: date = datetime.now(UTC).date()
        self.max_pages = 0  # set in from_crawler

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SourceSpider:
        spider: SourceSpider = super().from_crawler(crawler, *args, **kwargs)
        fill_app_settings(crawler.settings)
        if spider.plan is None:
            spider.plan = plan_from_arguments(crawler.settings, spider.arguments)
        apply_plan_settings(crawler.settings, spider.plan)
        spider.allowed_domains = list(spider.plan.allowed_domains)
        override = crawler.settings.getint("CROSSTALLY_MAX_PAGES", 0)
        spider.max_pages = override or spider.plan.max_pages
        return spider

    @property
    def run_id(self) -> int:
        """The run this crawl is recorded under: opened by the runner, or under a bare
        ``scrapy crawl`` by the recorder (crawler.recorder), after this spider was made."""
        return self.crawler.settings.getint("CROSSTALLY_RUN_ID")

    # ------------------------------------------------------------------ entry points

    async def start(self) -> AsyncIterator[Request]:
        plan = self.plan
        for url in plan.feeds:
            yield self._discovery_request(url, self.parse_feed)
        for url in plan.sitemaps:
            yield self._discovery_request(url, self.parse_sitemap, nesting=0)
        for index, listing in enumerate(plan.listings):
            yield self._discovery_request(listing.url, self.parse_listing, listing=index, page=1)
        for url in plan.start_urls:
            yield self._discovery_request(url, self.parse_start)

    def _discovery_request(self, url: str, callback: Any, **meta: Any) -> Request:
        self.seen.add(canonicalize(url))
        # Discovery first: an article is then credited to the feed, sitemap or listing
        # that lists it rather than to another article that happens to link to it.
        return Request(
            url, callback=callback, errback=self.on_error, meta=meta, priority=DISCOVERY_PRIORITY
        )

    def parse_start(self, response: Response) -> Iterator[Any]:
        """Ad hoc start URL: whatever it turns out to be."""
        try:
            body = self._unzipped(response)
        except DiscoveryError as error:
            self._fail(response.url, _unzip_reason(error), str(error))
            return
        kind = sniff_kind(body, _content_type(response))
        if kind == "feed":
            yield from self.parse_feed(response)
        elif kind == "sitemap":
            yield from self.parse_sitemap(response)
        else:
            response.meta.setdefault("found_via", "start_url")
            yield from self.parse_article(response)

    # ------------------------------------------------------------------ discovery

    def parse_feed(self, response: Response) -> Iterator[Request]:
        try:
            entries = parse_feed(self._unzipped(response), response.url)
        except DiscoveryError as error:
            reason = "too_large" if isinstance(error, TooLarge) else "bad_feed"
            self._fail(response.url, reason, str(error))
            return
        for entry in entries:
            listed = ListedDate(entry.published, "feed") if entry.published else None
            yield from self._article_request(entry, "feed", response.url, listed, hops=1)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        try:
            sitemap = parse_sitemap(self._unzipped(response), response.url)
        except DiscoveryError as error:
            reason = "too_large" if isinstance(error, TooLarge) else "bad_sitemap"
            self._fail(response.url, reason, str(error))
            return
        nesting = response.meta.get("nesting", 0)
        for entry in sitemap.entries:
            if not sitemap.is_index:
                listed = ListedDate(entry.published, "sitemap") if entry.published else None
                yield from self._article_request(entry, "sitemap", response.url, listed, hops=1)
            elif self._follow_child_sitemap(entry, nesting):
                yield self._discovery_request(entry.url, self.parse_sitemap, nesting=nesting + 1)

    def _unzipped(self, response: Response) -> bytes:
        """Sitemaps are often served as .xml.gz files (gzip body, no Content-Encoding);
        raises DiscoveryError (TooLarge for a bomb) instead of crashing the callback."""
        return gunzip_body(response.body, self.settings.getint("DOWNLOAD_MAXSIZE"))

    def _follow_child_sitemap(self, entry: Discovered, nesting: int) -> bool:
        if canonicalize(entry.url) in self.seen:
            return False
        if nesting + 1 > MAX_SITEMAP_NESTING:
            return self._skip(entry.url, "sitemap_nesting", f"deeper than {MAX_SITEMAP_NESTING}")
        if not in_domains(entry.url, self.allowed_domains):
            return self._skip(entry.url, "offsite", "child sitemap outside allowed_domains")
        if too_old(entry, self.plan.max_age_days, self.today):
            return self._skip(entry.url, "too_old", f"lastmod {entry.newest_date}")
        return True

    def parse_listing(self, response: Response) -> Iterator[Request]:
        if not isinstance(response, TextResponse):
            self._fail(response.url, "not_html", "listing page is not text")
            return
        index, page = response.meta["listing"], response.meta["page"]
        config = self.plan.listings[index]
        listing = parse_listing(
            response.text, response.url, config.link_pattern, config.next_pattern
        )
        for url in listing.articles:
            yield from self._article_request(Discovered(url), "listing", response.url, None, 1)
        for url in listing.next_pages:
            canonical = canonicalize(url)
            if canonical in self.seen:
                continue
            if page >= config.max_pages:
                self._skip(url, "max_listing_pages", f"listing page budget {config.max_pages}")
                break
            if not in_domains(url, self.allowed_domains):
                self._skip(url, "offsite", "next page outside allowed_domains")
                continue
            yield self._discovery_request(url, self.parse_listing, listing=index, page=page + 1)

    # ------------------------------------------------------------------ articles

    def _article_request(
        self,
        entry: Discovered,
        found_via: str,
        found_on: str,
        listed: ListedDate | None,
        hops: int,
    ) -> Iterator[Request]:
        url, plan = entry.url, self.plan
        canonical = canonicalize(url)
        if canonical in self.seen:
            return
        self.seen.add(canonical)
        if not in_domains(url, self.allowed_domains):
            self._skip(url, "offsite", f"outside allowed_domains {self.allowed_domains}")
        elif (
            found_via != "listing"
            and plan.article_pattern
            and not re.search(plan.article_pattern, url)
        ):
            self._skip(url, "not_article", "does not match article_pattern")
        elif too_old(entry, plan.max_age_days, self.today):
            self._skip(url, "too_old", f"listed {entry.newest_date}, limit {plan.max_age_days} d")
        elif hops > max(plan.max_depth, 1):
            self._skip(url, "max_depth", f"{hops} hops > max_depth {plan.max_depth}")
        elif self.articles_scheduled >= self.max_pages:
            if not self.budget_reported:
                self.logger.info("%s: max_pages %d reached", plan.source_id, self.max_pages)
                self.budget_reported = True
            self._skip(url, "max_pages", f"page budget {self.max_pages} used up")
        else:
            self.articles_scheduled += 1
            meta = {
                "found_via": found_via,
                "found_on": found_on,
                "listed": listed,
                "hops": hops,
                CONDITIONAL_META: True,
                "handle_httpstatus_list": [304],
            }
            priority = LINK_PRIORITY if found_via == "link" else 0
            yield Request(
                url,
                callback=self.parse_article,
                errback=self.on_error,
                meta=meta,
                priority=priority,
            )

    def parse_article(self, response: Response) -> Iterator[Any]:
        meta = response.meta
        url = (meta.get("redirect_urls") or [response.url])[0]
        if response.status == 304:
            self._signal(recorder.page_outcome, url=url, outcome="unchanged", detail="HTTP 304")
            return
        content_type = _content_type(response)
        if sniff_kind(response.body, content_type) != "page":
            detail = f"the body is not an HTML page (Content-Type: {content_type or 'none'})"
            self._fail(url, "not_html", detail)
            return
        html, _encoding = decode_html(response.body, content_type)
        yield PageItem(
            source_id=self.plan.source_id,
            run_id=self.run_id,
            languages=self.plan.languages,
            allowed_domains=self.plan.allowed_domains,
            url=url,
            final_url=response.url,
            http_status=response.status,
            content_type=content_type,
            html=html,
            fetched_at=meta[CAPTURE_META].fetched_at,
            found_via=meta.get("found_via", "start_url"),
            found_on=meta.get("found_on"),
            listed=meta.get("listed"),
            capture=meta[CAPTURE_META],
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
        )
        yield from self._follow_links(html, response.url, meta.get("hops", 1))

    def _follow_links(self, html: str, page_url: str, hops: int) -> Iterator[Request]:
        """Links from an article to other articles (found_via "link"), only for sources
        that say what an article URL looks like."""
        if not self.plan.article_pattern or hops >= self.plan.max_depth:
            return
        for url in parse_listing(html, page_url, self.plan.article_pattern).articles:
            yield from self._article_request(Discovered(url), "link", page_url, None, hops + 1)

    # ------------------------------------------------------------------ reporting

    def on_error(self, failure: Failure) -> None:
        reason, detail = recorder.classify_failure(failure)
        request = failure.request
        url = (request.meta.get("redirect_urls") or [request.url])[0]
        if reason in ("robots_disallowed", "offsite"):
            self._skip(url, reason, detail)
        else:
            self._fail(url, reason, detail)

    def _fail(self, url: str, reason: str, detail: str) -> None:
        self._signal(recorder.page_failed, url=url, reason=reason, detail=detail)

    def _skip(self, url: str, reason: str, detail: str) -> bool:
        self._signal(recorder.page_skipped, url=url, reason=reason, detail=detail)
        return False

    def _signal(self, signal: object, **kwargs: Any) -> None:
        self.crawler.signals.send_catch_log(signal, **kwargs)


def _unzip_reason(error: DiscoveryError) -> str:
    return "too_large" if isinstance(error, TooLarge) else "bad_gzip"


def _content_type(response: Response) -> str | None:
    return _header(response, b"Content-Type")


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
