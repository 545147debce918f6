"""Stream current count claims with their effective values and derived measure, one query.

The reconciler must handle a million claims, so claims are read in one ordered query (by
document, so a document's claims are resolved together) instead of one query per claim, with
review corrections overlaid from the (few) decision rows and measures derived through the
cached lexicon. A breakdown whose subject names only the slice ("27 militares") takes its
parent's measure from ``part_of_id`` or, failing that, from the one total its document states
for the same date.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from models import Claim, Document, Evidence, Source
from review.decisions import REJECTED, STALE, current_digests, load_states
from review.reconcile.intervals import Interval, from_qualified
from review.reconcile.measures import Classified, Lexicon
from review.reconcile.textnorm import fold


@dataclass(slots=True)
class ClaimRow:
    id: int
    review_key: str
    document_id: int
    value: int
    qualifier: str | None
    subject: str | None
    place: str | None
    as_of: str | None
    attributed_to: str | None
    part_of_id: int | None
    stored_measure: str | None
    stored_breakdown: str | None
    extra: dict[str, Any]
    published_at: str | None
    publisher: str
    primary: bool
    classified: Classified | None = None
    # Derived once per claim and kept as fields: read several times for a million claims.
    measure: str | None = None
    breakdown: str | None = None
    interval: Interval | None = None

    @property
    def date(self) -> str | None:
        return self.as_of or self.published_at


_INTERVALS: dict[tuple[int, str | None], Interval] = {}


def _interval(value: int, qualifier: str | None) -> Interval:
    key = (value, qualifier)
    interval = _INTERVALS.get(key)
    if interval is None:
        interval = _INTERVALS.setdefault(key, from_qualified(value, qualifier))
    return interval


def _unnamed_part(row: ClaimRow) -> str | None:
    """The slice of a part of a total that names no known breakdown: its own words.

    "114 detenciones …; 102 de ellas están relacionadas con la campaña" is a part of 114,
    not a second total to set against it (compared as one, the originator contradicted
    itself). Its own words are what comes before the " — " after which the extractor
    appends the total's subject."""
    return fold((row.subject or "").split(" — ")[0]) or None


def _columns() -> list:
    return [
        Claim.id,
        Claim.review_key,
        Claim.document_id,
        Claim.value,
        Claim.qualifier,
        Claim.subject,
        Claim.place,
        Claim.as_of,
        Claim.attributed_to,
        Claim.part_of_id,
        Claim.measure,
        Claim.breakdown,
        # Most extras are empty: skip decoding a million "{}".
        func.nullif(cast(Claim.extra, Text), "{}"),
    ]


def _current():
    return (Claim.kind == "count", Claim.superseded.is_(False), Claim.value.is_not(None))


def _query():
    return select(*_columns()).where(*_current())


class ClaimReader:
    """Effective, classified count claims, grouped by document."""

    def __init__(self, session: Session, lexicon: Lexicon) -> None:
        self.session, self.lexicon = session, lexicon
        self._classified: dict[tuple, Classified] = {}
        self.states = load_states(session)
        self._stale = self._stale_claims()
        self._docs = self._load_documents()
        self._parents = self._load_parents()

    def _load_documents(self) -> dict[int, tuple[str | None, str, bool]]:
        """Publication date, publisher and role per document with a current count.

        Read once into a dict rather than joined per claim: a million claims share a few hundred
        thousand documents and a handful of sources.
        """
        sources = {
            sid: (publisher, role == "primary")
            for sid, publisher, role in self.session.execute(
                select(Source.id, Source.publisher, Source.role)
            )
        }
        rows = (
            self.session.connection()
            .execute(
                select(Document.id, Document.published_at, Document.source_id).where(
                    Document.id.in_(select(Claim.document_id).where(*_current()))
                )
            )
            .all()
        )
        return {doc_id: (published, *sources[sid]) for doc_id, published, sid in rows}

    def documents_with_evidence(self) -> set[int]:
        """Documents whose claims have evidence spans: the only ones stated arithmetic can use."""
        rows = self.session.connection().execute(select(Evidence.document_id).distinct())
        return {doc_id for (doc_id,) in rows.all()}

    def documents(self) -> Iterator[list[ClaimRow]]:
        # Core, not ORM, execution: no per-row ORM processing for a million rows.
        rows = self.session.connection().execute(
            _query().order_by(Claim.document_id, Claim.id).execution_options(yield_per=5000)
        )
        for _, group in groupby(rows, key=lambda r: r[2]):
            claims = [c for c in map(self._row, group) if c is not None]
            if claims:
                self._resolve_document(claims)
                yield claims

    def _row(self, raw: Any) -> ClaimRow | None:
        row = ClaimRow(*raw[:12], json.loads(raw[12]) if raw[12] else {}, *self._docs[raw[2]])
        state = self.states.get(row.review_key) if self.states else None
        if state is not None and row.id not in self._stale:
            if state.verdict == REJECTED:
                return None
            for name, value in state.corrections.items():
                if hasattr(row, name):
                    setattr(row, name, value)
        row.interval = _interval(row.value, row.qualifier)
        return row

    def _classify(self, row: ClaimRow) -> Classified:
        key = (row.subject, row.place, row.extra.get("period") if row.extra else None)
        classified = self._classified.get(key)
        if classified is None:
            classified = self._classified[key] = self.lexicon.classify(*key)
        return classified

    def _resolve_document(self, claims: list[ClaimRow]) -> None:
        orphans = []
        for row in claims:
            own = row.classified = self._classify(row)
            parent = self._parents.get(row.part_of_id) if row.part_of_id else None
            if parent is not None and parent.base is not None:
                slice_ = own.breakdown or _unnamed_part(row)
                row.classified = Classified(parent.base, slice_, parent.place, parent.period)
            elif own.base is None and own.breakdown is not None:
                orphans.append(row)
        if orphans:
            self._adopt_document_total(claims, orphans)
        for row in claims:
            row.measure, row.breakdown = row.classified.key, row.classified.breakdown

    def _adopt_document_total(self, claims: list[ClaimRow], orphans: list[ClaimRow]) -> None:
        totals: dict[str | None, set[Classified]] = {}
        for row in claims:
            if row.classified.base and row.classified.breakdown is None:
                totals.setdefault(row.date, set()).add(row.classified)
        for row in orphans:
            candidates = totals.get(row.date, set())
            if len(candidates) == 1:  # the one total this document gives for that date
                (tot,) = candidates
                row.classified = Classified(
                    tot.base, row.classified.breakdown, tot.place, tot.period
                )

    def _load_parents(self) -> dict[int, Classified]:
        """Classify every claim some breakdown points at (few), with corrections applied."""
        referenced = select(Claim.part_of_id).where(Claim.part_of_id.is_not(None))
        rows = self.session.connection().execute(_query().where(Claim.id.in_(referenced))).all()
        parents = {}
        for raw in rows:
            row = self._row(raw)
            if row is not None:
                parents[row.id] = self._classify(row)
        return parents

    def _stale_claims(self) -> set[int]:
        """Claims whose evidence changed since their decision: the decision does not apply."""
        if not self.states:
            return set()
        ids = dict(
            self.session.execute(
                select(Claim.id, Claim.review_key).where(
                    Claim.review_key.in_(list(self.states)), Claim.superseded.is_(False)
                )
            ).all()
        )
        digests = current_digests(self.session, ids)
        return {
            cid for cid, key in ids.items() if self.states[key].status(digests.get(cid)) == STALE
        }
