"""Skip pages whose bytes are those of the latest stored capture of the same URL.

Identical payload means identical text, so extraction is not even run. The WARC still
holds the refetch (every response is archived); the database gets no row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import DropItem

from crawler import recorder, storage
from crawler.pipelines import PageItem

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class SkipUnchangedPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.factory = storage.session_factory(
            crawler.settings["CROSSTALLY_DATABASE_URL"], crawler.settings["CROSSTALLY_DATA_DIR"]
        )
        self.known: dict[str, storage.KnownCapture] = {}
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SkipUnchangedPipeline:
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        self.known = storage.known_captures(self.factory, spider.plan.source_id)

    def process_item(self, item: PageItem) -> PageItem:
        known = self.known.get(item.final_url)
        if known is None or known.payload_sha256 != item.capture.payload_sha256:
            return item
        detail = f"same payload as capture {known.capture_id}"
        self.crawler.signals.send_catch_log(
            recorder.page_outcome, url=item.url, outcome="unchanged", detail=detail
        )
        raise DropItem(f"unchanged: {detail}", log_level="DEBUG")
