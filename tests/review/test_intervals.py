"""Qualifier semantics as intervals, and the lexicon that names measures."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from review.reconcile.intervals import Interval, from_qualified, intersection, total
from review.reconcile.measures import default_lexicon

QUALIFIERS = ["exact", "more_than", "at_least", "about", "up_to", "less_than", None]


@pytest.mark.parametrize(
    ("qualifier", "expected"),
    [
        ("exact", (300, 300)),
        (None, (300, 300)),
        ("more_than", (301, math.inf)),
        ("at_least", (300, math.inf)),
        ("about", (270, 330)),
        ("up_to", (0, 300)),
        ("less_than", (0, 299)),
    ],
)
def test_qualifier_intervals(qualifier, expected):
    assert tuple(from_qualified(300, qualifier)) == expected


def test_more_than_300_agrees_with_301_not_290_or_300():
    more = from_qualified(300, "more_than")
    assert more.overlaps(from_qualified(301, "exact"))
    assert not more.overlaps(from_qualified(290, "exact"))
    assert not more.overlaps(from_qualified(300, "exact"))
    assert from_qualified(300, "about").overlaps(from_qualified(290, "exact"))


def test_sum_and_difference():
    assert total([Interval(152, 152), Interval(149, 149)]) == Interval(301, 301)
    assert Interval(114, 114).minus(Interval(12, 12)) == Interval(102, 102)
    assert str(from_qualified(5, "at_least")) == "[5, ∞]"
    assert from_qualified(5, "at_least").to_json() == [5, None]
    assert intersection([Interval(0, 5), Interval(6, 9)]) is None
    assert intersection([]) is None


@given(st.integers(0, 10**6), st.sampled_from(QUALIFIERS))
def test_every_interval_is_well_formed_and_contains_its_claim(value, qualifier):
    interval = from_qualified(value, qualifier)
    assert 0 <= interval.lo <= interval.hi
    if qualifier in ("exact", None, "at_least", "up_to", "about"):
        assert interval.lo <= value <= interval.hi


@given(st.lists(st.tuples(st.integers(0, 1000), st.sampled_from(QUALIFIERS)), min_size=1))
def test_intersection_is_inside_every_interval(items):
    intervals = [from_qualified(v, q) for v, q in items]
    common = intersection(intervals)
    if common is not None:
        assert all(i.lo <= common.lo and common.hi <= i.hi for i in intervals)


def test_flows_and_stocks_come_from_data():
    lexicon = default_lexicon()
    assert lexicon.is_flow("arrests/Venezuela/2024-01-01")
    assert not lexicon.is_flow("political_prisoners/Venezuela")


def test_people_taken_into_custody_are_arrests_not_people_held():
    # the parse's lemmas: "1,218 suspects were taken into custody"
    measure, _ = default_lexicon().reading(("suspect", "take", "custody"))
    assert measure is not None and measure.name == "arrests"
    police, _ = default_lexicon().reading(("people", "take", "police", "custody"))
    assert police is not None and police.name == "arrests"
    held, _ = default_lexicon().reading(("people", "hold", "custody"))
    assert held is not None and held.name == "detainees"


def test_people_still_disappeared_are_a_stock_disappearances_a_flow():
    lexicon = default_lexicon()
    still, _ = lexicon.reading(("people", "remain", "forcibly", "disappear"))
    assert still is not None and still.name == "disappeared" and not still.is_flow
    flow, _ = lexicon.reading(("enforce", "disappearance", "record"))
    assert flow is not None and flow.name == "disappearances" and flow.is_flow


def test_people_sent_to_house_arrest_are_not_more_arrests():
    # "74 have been transferred to house arrest": a restraint that ends custody, apart
    lexicon = default_lexicon()
    for words in (("transfer", "house", "arrest"), ("persona", "arresto", "domiciliario")):
        measure, _ = lexicon.reading(words)
        assert measure is not None and measure.name == "house_arrests" and measure.apart
