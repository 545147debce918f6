"""What reconciliation derives, kept apart from the machine's claims: one fact per count claim
and the checks over them.

Reconcile computes these once and every reader (the review pages, the exporters, ``crosstally
reconcile``) reads them, so what an export says about a claim is what the review page said.
Claim rows are never rewritten: a fact is keyed to its claim and replaced when the claim's
document or measure is reconciled again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, created, intpk, partial_date


class ClaimFact(Base):
    """What a count claim is about, as reconciliation reads it."""

    __tablename__ = "claim_fact"
    __table_args__ = (
        # a refresh reads a family's facts in the order a full run derives them
        Index("ix_claim_fact_family", "family", "document_id", "claim_id"),
        # the review queue: flagged claims, the worst first
        Index("ix_claim_fact_status", "status", "claim_id"),
        # a refresh's archive context: the countries an originator's figures are placed in,
        # the full names acronyms stand for, the countries figures are placed in
        Index("ix_claim_fact_originator", "originator", "country"),
        Index("ix_claim_fact_originator_acronym", "originator_acronym"),
        Index("ix_claim_fact_country", "country"),
    )

    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True
    )
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    # The syndication cluster the document belongs to (its own id when it has no copies).
    cluster_id: Mapped[int] = mapped_column(BigInteger)
    measure: Mapped[str | None] = mapped_column(String(64))
    # measure/place[/period start]: the key shown and exported
    measure_key: Mapped[str | None] = mapped_column(String(300))
    # measure/place: the figures a group check sets against each other (Fact.family)
    family: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[str | None] = mapped_column(String(8))  # stock | flow
    place: Mapped[str | None] = mapped_column(String(300))  # country[/region]
    country: Mapped[str | None] = mapped_column(String(200))
    region: Mapped[str | None] = mapped_column(String(200))
    slice: Mapped[str | None] = mapped_column(String(200))
    axis: Mapped[str | None] = mapped_column(String(32))
    # a slice naming what is left over ("other regions"): it closes a list of parts
    remainder: Mapped[bool] = mapped_column(default=False)
    # a line of a table that lists only some slices ("the states with most cases")
    partial: Mapped[bool] = mapped_column(default=False)
    table_heading: Mapped[str | None] = mapped_column(Text)
    as_of: Mapped[partial_date]
    # stated | total | history | published | analyst | unknown
    as_of_source: Mapped[str | None] = mapped_column(String(16))
    # a flow's period: its first date (or "since <event>") and, when closed, its last
    period_start: Mapped[str | None] = mapped_column(String(64))
    period_end: Mapped[partial_date]
    # counted "in connection with" an event the text does not date
    event_period: Mapped[bool] = mapped_column(default=False)
    originator: Mapped[str | None] = mapped_column(Text)
    originator_source: Mapped[str | None] = mapped_column(String(16))
    # the acronym the claim's document defines for its originator ("MVPP")
    originator_acronym: Mapped[str | None] = mapped_column(String(32))
    # part | subset | excluded | added | result | history
    relation: Mapped[str | None] = mapped_column(String(16))
    total_claim_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id", ondelete="SET NULL"))
    low: Mapped[int] = mapped_column(BigInteger)
    high: Mapped[int | None] = mapped_column(BigInteger)  # None: no upper bound
    # The worst status of a check this claim stands in (ok when none flags it).
    status: Mapped[str] = mapped_column(String(16), default="ok")
    computed_at: Mapped[created]


class ReconcileCheck(Base):
    """One check over facts: agreement or conflict, a breakdown, stated arithmetic, a fall."""

    __tablename__ = "reconcile_check"
    # a measure page: its flagged checks, and how many of each kind and status
    __table_args__ = (Index("ix_reconcile_check_measure_key", "measure_key", "status", "kind"),)

    id: Mapped[intpk]
    measure_key: Mapped[str] = mapped_column(String(300))
    # Set for checks across documents (agreement, falls): replaced when a refresh recomputes
    # the family.
    family: Mapped[str | None] = mapped_column(String(300), index=True)
    # Set for checks within one document (breakdowns, arithmetic): replaced with it.
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), index=True)
    breakdown: Mapped[str | None] = mapped_column(String(200))
    as_of: Mapped[partial_date]
    detail: Mapped[str] = mapped_column(Text)
    why: Mapped[str] = mapped_column(Text, default="")
    claim_ids: Mapped[list[Any]] = mapped_column(default=list)
    support_ids: Mapped[list[Any]] = mapped_column(default=list)
    computed_at: Mapped[created]


class CheckClaim(Base):
    """Which checks a claim stands in: the claim page's flags without scanning every check."""

    __tablename__ = "reconcile_check_claim"

    check_id: Mapped[int] = mapped_column(
        ForeignKey("reconcile_check.id", ondelete="CASCADE"), primary_key=True
    )
    claim_id: Mapped[int] = mapped_column(
        ForeignKey("claim.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ReconcileRow(Base):
    """One line of the reconciliation table: a measure key's slice on one date, with each
    originator's figures. The measure pages, their charts and ``crosstally reconcile`` read
    these instead of grouping a measure's facts per request."""

    __tablename__ = "reconcile_row"
    __table_args__ = (Index("ix_reconcile_row_measure_key", "measure_key", "slice", "as_of"),)

    id: Mapped[intpk]
    measure_key: Mapped[str] = mapped_column(String(300))
    family: Mapped[str] = mapped_column(String(300), index=True)
    slice: Mapped[str | None] = mapped_column(String(200))
    as_of: Mapped[partial_date]
    # The worst status of a check one of the row's claims stands in (ok when none flags it).
    status: Mapped[str] = mapped_column(String(16))
    reports: Mapped[int]  # documents that carry the figure
    independent: Mapped[int]  # ... once syndicated copies count once
    # Per originator, in name order: its intervals ([low, high], high null when open),
    # reports, claims and worst status.
    points: Mapped[list[Any]] = mapped_column(default=list)
    # Per originator, in the same order, its claim ids: read only where claims are listed
    # (a claim's own row, ``crosstally reconcile``), never by a whole measure's page.
    claim_ids: Mapped[list[Any]] = mapped_column(default=list)
    computed_at: Mapped[created]
