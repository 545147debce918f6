"""Collect export rows: current claims with effective values and full citations.

Claims are read in id order in keyset-paginated chunks (a million claims never sit in one
query result), evidence, persons and decisions are joined per chunk, and every row carries the
citation a reader needs to check it: publisher, URL, dates, quote and capture digest.

What a count measures, where and when it holds, who originated it and what flags it are read
from reconciliation's derived tables (:mod:`review.reconcile.read`), never worked out here: an
export says what ``crosstally reconcile`` and the review pages say. A count without a fact
(rejected, or extracted since the last reconcile) has no measure; exporting from a database
that was never reconciled is refused (:class:`~review.reconcile.read.NotReconciled`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Capture, Claim, Document, Evidence, Person, Source
from review.decisions import (
    ACCEPTED,
    CORRECTED,
    PENDING,
    ReviewState,
    evidence_digest,
    load_states,
)
from review.reconcile import matches
from review.reconcile import read as derived
from review.reconcile.independence import default_originators

CHUNK = 2000
STATUSES = ("pending", "accepted", "corrected", "rejected", "stale")


@dataclass(frozen=True)
class ExportFilter:
    """``statuses`` None means every current claim (``--all``)."""

    statuses: frozenset[str] | None = frozenset({ACCEPTED, CORRECTED})
    measure: str | None = None
    sources: frozenset[str] = field(default_factory=frozenset)
    since: str | None = None
    until: str | None = None
    # Only these claims (None: every one): an export of one claim reads one row, not all.
    claims: frozenset[int] | None = None

    def keeps(self, row: dict[str, Any]) -> bool:
        if self.statuses is not None and row["review_status"] not in self.statuses:
            return False
        if self.measure and not matches(row["measure"], self.measure):
            return False
        if self.sources and row["source_id"] not in self.sources:
            return False
        when = row["as_of"] or ""
        if self.since and (not when or _period_end(when) < self.since):
            return False
        return not (self.until and (not when or when[: len(self.until)] > self.until))


def _period_end(partial: str) -> str:
    """ "2024" ends on "2024-12-31", "2024-07" on "2024-07-31" (as strings, enough to compare)."""
    return partial + {4: "-12-31", 7: "-31"}.get(len(partial), "")


def export_rows(session: Session, wanted: ExportFilter | None = None) -> list[dict[str, Any]]:
    wanted = wanted or ExportFilter()
    derived.require_reconciled(session)
    return [row for row in _all_rows(session, wanted.claims) if wanted.keeps(row)]


def _all_rows(session: Session, only: frozenset[int] | None) -> Iterator[dict[str, Any]]:
    states = load_states(session)
    last = 0
    while True:
        query = (
            select(Claim, Document, Source, Capture)
            .join(Document, Document.id == Claim.document_id)
            .join(Source, Source.id == Document.source_id)
            .join(Capture, Capture.id == Document.capture_id)
            .where(Claim.superseded.is_(False), Claim.id > last)
        )
        if only is not None:
            query = query.where(Claim.id.in_(sorted(only)))
        chunk = session.execute(query.order_by(Claim.id).limit(CHUNK)).all()
        if not chunk:
            return
        last = chunk[-1][0].id
        ids = [c.id for c, *_ in chunk]
        quotes = _quotes(session, ids)
        persons = _persons(session, chunk, states)
        facts = derived.facts_of(session, ids)
        flagged = derived.worst_checks(
            session, [cid for cid, f in facts.items() if f.status in derived.FLAGS]
        )
        for claim, document, source, capture in chunk:
            yield _row(
                claim,
                document,
                source,
                capture,
                quotes.get(claim.id, []),
                states.get(claim.review_key),
                persons,
                facts.get(claim.id),
                flagged.get(claim.id),
            )
        session.expunge_all()


def _quotes(session: Session, ids: list[int]) -> dict[int, list[str]]:
    quotes: dict[int, list[str]] = {}
    rows = session.execute(
        select(Evidence.claim_id, Evidence.quote)
        .where(Evidence.claim_id.in_(ids))
        .order_by(Evidence.claim_id, Evidence.start, Evidence.end)
    )
    for claim_id, quote in rows:
        quotes.setdefault(claim_id, []).append(quote)
    return quotes


def _persons(session: Session, chunk: list, states: dict[str, ReviewState]) -> dict[int, Person]:
    """Persons by id, following merges, for every person a chunk refers to."""
    wanted = {c.person_id for c, *_ in chunk if c.person_id}
    for claim, *_ in chunk:
        state = states.get(claim.review_key)
        if state and state.corrections.get("person_id"):
            wanted.add(int(state.corrections["person_id"]))
    found: dict[int, Person] = {}
    while wanted:
        rows = session.scalars(select(Person).where(Person.id.in_(sorted(wanted)))).all()
        found.update({p.id: p for p in rows})
        wanted = {p.merged_into_id for p in rows if p.merged_into_id} - set(found)
    return found


def _resolve(persons: dict[int, Person], person_id: int | None) -> Person | None:
    seen: set[int] = set()
    person = persons.get(person_id) if person_id else None
    while person is not None and person.merged_into_id and person.id not in seen:
        seen.add(person.id)
        person = persons.get(person.merged_into_id, person)
    return person


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _row(claim, document, source, capture, quotes, state, persons, fact, flag) -> dict[str, Any]:
    corrections = state.corrections if state else {}
    values = {
        name: corrections.get(name, getattr(claim, name))
        for name in (
            "value",
            "qualifier",
            "subject",
            "place",
            "as_of",
            "event_date",
            "attributed_to",
            "person_id",
        )
    }
    person = _resolve(persons, values["person_id"])
    status = PENDING
    if state is not None:
        status = state.status(evidence_digest(quotes))
    corrected = sorted(corrections)
    if claim.kind == "arrest":
        as_of, as_of_source = values["event_date"] or document.published_at, None
        originator = default_originators().normalise(values["attributed_to"]) or source.publisher
    elif fact is not None:
        as_of, as_of_source, originator = fact.as_of, fact.as_of_source, fact.originator
    else:
        as_of, as_of_source, originator = values["as_of"] or document.published_at, None, None
    return {
        "claim_id": claim.id,
        "review_key": claim.review_key,
        "kind": claim.kind,
        "value": values["value"],
        "qualifier": values["qualifier"],
        "machine_value": claim.value if "value" in corrections else None,
        "machine_qualifier": claim.qualifier if "qualifier" in corrections else None,
        "corrected_fields": ",".join(corrected) or None,
        "subject": values["subject"],
        "measure": fact.measure_key if fact else None,
        "breakdown": fact.slice if fact else None,
        "slice": fact.slice if fact else None,
        "relation": fact.relation if fact else None,
        "total_claim_id": fact.total_claim_id if fact else None,
        "place": (fact.place if fact and fact.place else values["place"]),
        "as_of": as_of,
        "as_of_source": as_of_source,
        "person": person.name if person else None,
        "originator": originator,
        "originator_source": fact.originator_source if fact else None,
        "attributed_to": values["attributed_to"],
        "reconcile_status": fact.status if fact else None,
        "why": flag.why if flag else None,
        "publisher": source.publisher,
        "source_id": source.id,
        "url": document.url,
        "title": document.title,
        "published_at": document.published_at,
        "fetched_at": _iso(document.fetched_at),
        "quote": " … ".join(quotes) or None,
        "capture_sha256": capture.payload_sha256,
        "review_status": status,
        "reviewer": state.reviewer if state else None,
        "reviewed_at": _iso(state.decided_at) if state else None,
    }
