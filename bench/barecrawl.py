"""The bare Scrapy baseline: crawl the generated site like crosstally does, storing nothing.

Why: ``crosstally crawl`` pays for archiving (WARC), article extraction (trafilatura, dates) and
storage (SQLite) on top of Scrapy; this spider pays only for Scrapy, with the same politeness
settings (robots.txt obeyed, the same concurrency, delay and AutoThrottle), the same discovery
(robots.txt, sitemap index, child sitemaps) and the same link following (every ``<a href>`` of
an article that matches the article pattern, deduplicated), so the difference is crosstally's.

Run as its own process (Scrapy's reactor runs once per process):
``python -m bench.barecrawl SITEMAP_URL PATTERN CONCURRENCY``; prints one JSON line.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.http import Request, Response
from scrapy.utils.sitemap import Sitemap


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, sitemap: str, pattern: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sitemap = sitemap
        self.pattern = re.compile(pattern)
        self.pages = 0
        self.words = 0
        self.opened = self.closed_at = 0.0

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> BareSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_open, signal=signals.spider_opened)
        crawler.signals.connect(spider.on_close, signal=signals.spider_closed)
        return spider

    def on_open(self) -> None:
        self.opened = time.perf_counter()

    def on_close(self) -> None:
        self.closed_at = time.perf_counter()

    async def start(self) -> Any:
        yield Request(self.sitemap, callback=self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        sitemap = Sitemap(response.body)
        for entry in sitemap:
            callback = self.parse_sitemap if sitemap.type == "sitemapindex" else self.parse_page
            yield Request(entry["loc"], callback=callback)

    def parse_page(self, response: Response) -> Iterator[Request]:
        self.pages += 1
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href).split("#", 1)[0]
            if self.pattern.search(url):
                yield Request(url, callback=self.parse_page)


def settings(concurrency: int) -> dict[str, Any]:
    """crosstally's politeness for a source with download_delay 0 (crawler/settings.py and
    crawler.spiders.apply_plan_settings), nothing else."""
    return {
        "ROBOTSTXT_OBEY": True,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "DOWNLOAD_DELAY": 0.0,
        "AUTOTHROTTLE_ENABLED": True,
        "AUTOTHROTTLE_START_DELAY": 0.0,
        "AUTOTHROTTLE_MAX_DELAY": 60.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(concurrency),
        "RETRY_TIMES": 2,
        "LOG_LEVEL": "WARNING",
    }


def main(argv: list[str]) -> int:
    sitemap, pattern, concurrency = argv[0], argv[1], int(argv[2])
    started = time.perf_counter()
    process = CrawlerProcess(settings(concurrency))
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, sitemap=sitemap, pattern=pattern)
    process.start()
    spider: BareSpider = crawler.spider
    stats = crawler.stats.get_stats()
    print(
        json.dumps(
            {
                "pages": spider.pages,
                "requests": stats.get("downloader/request_count", 0),
                "responses": stats.get("downloader/response_count", 0),
                "crawl_seconds": round(spider.closed_at - spider.opened, 3),
                "process_seconds": round(time.perf_counter() - started, 3),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
