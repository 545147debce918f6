"""Facts read back from ``claim_fact``, for a refresh to check them again without deriving
their documents anew.

A stored fact keeps everything the checks read (:mod:`review.reconcile.store` writes it); the
document's publisher, role and publication date come from the document and source rows, as
:class:`review.reconcile.claimrows.ClaimReader` reads them. Two things are not kept, because
no check reads them: the claim's own value (the interval stands for it) and its words.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from models import Claim, ClaimFact, Document, Source
from review.reconcile.facts import Fact
from review.reconcile.independence import default_originators
from review.reconcile.intervals import INF, Interval

_COLUMNS = (
    ClaimFact.claim_id,
    ClaimFact.document_id,
    ClaimFact.cluster_id,
    ClaimFact.low,
    ClaimFact.high,
    ClaimFact.measure,
    ClaimFact.kind,
    ClaimFact.country,
    ClaimFact.region,
    ClaimFact.slice,
    ClaimFact.axis,
    ClaimFact.as_of,
    ClaimFact.as_of_source,
    ClaimFact.period_start,
    ClaimFact.period_end,
    ClaimFact.originator,
    ClaimFact.originator_source,
    ClaimFact.relation,
    ClaimFact.total_claim_id,
    Source.publisher,
    Source.role,
    Document.published_at,
    ClaimFact.remainder,
    ClaimFact.event_period,
    ClaimFact.table_heading,
    ClaimFact.partial,
    ClaimFact.originator_acronym,
    ClaimFact.status,
)
_INTERVALS: dict[tuple[int, int | None], Interval] = {}


def fact_query() -> Select:
    """Stored facts of current claims with their documents' publisher, role and date."""
    return (
        select(*_COLUMNS)
        .join(Claim, Claim.id == ClaimFact.claim_id)
        .join(Document, Document.id == ClaimFact.document_id)
        .join(Source, Source.id == Document.source_id)
        .where(Claim.superseded.is_(False))
    )


def fact_from_row(row: Any) -> Fact:
    """A :class:`Fact` from one row of :func:`fact_query`."""
    (cid, doc, cluster, low, high, measure, kind, country, region, slice_, axis, as_of,
     as_of_source, period, period_end, originator, originator_source, relation, total,
     publisher, role, published, remainder, event, table, partial, acronym, _) = row  # fmt: skip
    interval = _INTERVALS.get((low, high))
    if interval is None:
        interval = _INTERVALS.setdefault((low, high), Interval(low, INF if high is None else high))
    return Fact(
        claim_id=cid,
        document_id=doc,
        cluster=cluster,
        value=low,  # not stored: no check reads it
        interval=interval,
        measure=measure,
        flow=kind == "flow",
        country=country,
        region=region,
        slice=slice_,
        axis=axis,
        as_of=as_of,
        as_of_source=as_of_source,
        period=period,
        period_end=period_end,
        originator=originator,
        originator_source=originator_source,
        relation=relation,
        total_id=total,
        publisher=publisher,
        primary=role == "primary",
        published_at=published,
        remainder=bool(remainder),
        event_period=bool(event),
        table=table,
        partial=bool(partial),
        acronym=acronym,
        # not stored: read from the originator's name, as a full run's settle() decided it
        generic_origin=default_originators().generic(originator),
    )


def family_facts(
    session: Session, families: Iterable[str], *, leaving_out: Iterable[int] = ()
) -> Iterator[tuple[Fact, str]]:
    """The stored facts of these families (leaving out these documents'), each with its
    stored status, family by family in the order a full run derives them (document, claim)."""
    skipped = set(leaving_out)
    connection = session.connection()
    for family in sorted(set(families)):
        rows = connection.execute(
            fact_query()
            .where(ClaimFact.family == family)
            .order_by(ClaimFact.document_id, ClaimFact.claim_id)
        )
        for row in rows:
            if row[1] not in skipped:
                yield fact_from_row(row), row[-1]
