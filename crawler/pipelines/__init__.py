"""Item pipelines, small and ordered (see ITEM_PIPELINES in crawler/settings.py).

1. :class:`~crawler.pipelines.unchanged.SkipUnchangedPipeline` (100): same bytes as the
   latest capture of the URL -> ``unchanged``, nothing else to do.
2. :class:`~crawler.pipelines.extract.ExtractArticlePipeline` (200): HTML -> article
   fields; no main text -> failure ``no_text``.
3. :class:`~crawler.pipelines.store.StoreDocumentPipeline` (300): one transaction per
   document -> ``new``, ``changed`` or ``unchanged``.

Each reads its settings in ``from_crawler`` and reports through the recorder's signals;
a dropped item always carries its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from crawler.archive import ArchivedRecord
from crawler.article import ArticleFields, ListedDate


@dataclass(frozen=True)
class PageItem:
    """One fetched article page, as the spider hands it to the pipelines."""

    source_id: str
    run_id: int
    languages: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    url: str  # as discovered (before redirects)
    final_url: str
    http_status: int
    content_type: str | None
    html: str  # decoded per the response's charset
    fetched_at: datetime
    found_via: str
    found_on: str | None
    listed: ListedDate | None
    capture: ArchivedRecord
    etag: str | None
    last_modified: str | None
    article: ArticleFields | None = None
