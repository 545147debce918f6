"""Stream current count claims with their effective values, one ordered query.

The reconciler must handle a million claims, so claims are read in one query ordered by
document (a document's claims are derived together: parts take their total's measure) instead
of one query per claim, with review corrections overlaid from the (few) decision rows. A
rejected claim is left out; a claim whose evidence changed since its decision is read as the
machine extracted it (its decision is stale).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from typing import Any

from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from models import Claim, Document, Source
from review.decisions import REJECTED, STALE, current_digests, load_states
from review.reconcile.intervals import Interval, from_qualified

CORRECTED_FIELDS = ("value", "qualifier", "subject", "place", "as_of", "attributed_to")


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
    extra: dict[str, Any]
    published_at: str | None
    publisher: str
    primary: bool
    corrected: frozenset[str] = frozenset()
    interval: Interval | None = None


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    published_at: str | None
    publisher: str
    primary: bool


_INTERVALS: dict[tuple[int, str | None], Interval] = {}


def interval_of(value: int, qualifier: str | None) -> Interval:
    key = (value, qualifier)
    interval = _INTERVALS.get(key)
    if interval is None:
        interval = _INTERVALS.setdefault(key, from_qualified(value, qualifier))
    return interval


@lru_cache(maxsize=1 << 16)
def _extra(text: str) -> dict[str, Any]:
    """A claim's extras, decoded once per distinct text (most repeat: a date's source, a
    relation); the dict is shared, so readers never change it."""
    return json.loads(text)


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
        # Most extras are empty: skip decoding a million "{}".
        func.nullif(cast(Claim.extra, Text), "{}"),
    ]


def current_claims():
    """Current count claims. ``superseded`` is tested through a function so the database never
    picks the (superseded, kind) index for it: without statistics SQLite takes that index for
    the equality and then sorts a million claims by document, or scans every current claim to
    find a few documents' ones, where the document index gives them in order."""
    return (
        Claim.kind == "count",
        func.coalesce(Claim.superseded, False).is_(False),
        Claim.value.is_not(None),
    )


class ClaimReader:
    """Effective count claims, grouped by document (all, or only some documents)."""

    def __init__(self, session: Session, documents: Iterable[int] | None = None) -> None:
        self.session = session
        self.only = None if documents is None else sorted(set(documents))
        self.states = load_states(session)
        self._stale = self._stale_claims()
        self.docs = self._load_documents()

    def _load_documents(self) -> dict[int, DocumentInfo]:
        """Publication date, publisher and role per document with a current count, read once
        into a dict rather than joined per claim: a million claims share a few hundred
        thousand documents and a handful of sources."""
        sources = {
            sid: (publisher, role == "primary")
            for sid, publisher, role in self.session.execute(
                select(Source.id, Source.publisher, Source.role)
            )
        }
        query = select(Document.id, Document.published_at, Document.source_id)
        if self.only is None:
            query = query.where(Document.id.in_(select(Claim.document_id).where(*current_claims())))
        else:
            query = query.where(Document.id.in_(self.only))
        rows = self.session.connection().execute(query).all()
        return {doc_id: DocumentInfo(published, *sources[sid]) for doc_id, published, sid in rows}

    def documents(self) -> Iterator[list[ClaimRow]]:
        query = select(*_columns()).where(*current_claims())
        if self.only is not None:
            query = query.where(Claim.document_id.in_(self.only))
        # Core, not ORM, execution: no per-row ORM processing for a million rows.
        rows = self.session.connection().execute(
            query.order_by(Claim.document_id, Claim.id).execution_options(yield_per=5000)
        )
        for _, group in groupby(rows, key=lambda r: r[2]):
            claims = [c for c in map(self._row, group) if c is not None]
            if claims:
                yield claims

    def _row(self, raw: Any) -> ClaimRow | None:
        info = self.docs[raw[2]]
        row = ClaimRow(
            *raw[:10],
            _extra(raw[10]) if raw[10] else {},
            info.published_at,
            info.publisher,
            info.primary,
        )
        state = self.states.get(row.review_key) if self.states else None
        if state is not None and row.id not in self._stale:
            if state.verdict == REJECTED:
                return None
            changed = {k: v for k, v in state.corrections.items() if k in CORRECTED_FIELDS}
            for name, value in changed.items():
                setattr(row, name, value)
            row.corrected = frozenset(changed)
        row.interval = interval_of(row.value, row.qualifier)
        return row

    def _stale_claims(self) -> set[int]:
        """Claims whose evidence changed since their decision: the decision does not apply."""
        if not self.states:
            return set()
        ids = dict(
            self.session.execute(
                select(Claim.id, Claim.review_key).where(
                    Claim.review_key.in_(list(self.states)),
                    func.coalesce(Claim.superseded, False).is_(False),  # see current_claims
                )
            ).all()
        )
        digests = current_digests(self.session, ids)
        return {
            cid for cid, key in ids.items() if self.states[key].status(digests.get(cid)) == STALE
        }
