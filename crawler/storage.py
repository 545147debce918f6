"""Document versions with provenance, stored idempotently.

A page is identified by its canonical URL. Storing a page whose extracted text is
already a version of that URL (the latest or an older one) adds no row at all; a new
text adds a version (``version`` + 1, ``previous_id`` pointing at the one it follows)
and keeps every earlier one. The capture row and the document row are committed in one
transaction, so an interrupted run never leaves a capture without its document or the
other way round. Queries are plain ``select()`` so the same code runs on SQLite and
PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from crawler.archive import ArchivedRecord
from crawler.article import ArticleFields
from crawler.registry import LoadedSource
from crawler.urls import host_of
from crosstally.config import Settings
from crosstally.db import make_sessionmaker, session_scope
from crosstally.errors import ConfigError
from models import Capture, Document, Source

if TYPE_CHECKING:
    from crawler.spiders import CrawlPlan

Outcome = Literal["new", "changed", "unchanged"]


@dataclass(frozen=True)
class StoredPage:
    """Everything the store needs about one fetched article page."""

    source_id: str
    run_id: int | None
    url: str
    final_url: str
    http_status: int
    content_type: str | None
    found_via: str
    found_on: str | None
    capture: ArchivedRecord
    etag: str | None
    last_modified: str | None
    article: ArticleFields


@dataclass(frozen=True)
class StoreResult:
    outcome: Outcome
    # The version now holding this text (new, or the existing one it matched).
    document_id: int
    version: int


@dataclass(frozen=True)
class KnownCapture:
    """What the latest capture of a URL tells the next fetch of it."""

    capture_id: int
    payload_sha256: str
    etag: str | None
    last_modified: str | None


@cache
def session_factory(database_url: str, data_dir: str) -> sessionmaker[Session]:
    """One engine per database per process, shared by every crawler of a run."""
    settings = Settings(data_dir=Path(data_dir), database_url=database_url, sources_dir=Path())
    return make_sessionmaker(settings)


def store_page(factory: sessionmaker[Session], page: StoredPage) -> StoreResult:
    try:
        with session_scope(factory) as session:
            return _store(session, page)
    except IntegrityError:
        # Another process stored this very text between our read and our insert.
        with session_scope(factory) as session:
            existing = _matching_version(session, page)
            if existing is None:
                raise
            return StoreResult("unchanged", existing.id, existing.version)


def _store(session: Session, page: StoredPage) -> StoreResult:
    matching = _matching_version(session, page)
    if matching is not None:
        return StoreResult("unchanged", matching.id, matching.version)
    latest = session.scalars(
        select(Document)
        .where(Document.canonical_url == page.article.canonical_url)
        .order_by(Document.version.desc())
        .limit(1)
    ).first()
    capture = _capture_row(page)
    session.add(capture)
    session.flush()
    document = _document_row(page, capture, latest)
    session.add(document)
    session.flush()
    return StoreResult("changed" if latest else "new", document.id, document.version)


def _matching_version(session: Session, page: StoredPage) -> Document | None:
    return session.scalars(
        select(Document).where(
            Document.canonical_url == page.article.canonical_url,
            Document.text_sha256 == page.article.text_sha256,
        )
    ).first()


def _capture_row(page: StoredPage) -> Capture:
    record = page.capture
    return Capture(
        run_id=page.run_id,
        source_id=page.source_id,
        url=page.final_url,
        http_status=page.http_status,
        content_type=(page.content_type or "")[:200] or None,
        fetched_at=record.fetched_at,
        warc_path=record.warc_path,
        warc_offset=record.warc_offset,
        warc_length=record.warc_length,
        record_id=record.record_id,
        request_record_id=record.request_record_id,
        payload_sha256=record.payload_sha256,
        etag=page.etag,
        last_modified=page.last_modified,
    )


def _document_row(page: StoredPage, capture: Capture, latest: Document | None) -> Document:
    article = page.article
    return Document(
        source_id=page.source_id,
        url=page.url,
        canonical_url=article.canonical_url,
        final_url=page.final_url,
        http_status=page.http_status,
        fetched_at=page.capture.fetched_at,
        published_at=article.published_at,
        published_source=article.published_source,
        found_via=page.found_via,
        found_on=page.found_on,
        title=article.title,
        byline=article.byline,
        language=article.language,
        language_source=article.language_source,
        text=article.text,
        text_sha256=article.text_sha256,
        version=(latest.version + 1) if latest else 1,
        previous_id=latest.id if latest else None,
        capture_id=capture.id,
        run_id=page.run_id,
    )


def known_captures(factory: sessionmaker[Session], source_id: str) -> dict[str, KnownCapture]:
    """The latest capture per fetched URL of one source (for conditional requests and
    the unchanged-payload shortcut), loaded once when a spider opens."""
    with session_scope(factory) as session:
        rows = session.execute(
            select(
                Capture.id, Capture.url, Capture.payload_sha256, Capture.etag, Capture.last_modified
            )
            .where(Capture.source_id == source_id)
            .order_by(Capture.id)
        ).all()
    return {
        row.url: KnownCapture(row.id, row.payload_sha256, row.etag, row.last_modified)
        for row in rows
    }


def sync_sources(factory: sessionmaker[Session], sources: list[LoadedSource]) -> None:
    """Mirror the source files into the ``source`` table (documents point at it). Processes
    of a shared crawl mirror the same files at once: the one whose insert loses the race
    mirrors again, finding the rows the other wrote."""
    try:
        _sync_sources(factory, sources)
    except IntegrityError:
        _sync_sources(factory, sources)


def _sync_sources(factory: sessionmaker[Session], sources: list[LoadedSource]) -> None:
    with session_scope(factory) as session:
        for loaded in sources:
            config = loaded.config
            row = session.get(Source, config.id) or Source(id=config.id)
            if row.adhoc:
                raise ConfigError(
                    f"source {config.id!r} was created by an ad hoc crawl; "
                    f"rename {loaded.path} or its id"
                )
            row.name, row.kind, row.publisher = config.name, config.kind, config.publisher
            row.role, row.home_url = config.role, config.home_url
            row.languages = list(config.languages)
            row.config_sha256 = loaded.sha256
            row.adhoc = False
            session.add(row)


def ensure_adhoc_source(
    factory: sessionmaker[Session], source_id: str, home_url: str, host: str
) -> None:
    """The row an ad hoc ``crawl --start-url`` files its documents under."""
    with session_scope(factory) as session:
        row = session.get(Source, source_id)
        if row is not None and not row.adhoc:
            raise ConfigError(
                f"--source-id {source_id!r} is a source from the registry; "
                f"crawl it by name or choose another id"
            )
        if row is None:
            session.add(
                Source(
                    id=source_id,
                    name=f"Ad hoc: {host}",
                    kind="news",
                    publisher=host,
                    role="secondary",
                    home_url=home_url,
                    languages=[],
                    adhoc=True,
                )
            )


def register_plan(factory: sessionmaker[Session], plan: CrawlPlan) -> None:
    """The source row a plan's documents will point at: mirrored from its file, or
    created for an ad hoc crawl."""
    if plan.loaded is not None:
        sync_sources(factory, [plan.loaded])
    else:
        first = plan.start_urls[0]
        ensure_adhoc_source(factory, plan.source_id, first, host_of(first))


def mark_crawled(factory: sessionmaker[Session], source_id: str, when: datetime) -> None:
    with session_scope(factory) as session:
        row = session.get(Source, source_id)
        if row is not None:
            row.last_crawled_at = when
