"""Document versioning: idempotent, one transaction per document, SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from crawler import storage
from crawler.archive import ArchivedRecord
from crawler.article import ArticleFields, text_digest
from crosstally import migrate
from crosstally.errors import ConfigError
from models import Capture, Document

_offsets = itertools.count(1000, 1000)
URL = "https://ngo.example.org/es/balance.html"


@pytest.fixture
def factory(database_url: str, tmp_path):
    migrate.upgrade(database_url)
    factory = storage.session_factory(database_url, str(tmp_path))
    storage.ensure_adhoc_source(factory, "test-src", "https://ngo.example.org/", "ngo.example.org")
    return factory


def page(text: str, payload: str = "", **changes) -> storage.StoredPage:
    offset = next(_offsets)
    capture = ArchivedRecord(
        warc_path="warc/crawl-1-1.warc.gz",
        warc_offset=offset,
        warc_length=500,
        record_id=f"<urn:uuid:response-{offset}>",
        request_record_id=f"<urn:uuid:request-{offset}>",
        payload_sha256=text_digest(payload or text),
        fetched_at=datetime.now(UTC),
    )
    article = ArticleFields(
        canonical_url=URL,
        title="Balance",
        byline=None,
        text=text,
        text_sha256=text_digest(text),
        published_at="2024-07",
        published_source="meta",
        language="es",
        language_source="html_lang",
    )
    stored = storage.StoredPage(
        source_id="test-src",
        run_id=None,
        url=URL + "?utm_source=rss",
        final_url=URL,
        http_status=200,
        content_type="text/html",
        found_via="feed",
        found_on="https://ngo.example.org/feed/",
        capture=capture,
        etag='"v1"',
        last_modified=None,
        article=article,
    )
    return replace(stored, **changes)


def counts(factory) -> tuple[int, int]:
    with factory() as session:
        documents = session.scalar(select(func.count()).select_from(Document))
        captures = session.scalar(select(func.count()).select_from(Capture))
    return documents, captures


def test_new_page_stores_capture_and_document_together(factory) -> None:
    result = storage.store_page(factory, page("301 presos políticos."))
    assert (result.outcome, result.version) == ("new", 1)
    with factory() as session:
        document = session.get(Document, result.document_id)
        assert document.capture.payload_sha256 == text_digest("301 presos políticos.")
        assert (document.url, document.canonical_url) == (URL + "?utm_source=rss", URL)
        assert (document.published_at, document.found_via) == ("2024-07", "feed")
    assert counts(factory) == (1, 1)


def test_same_text_again_adds_no_row_at_all(factory) -> None:
    storage.store_page(factory, page("301 presos políticos."))
    # Different bytes (a new capture), same extracted text.
    again = storage.store_page(factory, page("301 presos políticos.", payload="<new ad>"))
    assert (again.outcome, again.version) == ("unchanged", 1)
    assert counts(factory) == (1, 1)


def test_changed_text_adds_a_version_and_keeps_the_old(factory) -> None:
    first = storage.store_page(factory, page("301 presos políticos."))
    second = storage.store_page(factory, page("305 presos políticos."))
    assert (second.outcome, second.version) == ("changed", 2)
    with factory() as session:
        new = session.get(Document, second.document_id)
        assert new.previous_id == first.document_id
        assert session.get(Document, first.document_id).text == "301 presos políticos."
    assert counts(factory) == (2, 2)


def test_text_of_an_older_version_adds_nothing(factory) -> None:
    storage.store_page(factory, page("301 presos políticos."))
    storage.store_page(factory, page("305 presos políticos."))
    reverted = storage.store_page(factory, page("301 presos políticos."))
    assert (reverted.outcome, reverted.version) == ("unchanged", 1)
    assert counts(factory) == (2, 2)


def test_a_document_that_cannot_be_stored_leaves_no_capture(factory) -> None:
    with pytest.raises(IntegrityError):
        storage.store_page(factory, page("301 presos políticos.", found_via="carrier pigeon"))
    assert counts(factory) == (0, 0)


def test_known_captures_give_the_latest_per_url(factory) -> None:
    storage.store_page(factory, page("301 presos políticos.", etag='"a"'))
    storage.store_page(factory, page("305 presos políticos.", etag='"b"'))
    known = storage.known_captures(factory, "test-src")
    assert list(known) == [URL]
    assert known[URL].etag == '"b"'
    assert known[URL].payload_sha256 == text_digest("305 presos políticos.")
    assert storage.known_captures(factory, "other-source") == {}


def test_adhoc_source_cannot_take_a_registry_id(factory) -> None:
    with factory() as session:
        session.execute(
            Document.__table__.metadata.tables["source"]
            .update()
            .where(Document.__table__.metadata.tables["source"].c.id == "test-src")
            .values(adhoc=False)
        )
        session.commit()
    with pytest.raises(ConfigError, match="is a source from the registry"):
        storage.ensure_adhoc_source(factory, "test-src", "https://x.org/", "x.org")
