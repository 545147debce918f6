"""Append-only review: decisions as rows, effective values, stable keys, re-review on change."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from crosstally.errors import InputError
from models import Claim, Evidence, ReviewDecision
from review.decisions import effective_values, load_states, merge_persons, record, resolve_person
from review.exporters.rows import ExportFilter, export_rows
from tests.review.conftest import reconcile


@pytest.fixture
def claim(build):
    fp = build.source("foro-penal", "Foro Penal")
    return build.claim(build.document(fp, "Foro Penal: hay 290 presos políticos."), 290)


def test_decisions_are_rows_and_the_claim_is_untouched(session, claim):
    record(session, claim, "correct", "ana", {"value": "301", "qualifier": "more_than"}, "typo")
    record(session, claim, "accept", "ben")
    record(session, claim, "note", "ana", note="checked with the NGO")
    session.expire_all()
    stored = session.get(Claim, claim.id)
    assert (stored.value, stored.qualifier) == (290, "exact")
    rows = session.scalars(select(ReviewDecision).order_by(ReviewDecision.id)).all()
    assert [r.action for r in rows] == ["correct", "accept", "note"]
    assert rows[0].before["value"] == 290
    assert rows[0].after == {"value": 301, "qualifier": "more_than"}
    state = load_states(session)[claim.review_key]
    assert state.verdict == "corrected" and state.reviewer == "ben"
    assert effective_values(stored, state)["value"] == 301
    assert [note for *_, note in state.notes] == ["typo", "checked with the NGO"]


def test_invalid_corrections_are_refused(session, claim):
    with pytest.raises(InputError):
        record(session, claim, "correct", "ana", {"value": "many"})
    with pytest.raises(InputError):
        record(session, claim, "correct", "ana", {"as_of": "17/07/2024"})
    with pytest.raises(InputError):
        record(session, claim, "correct", "ana", {"value": "290"})  # no change
    with pytest.raises(InputError):
        record(session, claim, "delete", "ana")


def test_decision_survives_reextraction_with_same_evidence(session, build, claim):
    record(session, claim, "accept", "ana")
    claim.superseded = True
    document = claim.document
    again = build.claim(document, 290, version="test-2")  # same review key, same quote
    assert again.review_key == claim.review_key
    reconcile(session)
    (row,) = export_rows(session, ExportFilter())
    assert (row["claim_id"], row["review_status"], row["reviewer"]) == (again.id, "accepted", "ana")


def test_changed_evidence_asks_for_review_again(session, build, claim):
    record(session, claim, "accept", "ana")
    claim.superseded = True
    again = build.claim(claim.document, 290, version="test-2", quote="290 presos políticos")
    assert again.review_key == claim.review_key
    reconcile(session)
    assert export_rows(session, ExportFilter()) == []
    (row,) = export_rows(session, ExportFilter(statuses=frozenset({"stale"})))
    assert row["claim_id"] == again.id


def test_merge_persons(session, build):
    a, b = build.person("Juan Pérez"), build.person("Juan Perez Gómez")
    merge_persons(session, a.id, b.id, "ana", "same ID card")
    assert resolve_person(session, a.id) == b.id
    decision = session.scalars(select(ReviewDecision)).one()
    assert (decision.action, decision.after) == ("merge", {"merged_into_id": b.id})
    with pytest.raises(InputError):
        merge_persons(session, b.id, a.id, "ana")


def test_evidence_rows_are_untouched_by_review(session, claim):
    before = [(e.start, e.end, e.quote) for e in session.scalars(select(Evidence))]
    record(session, claim, "reject", "ana")
    assert [(e.start, e.end, e.quote) for e in session.scalars(select(Evidence))] == before
