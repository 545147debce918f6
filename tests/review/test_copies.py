"""review.reconcile.copies computes what checks.agreement means, faster: on random groups of
reports (copies of a few figures by many outlets, periods, events, unnamed originators) its
checks, support filled by ``copies.supported``, equal ``checks.agreement``'s, order included."""

from __future__ import annotations

import random

import pytest

from review.reconcile import checks, copies
from review.reconcile.facts import Fact
from review.reconcile.intervals import INF, Interval

DATE = "2024-07-15"


def _fact(rng: random.Random, claim_id: int, flows: bool) -> Fact:
    value = rng.choice([100, 101, 120, 150, 300])
    interval = rng.choice(
        [Interval(value, value), Interval(value + 1, INF), Interval(value - 10, value + 10)]
    )
    flow = flows and rng.random() < 0.8
    return Fact(
        claim_id=claim_id,
        document_id=claim_id,
        cluster=rng.randint(1, 9),
        value=value,
        interval=interval,
        measure="arrests" if flows else "political_prisoners",
        flow=flow,
        country="Venezuela",
        region=None,
        slice=None,
        axis=None,
        as_of=DATE,
        as_of_source="stated",
        period=rng.choice([None, "2024-01-01", "2024-07-01", "since coup"]) if flow else None,
        # a closed period ending after the as-of date: compared on that date all the same
        period_end=rng.choice([None, "2024-07-31"]) if flow else None,
        originator=rng.choice(["Foro Penal", "Provea", "Cofavic", None]),
        originator_source=rng.choice(["stated", "publisher"]),
        relation=None,
        total_id=None,
        publisher=rng.choice(["El Pitazo", "Efecto Cocuyo", "Foro Penal"]),
        primary=rng.random() < 0.3,
        published_at=rng.choice([None, "2024-07-15", "2024-07-16", "2024-07-18"]),
        event_period=flow and rng.random() < 0.3,
    )


@pytest.mark.parametrize("seed", range(300))
def test_same_checks_as_checks_agreement(seed):
    rng = random.Random(seed)
    flows = seed % 2 == 1
    facts = [_fact(rng, k + 1, flows) for k in range(rng.randint(1, 40))]
    key = f"{facts[0].measure}/Venezuela"
    families = {(facts[0].family, None): {DATE: facts}}
    expected = checks.agreement(key, None, DATE, facts)
    found = copies.supported(copies.agreement(key, None, DATE, facts), families)
    assert found == expected


def test_copies_of_one_figure_are_compared_once():
    """Two originators each repeated by forty outlets: one conflict, its support every copy."""
    rng = random.Random(1)
    facts = []
    for k in range(80):
        fact = _fact(rng, k + 1, flows=False)
        fact.originator = "Foro Penal" if k % 2 else "Provea"
        fact.interval = Interval(301, 301) if k % 2 else Interval(290, 290)
        fact.cluster = k + 1
        facts.append(fact)
    families = {(facts[0].family, None): {DATE: facts}}
    (conflict,) = copies.supported(copies.agreement("k", None, DATE, facts), families)
    assert conflict == checks.agreement("k", None, DATE, facts)[0]
    assert len(conflict.support) == 78
