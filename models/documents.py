"""Archived captures and the document versions read from them (the chain of custody)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, created, intpk, partial_date, sha256
from models.sources import Source

FOUND_VIA = ("feed", "sitemap", "listing", "start_url", "link")


class Capture(Base):
    """One HTTP response as written, byte for byte, to a WARC file under the data directory."""

    __tablename__ = "capture"
    __table_args__ = (UniqueConstraint("warc_path", "warc_offset"),)

    id: Mapped[intpk]
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_run.id"), index=True)
    source_id: Mapped[str | None] = mapped_column(ForeignKey("source.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    http_status: Mapped[int]
    content_type: Mapped[str | None] = mapped_column(String(200))
    fetched_at: Mapped[datetime]
    # Path relative to the data directory, so a moved data directory still verifies.
    warc_path: Mapped[str] = mapped_column(Text)
    # 64-bit: a WARC file of a long crawl passes 2 GiB, past PostgreSQL's INTEGER.
    warc_offset: Mapped[int] = mapped_column(BigInteger)
    warc_length: Mapped[int] = mapped_column(BigInteger)
    record_id: Mapped[str] = mapped_column(String(100), unique=True)
    request_record_id: Mapped[str | None] = mapped_column(String(100))
    payload_sha256: Mapped[sha256] = mapped_column(index=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)


class Document(Base):
    """One distinct content version of an article page."""

    __tablename__ = "document"
    __table_args__ = (
        UniqueConstraint("canonical_url", "text_sha256"),
        UniqueConstraint("canonical_url", "version"),
        CheckConstraint(f"found_via IN {FOUND_VIA!r}", name="found_via"),
        CheckConstraint("version >= 1", name="version_positive"),
        Index("ix_document_source_canonical", "source_id", "canonical_url"),
    )

    id: Mapped[intpk]
    source_id: Mapped[str] = mapped_column(ForeignKey("source.id"))
    url: Mapped[str] = mapped_column(Text)
    canonical_url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str] = mapped_column(Text)
    http_status: Mapped[int]
    fetched_at: Mapped[datetime]
    published_at: Mapped[partial_date]
    published_source: Mapped[str | None] = mapped_column(String(32))
    found_via: Mapped[str] = mapped_column(String(16))
    found_on: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    language_source: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    text_sha256: Mapped[sha256]
    version: Mapped[int] = mapped_column(default=1)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"))
    capture_id: Mapped[int] = mapped_column(ForeignKey("capture.id"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_run.id"))
    created_at: Mapped[created]

    source: Mapped[Source] = relationship()
    capture: Mapped[Capture] = relationship()


class DocumentLink(Base):
    """Two documents that are not independent (syndicated wire copy, near duplicate)."""

    __tablename__ = "document_link"
    __table_args__ = (
        UniqueConstraint("document_id", "other_id"),
        CheckConstraint("document_id < other_id", name="ordered"),
    )

    id: Mapped[intpk]
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    similarity: Mapped[float]
    created_at: Mapped[created]


class Extraction(Base):
    """Marks a document as processed by one extractor version (the --pending queue)."""

    __tablename__ = "extraction"
    __table_args__ = (UniqueConstraint("document_id", "extractor_version"),)

    id: Mapped[intpk]
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    extractor_version: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="done")
    error: Mapped[str | None] = mapped_column(Text)
    worker: Mapped[str | None] = mapped_column(String(64))
    processed_at: Mapped[created]
