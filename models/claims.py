"""The claim side: persons, claims (counts and arrests), evidence spans and review decisions.

The machine's extraction (claim + evidence) is never edited by a reviewer: every analyst act is
a new :class:`ReviewDecision` row keyed by the claim's stable ``review_key``, so decisions
survive re-extraction by a new extractor version.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, created, intpk, partial_date
from models.documents import Document

CLAIM_KINDS = ("count", "arrest")
QUALIFIERS = ("exact", "more_than", "at_least", "about", "up_to", "less_than")
PRECISIONS = ("day", "month", "year")
REVIEW_ACTIONS = ("accept", "reject", "correct", "merge", "note")


class Person(Base):
    __tablename__ = "person"

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(300))
    # Accent- and case-folded name: one person row per spelling family.
    key: Mapped[str] = mapped_column(String(300), unique=True)
    # Set when a reviewer merged this person into another.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[created]


class PersonMention(Base):
    __tablename__ = "person_mention"
    __table_args__ = (
        UniqueConstraint("document_id", "start", "extractor_version"),
        CheckConstraint('"end" > start', name="span"),
    )

    id: Mapped[intpk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    start: Mapped[int]
    end: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    extractor_version: Mapped[str] = mapped_column(String(64))


class Claim(Base):
    __tablename__ = "claim"
    __table_args__ = (
        CheckConstraint(f"kind IN {CLAIM_KINDS!r}", name="kind"),
        CheckConstraint(f"qualifier IS NULL OR qualifier IN {QUALIFIERS!r}", name="qualifier"),
        CheckConstraint("kind != 'count' OR value IS NOT NULL", name="count_has_value"),
        CheckConstraint("kind != 'arrest' OR person_id IS NOT NULL", name="arrest_has_person"),
        UniqueConstraint("document_id", "review_key", "extractor_version"),
        Index("ix_claim_current", "superseded", "kind"),
    )

    id: Mapped[intpk]
    kind: Mapped[str] = mapped_column(String(16))
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    # Stable across extractor versions and document versions: same page, kind and
    # normalised figure-and-subject (or person) give the same key.
    review_key: Mapped[str] = mapped_column(String(64), index=True)
    extractor_version: Mapped[str] = mapped_column(String(64))
    superseded: Mapped[bool] = mapped_column(default=False)
    # count fields
    value: Mapped[int | None]
    qualifier: Mapped[str | None] = mapped_column(String(16))
    subject: Mapped[str | None] = mapped_column(Text)
    # What a count measures, its slice and where and when it holds are reconciliation's
    # reading of the claim, kept in ``claim_fact`` (models/reconcile.py), never here.
    place: Mapped[str | None] = mapped_column(String(200))
    as_of: Mapped[partial_date]
    attributed_to: Mapped[str | None] = mapped_column(Text)
    part_of_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"))
    # arrest fields
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    event_date: Mapped[partial_date]
    event_date_precision: Mapped[str | None] = mapped_column(String(8))
    agent: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(Text)
    # Whatever else the extractor reported, kept verbatim.
    extra: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[created]

    document: Mapped[Document] = relationship()
    person: Mapped[Person | None] = relationship()
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="claim", order_by="Evidence.start", cascade="all, delete-orphan"
    )


class Evidence(Base):
    """A span of a document's stored text that supports a claim: text[start:end] == quote."""

    __tablename__ = "evidence"
    __table_args__ = (
        UniqueConstraint("claim_id", "start", "end"),
        CheckConstraint('"end" > start AND start >= 0', name="span"),
    )

    id: Mapped[intpk]
    claim_id: Mapped[int] = mapped_column(ForeignKey("claim.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    start: Mapped[int]
    end: Mapped[int]
    quote: Mapped[str] = mapped_column(Text)
    extractor_version: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[created]

    claim: Mapped[Claim] = relationship(back_populates="evidence")


class ReviewDecision(Base):
    """One analyst act; rows are only ever added."""

    __tablename__ = "review_decision"
    __table_args__ = (CheckConstraint(f"action IN {REVIEW_ACTIONS!r}", name="action"),)

    id: Mapped[intpk]
    review_key: Mapped[str] = mapped_column(String(64), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    action: Mapped[str] = mapped_column(String(16))
    reviewer: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[created]
    before: Mapped[dict[str, Any]] = mapped_column(default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(default=dict)
    note: Mapped[str | None] = mapped_column(Text)
    # Digest of the evidence quotes the reviewer saw: when it changes, re-review is due.
    evidence_digest: Mapped[str | None] = mapped_column(String(64))
