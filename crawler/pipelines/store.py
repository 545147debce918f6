"""Store the page as a document version (capture + document in one transaction)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem
from sqlalchemy.exc import SQLAlchemyError

from crawler import recorder, storage
from crawler.pipelines import PageItem

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class StoreDocumentPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.factory = storage.session_factory(
            crawler.settings["CROSSTALLY_DATABASE_URL"], crawler.settings["CROSSTALLY_DATA_DIR"]
        )

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoreDocumentPipeline:
        return cls(crawler)

    def process_item(self, item: PageItem) -> PageItem:
        if item.article is None:
            raise DropItem(f"not extracted: {item.url} (ExtractArticlePipeline must run first)")
        page = storage.StoredPage(
            source_id=item.source_id,
            run_id=item.run_id,
            url=item.url,
            final_url=item.final_url,
            http_status=item.http_status,
            content_type=item.content_type,
            found_via=item.found_via,
            found_on=item.found_on,
            capture=item.capture,
            etag=item.etag,
            last_modified=item.last_modified,
            article=item.article,
        )
        try:
            result = storage.store_page(self.factory, page)
        except SQLAlchemyError as error:
            detail = f"{type(error).__name__}: {error}"
            self.crawler.signals.send_catch_log(
                recorder.page_failed, url=item.url, reason="store_error", detail=detail
            )
            raise DropItem(f"store_error: {item.url}: {detail}", log_level="ERROR") from error
        self.crawler.signals.send_catch_log(
            recorder.page_outcome,
            url=item.url,
            outcome=result.outcome,
            detail=f"document {result.document_id} version {result.version}",
        )
        return item
