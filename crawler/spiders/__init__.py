"""Spiders, and the crawl plan they follow.

A :class:`CrawlPlan` is what one spider needs to know about one source: where to
discover articles, its limits and its politeness. It is made from a source file or from
ad hoc start URLs, so the spider never cares which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.registry import (
    CrawlLimits,
    Listing,
    LoadedSource,
    Politeness,
    check_http_url,
    load_registry,
    select,
)
from crawler.urls import host_of
from crosstally.config import get_settings
from crosstally.errors import ConfigError

SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
# Ad hoc start URLs were asked for explicitly: no age limit, no link following.
ADHOC_MAX_AGE_DAYS = 36_500
MAX_SITEMAP_NESTING = 3


@dataclass(frozen=True)
class CrawlPlan:
    source_id: str
    allowed_domains: tuple[str, ...]
    languages: tuple[str, ...]
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[Listing, ...] = ()
    start_urls: tuple[str, ...] = ()
    article_pattern: str | None = None
    max_depth: int = 1
    max_age_days: int = CrawlLimits().max_age_days
    max_pages: int = CrawlLimits().max_pages
    politeness: Politeness = field(default_factory=Politeness)
    # The source file, when there is one (None for ad hoc crawls).
    loaded: LoadedSource | None = None

    @classmethod
    def from_source(cls, loaded: LoadedSource) -> CrawlPlan:
        config = loaded.config
        return cls(
            source_id=config.id,
            allowed_domains=tuple(config.allowed_domains),
            languages=tuple(config.languages),
            feeds=tuple(config.discovery.feeds),
            sitemaps=tuple(config.discovery.sitemaps),
            listings=tuple(config.discovery.listings),
            article_pattern=config.discovery.article_pattern,
            max_depth=config.crawl.max_depth,
            max_age_days=config.crawl.max_age_days,
            max_pages=config.crawl.max_pages,
            politeness=config.politeness,
            loaded=loaded,
        )

    @classmethod
    def adhoc(cls, start_urls: list[str], source_id: str | None = None) -> CrawlPlan:
        """Start URLs whose kind (feed, sitemap, page) is sniffed from the response;
        the crawl stays on their hosts."""
        if not start_urls:
            raise ConfigError("an ad hoc crawl needs at least one --start-url")
        for url in start_urls:
            try:
                check_http_url(url)
            except ValueError:
                raise ConfigError(
                    f"--start-url {url}: only http:// and https:// URLs with a host can be crawled"
                ) from None
        source_id = source_id or adhoc_source_id(start_urls[0])
        if not SOURCE_ID.match(source_id):
            raise ConfigError(
                f"--source-id {source_id!r}: use 2-63 lower-case letters, digits and dashes"
            )
        hosts = tuple(dict.fromkeys(host_of(url) for url in start_urls))
        return cls(
            source_id=source_id,
            allowed_domains=hosts,
            languages=(),
            start_urls=tuple(start_urls),
            max_age_days=ADHOC_MAX_AGE_DAYS,
        )

    @property
    def depth_backstop(self) -> int:
        """Scrapy's DEPTH_LIMIT, a backstop only: pagination and sitemap indexes add
        Scrapy depth without adding article hops, which the spider limits itself."""
        pages = max((listing.max_pages for listing in self.listings), default=0)
        return self.max_depth + MAX_SITEMAP_NESTING + pages + 2


def adhoc_source_id(url: str) -> str:
    """ "https://www.example.org/feed" -> "example-org"."""
    host = host_of(url).removeprefix("www.")
    slug = re.sub(r"[^a-z0-9]+", "-", host).strip("-")[:63]
    return slug if SOURCE_ID.match(slug) else f"adhoc-{slug}".strip("-")[:63]


def fill_app_settings(settings: Any) -> None:
    """Where crosstally keeps its data, when Scrapy is run directly (``scrapy crawl``):
    the same environment variables the ``crosstally`` command reads."""
    app = get_settings()
    defaults = {
        "CROSSTALLY_DATA_DIR": str(app.data_dir),
        "CROSSTALLY_DATABASE_URL": app.database_url,
        "CROSSTALLY_SOURCES_DIR": str(app.sources_dir),
    }
    for name, value in defaults.items():
        if not settings.get(name):
            settings.set(name, value, priority="spider")


def plan_from_arguments(settings: Any, arguments: dict[str, Any]) -> CrawlPlan:
    """``-a source=ID`` or ``-a start_url=URL[,URL...] [-a source_id=ID]``."""
    if arguments.get("source"):
        registry = load_registry(Path(settings["CROSSTALLY_SOURCES_DIR"]))
        return CrawlPlan.from_source(select(registry, [arguments["source"]])[0])
    if arguments.get("start_url"):
        urls = [url.strip() for url in str(arguments["start_url"]).split(",") if url.strip()]
        return CrawlPlan.adhoc(urls, arguments.get("source_id"))
    raise ConfigError("give -a source=ID or -a start_url=URL")


def apply_plan_settings(settings: Any, plan: CrawlPlan) -> None:
    """Per-source politeness, at "spider" priority: project defaults lose to it, command
    line overrides (``--delay``, ``--timeout``) win over it."""
    politeness = plan.politeness
    values: dict[str, Any] = {
        "DOWNLOAD_DELAY": politeness.download_delay,
        "AUTOTHROTTLE_START_DELAY": politeness.download_delay,
        "CONCURRENT_REQUESTS_PER_DOMAIN": politeness.concurrency_per_domain,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(politeness.concurrency_per_domain),
        "ROBOTSTXT_OBEY": politeness.obey_robots,
        "DEPTH_LIMIT": plan.depth_backstop,
    }
    if politeness.user_agent:
        values["USER_AGENT"] = politeness.user_agent
    for name, value in values.items():
        settings.set(name, value, priority="spider")
