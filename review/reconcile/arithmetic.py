"""Stated arithmetic: "114 detenciones, de las cuales 12 fueron excarceladas, quedan 102".

Two ways a relation between three counts of one document is known, and only these two (being
conservative: three numbers that happen to satisfy a − b = c prove nothing):

* explicit: the extractor put ``{"arithmetic": {"op": "subtract"|"add", "operands": [a, b]}}``
  in the result claim's ``extra``; operands are claim ids or review keys of the same document;
* stated in the text: three consecutive count quotes within ``max_span`` characters, an operator
  cue between the first two ("de las cuales", "of whom" / "y", "and") and a result cue between
  the last two ("lo que deja", "leaving" / "para un total de") from the lexicon.

Either way interval arithmetic decides ``ok`` or ``mismatch``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Document, Evidence
from review.reconcile.checks import Check, arithmetic
from review.reconcile.claimrows import ClaimRow
from review.reconcile.intervals import Interval
from review.reconcile.measures import ArithmeticCues
from review.reconcile.textnorm import fold

OPS = ("subtract", "add")
CHUNK = 500


class Operand(NamedTuple):
    claim_id: int
    interval: Interval
    measure: str | None
    date: str | None


def explicit(claims: list[ClaimRow]) -> list[Check]:
    """Relations the extractor declared in ``extra["arithmetic"]``."""
    by_ref: dict[object, ClaimRow] = {}
    for claim in claims:
        by_ref[claim.id] = by_ref[claim.review_key] = claim
    checks = []
    for claim in claims:
        spec = claim.extra.get("arithmetic")
        if not isinstance(spec, dict) or spec.get("op") not in OPS:
            continue
        refs = spec.get("operands") or []
        operands = [by_ref.get(ref) for ref in refs]
        if len(operands) != 2 or None in operands:
            continue
        a, b = operands
        checks.append(
            arithmetic(
                claim.measure or a.measure or "",
                claim.date,
                spec["op"],
                ((a.id, a.interval), (b.id, b.interval), (claim.id, claim.interval)),
                "declared by the extractor",
            )
        )
    return checks


def operands(claims: list[ClaimRow]) -> list[Operand]:
    """What the proximity search needs of a document's claims (kept small: may be many)."""
    return [Operand(c.id, c.interval, c.measure, c.date) for c in claims]


def by_proximity(
    session: Session, documents: dict[int, list[Operand]], cues: ArithmeticCues
) -> list[Check]:
    """Relations the text states between three nearby quotes, per the lexicon's cues."""
    checks: list[Check] = []
    doc_ids = sorted(documents)
    for start in range(0, len(doc_ids), CHUNK):
        chunk = doc_ids[start : start + CHUNK]
        triples = _nearby_triples(session, {d: documents[d] for d in chunk}, cues.max_span)
        if not triples:
            continue
        texts = dict(
            session.execute(
                select(Document.id, Document.text).where(Document.id.in_(sorted(triples)))
            ).all()
        )
        for doc_id, found in sorted(triples.items()):
            text = texts.get(doc_id) or ""
            for triple in found:
                check = _stated(text, triple, cues)
                if check is not None:
                    checks.append(check)
    return checks


Span = tuple[int, int, Operand]


def _nearby_triples(
    session: Session, documents: dict[int, list[Operand]], max_span: int
) -> dict[int, list[tuple[Span, Span, Span]]]:
    wanted = {op.claim_id: op for ops in documents.values() for op in ops}
    spans: dict[int, dict[int, Span]] = {}
    rows = session.execute(
        select(Evidence.document_id, Evidence.claim_id, Evidence.start, Evidence.end)
        .where(Evidence.document_id.in_(list(documents)))
        .order_by(Evidence.document_id, Evidence.start)
    )
    for doc_id, claim_id, begin, end in rows:
        if claim_id in wanted:
            spans.setdefault(doc_id, {}).setdefault(claim_id, (begin, end, wanted[claim_id]))
    triples: dict[int, list[tuple[Span, Span, Span]]] = {}
    for doc_id, per_claim in spans.items():
        ordered = sorted(per_claim.values(), key=lambda s: (s[0], s[1]))
        for a, b, c in zip(ordered, ordered[1:], ordered[2:], strict=False):
            if a[1] <= b[0] and b[1] <= c[0] and c[1] - a[0] <= max_span:
                triples.setdefault(doc_id, []).append((a, b, c))
    return triples


def _stated(text: str, triple: tuple[Span, Span, Span], cues: ArithmeticCues) -> Check | None:
    a, b, c = triple
    between_first = fold(text[a[1] : b[0]])
    between_last = fold(text[b[1] : c[0]])
    for op in OPS:
        operator, result = cues.operator[op], cues.result[op]
        if operator is None or result is None:
            continue
        if operator.search(between_first) and result.search(between_last):
            first, second, stated = a[2], b[2], c[2]
            return arithmetic(
                stated.measure or first.measure or "",
                stated.date,
                op,
                (
                    (first.claim_id, first.interval),
                    (second.claim_id, second.interval),
                    (stated.claim_id, stated.interval),
                ),
                f"stated in the text: …{text[a[0] : c[1]]}…",
            )
    return None


def flatten(groups: Iterable[list[Check]]) -> list[Check]:
    return [check for group in groups for check in group]
