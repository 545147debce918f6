"""View models for the review pages: highlighted text and the review queue.

Kept apart from the routes so each page handler is a few lines and the logic is testable
without a server. What reconciliation says about a claim is read from its derived tables
(:mod:`review.reconcile.read`), never computed per request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Claim, Document, Source
from review.decisions import PENDING, STALE, ReviewState, current_digests, load_states
from review.reconcile import read as derived

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


def _review_status(state: ReviewState | None, digest: str | None) -> str:
    return PENDING if state is None else state.status(digest)


def queue(session: Session, limit: int = QUEUE_SIZE) -> list[dict]:
    """Claims that need a decision (pending, or stale evidence), the most serious flags first
    (conflicts, then mismatches and falls, then partial breakdowns), each read from the
    derived tables through the status index; then every other claim in id order."""
    states = load_states(session)
    items: list[dict[str, Any]] = []
    seen: set[int] = set()

    def take(rows: list, flags: dict[int, str]) -> None:
        rows = [r for r in rows if not r.superseded]
        decided = [r.id for r in rows if r.review_key in states]
        digests = current_digests(session, decided) if decided else {}
        for row in rows:
            status = _review_status(states.get(row.review_key), digests.get(row.id))
            if status in (PENDING, STALE) and row.id not in seen and len(items) < limit:
                seen.add(row.id)
                flag = flags.get(row.id)
                items.append({"row": row, "review": status, "flag": flag if flag != "ok" else None})

    for status in derived.FLAGS:
        after = 0
        while len(items) < limit:
            ids = derived.flagged_claims(session, status, after, 500)
            if not ids:
                break
            rows = {r.id: r for r in session.execute(_queue_query().where(Claim.id.in_(ids)))}
            take([rows[cid] for cid in ids if cid in rows], dict.fromkeys(ids, status))
            after = ids[-1]
    last_id = 0
    while len(items) < limit:
        batch = session.execute(
            _queue_query().where(Claim.id > last_id).order_by(Claim.id).limit(1000)
        ).all()
        if not batch:
            break
        take(batch, derived.statuses_of(session, [r.id for r in batch]))
        last_id = batch[-1].id
    _with_facts(session, items)
    return items


def _with_facts(session: Session, items: list[dict[str, Any]]) -> None:
    """Each item's measure key and, for a flagged claim, why its worst check flags it."""
    ids = [item["row"].id for item in items]
    facts = derived.facts_of(session, ids)
    why = derived.worst_checks(session, [i["row"].id for i in items if i["flag"]])
    for item in items:
        fact = facts.get(item["row"].id)
        item["measure"] = fact.measure_key if fact else None
        check = why.get(item["row"].id)
        item["why"] = check.why if check else None


def _queue_query():
    """Claims with what the queue shows. Superseded claims are dropped by :func:`queue`, not
    here: a filter on ``superseded`` would lead the database to the (superseded, kind) index
    and a scan of every current claim instead of a look-up by id."""
    return (
        select(
            Claim.id,
            Claim.superseded,
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
    )
