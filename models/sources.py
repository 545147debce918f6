"""Sources (mirrored from the files under sources/) and the crawl runs that visit them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, created, intpk

SOURCE_KINDS = ("ngo", "news", "social", "official")
SOURCE_ROLES = ("primary", "secondary")
RUN_STATUSES = ("running", "succeeded", "partial", "failed", "interrupted")


class Source(Base):
    __tablename__ = "source"
    __table_args__ = (
        CheckConstraint(f"kind IN {SOURCE_KINDS!r}", name="kind"),
        CheckConstraint(f"role IN {SOURCE_ROLES!r}", name="role"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    publisher: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    home_url: Mapped[str] = mapped_column(Text)
    languages: Mapped[list[Any]] = mapped_column(default=list)
    config_sha256: Mapped[str | None] = mapped_column(String(64))
    # Ad hoc sources are created by `crawl --start-url` without a file.
    adhoc: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[created]
    last_crawled_at: Mapped[datetime | None]


class CrawlRun(Base):
    __tablename__ = "crawl_run"
    __table_args__ = (CheckConstraint(f"status IN {RUN_STATUSES!r}", name="status"),)

    id: Mapped[intpk]
    kind: Mapped[str] = mapped_column(String(16), default="crawl")
    started_at: Mapped[created]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16), default="running")
    source_ids: Mapped[list[Any]] = mapped_column(default=list)
    start_urls: Mapped[list[Any]] = mapped_column(default=list)
    pages_fetched: Mapped[int] = mapped_column(default=0)
    pages_new: Mapped[int] = mapped_column(default=0)
    pages_changed: Mapped[int] = mapped_column(default=0)
    pages_unchanged: Mapped[int] = mapped_column(default=0)
    pages_failed: Mapped[int] = mapped_column(default=0)
    # Per-source counters: {source_id: {"fetched": n, "new": n, ...}}.
    stats: Mapped[dict[str, Any]] = mapped_column(default=dict)
    pid: Mapped[int | None]
    # The machine the run's process lives on: a stale-run check may only judge a pid by the
    # local process table when the run was started here.
    host: Mapped[str | None] = mapped_column(String(255))

    errors: Mapped[list[CrawlError]] = relationship(
        back_populates="run", order_by="CrawlError.id", cascade="all, delete-orphan"
    )


class CrawlError(Base):
    """One clear reason per URL that could not be fetched or stored."""

    __tablename__ = "crawl_error"

    id: Mapped[intpk]
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_run.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[str | None] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(Text)
    at: Mapped[created]

    run: Mapped[CrawlRun] = relationship(back_populates="errors")
