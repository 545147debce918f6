"""View models for the review pages: highlighted text, the queue, a cached reconciliation.

Kept apart from the routes so each page handler is a few lines and the logic is testable
without a server.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Claim, Document, DocumentLink, ReviewDecision, Source
from review.decisions import PENDING, STALE, ReviewState, current_digests, load_states
from review.reconcile import ReconcileResult, reconcile
from review.reconcile.checks import SEVERITY
from review.reconcile.result import GroupKey

QUEUE_SIZE = 100


@dataclass(frozen=True)
class Segment:
    text: str
    mark: bool


def highlight(text: str, spans: list[tuple[int, int]]) -> list[Segment]:
    """Split ``text`` into plain and marked segments; the template escapes each one."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        start, end = max(0, start), min(len(text), end)
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    segments, position = [], 0
    for start, end in merged:
        if start > position:
            segments.append(Segment(text[position:start], False))
        segments.append(Segment(text[start:end], True))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:], False))
    return segments


class ReconcileCache:
    """One reconciliation per data version, shared by every page (read-only: no write-back)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: tuple | None = None
        self._result: ReconcileResult | None = None
        self._keys: dict[int, GroupKey] = {}

    @staticmethod
    def _data_version(session: Session) -> tuple:
        return tuple(
            session.execute(
                select(
                    select(func.count(Claim.id)).scalar_subquery(),
                    select(func.max(Claim.id)).scalar_subquery(),
                    select(func.max(ReviewDecision.id)).scalar_subquery(),
                    select(func.count(DocumentLink.id)).scalar_subquery(),
                    select(func.count(Claim.id)).where(Claim.superseded).scalar_subquery(),
                )
            ).one()
        )

    def get(self, session: Session) -> ReconcileResult:
        with self._lock:
            version = self._data_version(session)
            if self._result is None or version != self._version:
                self._result = reconcile(session, write=False, link_duplicates=False)
                self._keys = {
                    cid: key
                    for key, by_origin in self._result.groups.items()
                    for assertion in by_origin.values()
                    for cid in assertion.claim_ids
                }
                self._version = version
            return self._result

    def key_of(self, claim_id: int) -> GroupKey | None:
        return self._keys.get(claim_id)


def _review_status(state: ReviewState | None, digest: str | None) -> str:
    return PENDING if state is None else state.status(digest)


def queue(session: Session, result: ReconcileResult, limit: int = QUEUE_SIZE) -> list[dict]:
    """Claims that need a decision (pending, or stale evidence), the most serious flags first."""
    states = load_states(session)
    flagged = sorted(result.flags, key=lambda cid: (-SEVERITY[result.flags[cid]], cid))
    items: list[dict[str, Any]] = []
    seen: set[int] = set()

    def take(rows: list) -> None:
        decided = [r.id for r in rows if r.review_key in states]
        digests = current_digests(session, decided) if decided else {}
        for row in rows:
            status = _review_status(states.get(row.review_key), digests.get(row.id))
            if status in (PENDING, STALE) and row.id not in seen and len(items) < limit:
                seen.add(row.id)
                items.append({"row": row, "review": status, "flag": result.flags.get(row.id)})

    for start in range(0, len(flagged), 500):
        if len(items) >= limit:
            break
        ids = flagged[start : start + 500]
        rows = {r.id: r for r in session.execute(_queue_query().where(Claim.id.in_(ids)))}
        take([rows[cid] for cid in ids if cid in rows])
    last_id = 0
    while len(items) < limit:
        batch = session.execute(
            _queue_query().where(Claim.id > last_id).order_by(Claim.id).limit(1000)
        ).all()
        if not batch:
            break
        take(batch)
        last_id = batch[-1].id
    return items


def _queue_query():
    return (
        select(
            Claim.id,
            Claim.review_key,
            Claim.kind,
            Claim.value,
            Claim.qualifier,
            Claim.subject,
            Claim.as_of,
            Claim.event_date,
            Claim.attributed_to,
            Document.published_at,
            Source.publisher,
        )
        .join(Document, Document.id == Claim.document_id)
        .join(Source, Source.id == Document.source_id)
        .where(Claim.superseded.is_(False))
    )
