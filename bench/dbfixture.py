"""Fresh crosstally databases filled with sources, captures and documents by executemany.

Why: the parallel, storage and reconciliation benchmarks need thousands to hundreds of thousands
of stored documents without paying for a crawl. Rows go in through SQLAlchemy Core
``insert()`` executemany in large chunks, in the schema Alembic creates (``migrate.upgrade``),
so what the measured code reads is exactly what a crawl would have stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, insert, text

from bench import templates
from bench.generate import Article, slugify
from crosstally import migrate
from crosstally.config import Settings
from crosstally.db import make_engine
from models import Capture, Document, Source

CHUNK = 20_000
FETCHED_AT = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)
BASE_URL = "https://bench.example.org"


@dataclass(frozen=True)
class DocRow:
    """One document to store, with the source it belongs to."""

    id: int
    source_id: str
    url: str
    text: str
    language: str
    published: date | None


def new_database(directory: Path) -> Settings:
    """An empty SQLite database at the newest schema, with its data directory."""
    directory.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{directory / 'crosstally.sqlite'}"
    migrate.upgrade(url)
    return Settings(data_dir=directory, database_url=url, sources_dir=directory / "sources")


def database_with(directory: Path, documents: Iterable[DocRow]) -> Settings:
    """A new database holding the generated sources and these documents, its WAL merged into
    the main file (so a plain file copy of it is complete)."""
    settings = new_database(directory)
    engine = engine_for(settings)
    with engine.begin() as connection:
        insert_sources(connection)
        insert_documents(connection, documents)
    with engine.connect() as connection:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    engine.dispose()
    return settings


def engine_for(settings: Settings) -> Engine:
    return make_engine(settings.database_url)


def source_id(name: str) -> str:
    return slugify(name)[:60]


def source_rows() -> list[dict[str, Any]]:
    """The fictional NGOs (primary sources) and outlets (secondary) of the template bank."""
    rows = []
    for name, _short in templates.ORGS:
        rows.append(_source(name, "ngo", "primary"))
    for name in templates.OUTLETS:
        rows.append(_source(name, "news", "secondary"))
    return rows


def _source(name: str, kind: str, role: str) -> dict[str, Any]:
    sid = source_id(name)
    return {
        "id": sid,
        "name": name,
        "kind": kind,
        "publisher": name,
        "role": role,
        "home_url": f"{BASE_URL}/{sid}/",
        "languages": ["es", "en"],
        "adhoc": False,
        "created_at": FETCHED_AT,
    }


def insert_sources(connection: Connection) -> None:
    connection.execute(insert(Source), source_rows())


def article_row(article: Article, doc_id: int | None = None) -> DocRow:
    return DocRow(
        id=doc_id if doc_id is not None else article.id + 1,
        source_id=source_id(article.publisher),
        url=f"{BASE_URL}/{source_id(article.publisher)}/{article.slug}.html",
        text=article.text,
        language=article.lang,
        published=article.published,
    )


def insert_documents(connection: Connection, documents: Iterable[DocRow]) -> int:
    """One capture and one document row per document (ids as given); returns the count."""
    total = 0
    iterator = iter(documents)
    while chunk := list(islice(iterator, CHUNK)):
        captures, docs = zip(*(_rows(d) for d in chunk), strict=True)
        connection.execute(insert(Capture), list(captures))
        connection.execute(insert(Document), list(docs))
        total += len(chunk)
    return total


def _rows(doc: DocRow) -> tuple[dict[str, Any], dict[str, Any]]:
    digest = hashlib.sha256(doc.text.encode()).hexdigest()
    capture = {
        "id": doc.id,
        "source_id": doc.source_id,
        "url": doc.url,
        "http_status": 200,
        "content_type": "text/html; charset=utf-8",
        "fetched_at": FETCHED_AT,
        "warc_path": "warc/bench.warc.gz",
        "warc_offset": doc.id * 4096,
        "warc_length": 4096,
        "record_id": f"<urn:uuid:bench-{doc.id}>",
        "payload_sha256": digest,
    }
    document = {
        "id": doc.id,
        "source_id": doc.source_id,
        "url": doc.url,
        "canonical_url": doc.url,
        "final_url": doc.url,
        "http_status": 200,
        "fetched_at": FETCHED_AT,
        "published_at": doc.published.isoformat() if doc.published else None,
        "published_source": "meta" if doc.published else "none",
        "found_via": "sitemap",
        "title": doc.text.split("\n", 1)[0],
        "language": doc.language,
        "language_source": "html",
        "text": doc.text,
        "text_sha256": digest,
        "version": 1,
        "capture_id": doc.id,
        "created_at": FETCHED_AT,
    }
    return capture, document


def chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk
