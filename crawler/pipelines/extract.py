"""Article fields from the page's HTML; a page without main text is a failure (``no_text``)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem

from crawler import recorder
from crawler.article import extract_article
from crawler.pipelines import PageItem

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class ExtractArticlePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractArticlePipeline:
        return cls(crawler)

    def process_item(self, item: PageItem) -> PageItem:
        article = extract_article(
            item.html,
            item.final_url,
            languages=item.languages,
            allowed_domains=item.allowed_domains,
            listed=item.listed,
        )
        if article is None:
            detail = "no main text found in the page"
            self.crawler.signals.send_catch_log(
                recorder.page_failed, url=item.url, reason="no_text", detail=detail
            )
            raise DropItem(f"no_text: {item.url}", log_level="DEBUG")
        return replace(item, article=article)
