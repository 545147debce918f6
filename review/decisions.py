"""Append-only review: decisions are rows, effective values are folded from them.

The machine's claim row is never edited. Each analyst act (accept, reject, correct, note,
merge) adds one :class:`ReviewDecision` keyed by the claim's ``review_key``, which survives
re-extraction, so a new extractor version inherits the analyst's work. What a decision rested on
is the evidence the reviewer saw: its digest is stored, and when a re-extracted claim's quotes
differ, the claim is due for review again ("stale") instead of silently keeping the verdict.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstally.errors import InputError, NotFoundError
from models import Claim, Evidence, Person, ReviewDecision
from models.claims import QUALIFIERS

CLAIM_ACTIONS = ("accept", "reject", "correct", "note")
CORRECTABLE = (
    "value",
    "qualifier",
    "subject",
    "place",
    "as_of",
    "event_date",
    "attributed_to",
    "person_id",
)
PARTIAL_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")  # ASCII digits: \d takes any script
PENDING, ACCEPTED, CORRECTED, REJECTED, STALE = (
    "pending",
    "accepted",
    "corrected",
    "rejected",
    "stale",
)


@dataclass
class ReviewState:
    """The outcome of every decision on one review key, oldest first."""

    review_key: str
    verdict: str = PENDING  # pending | accepted | corrected | rejected
    corrections: dict[str, Any] = field(default_factory=dict)
    reviewer: str | None = None
    decided_at: datetime | None = None
    evidence_digest: str | None = None
    notes: list[tuple[str, datetime, str]] = field(default_factory=list)

    def apply(self, decision: ReviewDecision) -> None:
        if decision.action == "note":
            self.notes.append((decision.reviewer, decision.decided_at, decision.note or ""))
            return
        if decision.action == "correct":
            self.corrections.update(decision.after or {})
            self.verdict = CORRECTED
        elif decision.action == "accept":
            self.verdict = CORRECTED if self.corrections else ACCEPTED
        elif decision.action == "reject":
            self.verdict = REJECTED
        if decision.note:
            self.notes.append((decision.reviewer, decision.decided_at, decision.note))
        self.reviewer, self.decided_at = decision.reviewer, decision.decided_at
        self.evidence_digest = decision.evidence_digest

    def status(self, current_digest: str | None) -> str:
        """Verdict, or ``stale`` when the evidence changed since the reviewer saw it."""
        if self.verdict != PENDING and self.evidence_digest != current_digest:
            return STALE
        return self.verdict


def evidence_digest(quotes: Iterable[str]) -> str:
    """Quotes only, not offsets: a re-extraction that shifts a span re-uses the verdict."""
    return hashlib.sha256("\x1f".join(quotes).encode("utf-8")).hexdigest()


def load_states(
    session: Session, review_keys: Iterable[str] | None = None
) -> dict[str, ReviewState]:
    """Fold every claim decision (or those of ``review_keys``) into one state per key."""
    query = (
        select(ReviewDecision)
        .where(ReviewDecision.action != "merge")
        .order_by(ReviewDecision.decided_at, ReviewDecision.id)
    )
    if review_keys is not None:
        query = query.where(ReviewDecision.review_key.in_(list(review_keys)))
    states: dict[str, ReviewState] = {}
    for decision in session.scalars(query):
        states.setdefault(decision.review_key, ReviewState(decision.review_key)).apply(decision)
    return states


def current_digests(session: Session, claim_ids: Iterable[int]) -> dict[int, str]:
    """Evidence digest per claim, computed from the stored quotes in span order."""
    ids = sorted(set(claim_ids))
    quotes: dict[int, list[str]] = {cid: [] for cid in ids}
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(Evidence.claim_id, Evidence.quote)
            .where(Evidence.claim_id.in_(ids[start : start + 500]))
            .order_by(Evidence.claim_id, Evidence.start, Evidence.end)
        )
        for claim_id, quote in rows:
            quotes[claim_id].append(quote)
    return {cid: evidence_digest(q) for cid, q in quotes.items()}


def is_partial_date(text: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a real year, month and day."""
    if not PARTIAL_DATE.fullmatch(text):
        return False
    year, month, day = ([int(part) for part in text.split("-")] + [1, 1])[:3]
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def snapshot(claim: Claim) -> dict[str, Any]:
    """The machine's values of the fields a reviewer may correct."""
    return {name: getattr(claim, name) for name in CORRECTABLE}


def effective_values(claim: Claim, state: ReviewState | None) -> dict[str, Any]:
    values = snapshot(claim)
    if state is not None:
        values.update({k: v for k, v in state.corrections.items() if k in CORRECTABLE})
    return values


def record(
    session: Session,
    claim: Claim,
    action: str,
    reviewer: str,
    changes: dict[str, Any] | None = None,
    note: str | None = None,
) -> ReviewDecision:
    """Add one decision on ``claim``; the claim row itself is left as the machine wrote it."""
    if action not in CLAIM_ACTIONS:
        raise InputError(f"unknown review action {action!r}")
    state = load_states(session, [claim.review_key]).get(claim.review_key)
    before = effective_values(claim, state)
    after: dict[str, Any] = {}
    if action == "correct":
        after = validate_changes(session, changes or {}, before)
        if not after:
            raise InputError("a correction must change at least one field")
    elif action == "note" and not (note and note.strip()):
        raise InputError("a note needs text")
    digest = evidence_digest(e.quote for e in sorted(claim.evidence, key=_span))
    decision = ReviewDecision(
        review_key=claim.review_key,
        claim_id=claim.id,
        person_id=claim.person_id,
        action=action,
        reviewer=reviewer,
        before=before,
        after=after,
        note=(note or "").strip() or None,
        evidence_digest=digest,
    )
    session.add(decision)
    session.flush()
    return decision


def _span(evidence: Evidence) -> tuple[int, int]:
    return (evidence.start, evidence.end)


def validate_changes(
    session: Session, changes: dict[str, Any], before: dict[str, Any]
) -> dict[str, Any]:
    """Typed, checked corrections; only fields that actually change are kept."""
    clean: dict[str, Any] = {}
    for name, raw in changes.items():
        if name not in CORRECTABLE:
            raise InputError(f"field {name!r} cannot be corrected")
        value = raw.strip() if isinstance(raw, str) else raw
        if value in ("", None):
            continue
        if name in ("value", "person_id"):
            # int() would also take "٢٠٢٥", "1_000" and "+5": only ASCII digits are a number here.
            if not (isinstance(value, int) or (str(value).isascii() and str(value).isdigit())):
                raise InputError(f"{name} must be a whole number, not {raw!r}")
            value = int(value)
            if value < 0:
                raise InputError(f"{name} must not be negative")
        if name == "qualifier" and value not in QUALIFIERS:
            raise InputError(f"qualifier must be one of {', '.join(QUALIFIERS)}")
        if name in ("as_of", "event_date") and not is_partial_date(str(value)):
            raise InputError(
                f"{name} must be a real date as YYYY, YYYY-MM or YYYY-MM-DD, not {raw!r}"
            )
        # Past 64 bits no row can match, and the database would fail on the look-up.
        if name == "person_id" and (value >= 2**63 or session.get(Person, value) is None):
            raise NotFoundError(f"no person with id {value}")
        if before.get(name) != value:
            clean[name] = value
    return clean


def merge_persons(
    session: Session, source_id: int, target_id: int, reviewer: str, note: str | None = None
) -> ReviewDecision:
    """Record that two person rows are one person; claims then resolve to the target."""
    source, target = session.get(Person, source_id), session.get(Person, target_id)
    if source is None or target is None:
        raise NotFoundError(f"no person with id {source_id if source is None else target_id}")
    if resolve_person(session, target.id) == source.id or source.id == target.id:
        raise InputError("cannot merge a person into itself")
    decision = ReviewDecision(
        review_key=f"person:{source.key}",
        person_id=source.id,
        action="merge",
        reviewer=reviewer,
        before={"merged_into_id": source.merged_into_id},
        after={"merged_into_id": target.id},
        note=(note or "").strip() or None,
    )
    # Person.merged_into_id is the documented pointer; the decision row is the audit trail.
    source.merged_into_id = target.id
    session.add(decision)
    session.flush()
    return decision


def resolve_person(session: Session, person_id: int | None) -> int | None:
    """Follow merges to the surviving person (cycle-safe)."""
    seen: set[int] = set()
    while person_id is not None and person_id not in seen:
        seen.add(person_id)
        person = session.get(Person, person_id)
        if person is None or person.merged_into_id is None:
            return person_id
        person_id = person.merged_into_id
    return person_id
