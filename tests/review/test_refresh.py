"""A decision refreshes only what it touches, and leaves the derived tables as a full run
would write them.

Each case starts from a reconciled archive (tests/review/archive.py), records one decision,
refreshes, checks the consequence it should have, then runs a full reconcile over the same
data and compares every derived table with what the refresh wrote.
"""

from __future__ import annotations

import pytest

from review.decisions import record
from review.reconcile import read
from review.reconcile.refresh import refresh
from tests.review.archive import build_archive
from tests.review.conftest import reconcile
from tests.review.tables import derived_tables


def _statuses(session) -> dict[int, str]:
    return {cid: f.status for cid, f in read.facts_of(session, range(1, 100)).items()}


def _flags(session) -> set[tuple[str, str, tuple[int, ...]]]:
    return {
        (c.kind, c.status, c.claim_ids) for c in read.all_checks(session) if c.status in read.FLAGS
    }


FELL = {"decrease"}  # the archive's running count falls from 800 to 750
CASES = {
    # name: (claim, action, changes, the statuses of the checks that flag something after it,
    #        how many families (measure and place) the refresh checks again)
    "a conflict appears": ("provea", "correct", {"value": "290"}, {"conflict"} | FELL, 1),
    "a breakdown stops adding up": (
        "civilians",
        "correct",
        {"value": "140"},
        {"mismatch"} | FELL,
        1,
    ),
    "a fall disappears": ("october", "correct", {"value": "900"}, set(), 1),
    "a report leaves the family": (
        "pitazo",
        "correct",
        {"subject": "detenciones arbitrarias"},
        FELL,
        2,
    ),
    "a date moves": ("provea", "correct", {"as_of": "2024-07-20"}, FELL, 1),
    # Zulia's line is its region's figure: the sum breaks in the national total's family and
    # flags Lara's line, in a family whose facts did not change
    "a region's line changes": ("zulia", "correct", {"value": "50"}, {"mismatch"} | FELL, 3),
    "a rejection": ("provea", "reject", {}, FELL, 1),
    "an acceptance": ("total", "accept", {}, FELL, 0),
}


@pytest.mark.parametrize("case", CASES)
def test_a_refresh_writes_what_a_full_run_writes(build, session, case):
    claims = build_archive(build)
    reconcile(session)
    name, action, changes, flags, families = CASES[case]
    claim = claims[name]
    record(session, claim, action, "ana", changes=changes)

    done = refresh(session, [claim.id])

    assert done is not None and (done.documents, done.families) == (1, families)
    assert {status for _, status, _ in _flags(session)} == flags
    refreshed = derived_tables(session)
    reconcile(session)
    assert derived_tables(session) == refreshed


def test_a_correction_that_makes_a_conflict_flags_both_claims(build, session):
    claims = build_archive(build)
    reconcile(session)
    record(session, claims["provea"], "correct", "ana", changes={"value": "290"})
    refresh(session, [claims["provea"].id])
    statuses = _statuses(session)
    assert statuses[claims["provea"].id] == "conflict"
    assert statuses[claims["total"].id] == "conflict"
    (check,) = read.checks_of(session, claims["provea"].id)[:1]
    assert check.status == "conflict" and "Foro Penal and Provea give" in check.why


def test_a_database_never_reconciled_is_left_alone(build, session):
    claims = build_archive(build)
    record(session, claims["provea"], "correct", "ana", changes={"value": "290"})
    assert refresh(session, [claims["provea"].id]) is None
    assert not read.reconciled(session)
    assert derived_tables(session)["claim_fact"] == []
