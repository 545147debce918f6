"""Agreement over one key and date, each kind of report compared once, support filled last.

:func:`review.reconcile.checks.agreement` states what agreement means: every pair of reports
(an originator's figures in one document cluster) in rank order, a conflict for each pair
that cannot agree, one flag kept per pair of intervals. Run as written it is quadratic in the
reports of one measure, place and date, and it gathers each conflict's support (every other
figure that fits either side) before most conflicts are dropped as repeats; an archive of a
million claims holds thousands of reports per date, nearly all of them copies of a few
figures. This module computes the same result without that cost:

* Reports of one kind (same originator, period, intervals and event flags, each the only
  report of its originator in its cluster) are interchangeable in every comparison, so only
  the first of each kind in rank order is compared: the others could only repeat its flags.
* A pair whose intervals were already flagged is dropped before its conflict is built.
* Support is left empty here and filled by :func:`supported` for the flags that survive the
  engine's later pruning (one flag per disagreement, per restated disagreement).

``tests/review/test_copies.py`` checks the result against ``checks.agreement`` on random
groups, so a change of meaning there shows up as a failing test here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from itertools import combinations

from review.reconcile import checks
from review.reconcile.checks import Check, Report
from review.reconcile.facts import Fact
from review.reconcile.intervals import Interval

# The family and slice a group check compares, then its facts by compared-on date.
Families = dict[tuple[str, str | None], dict[str | None, list[Fact]]]


def agreement(key: str, slice_: str | None, date: str | None, facts: list[Fact]) -> list[Check]:
    """``checks.agreement(key, slice_, date, facts)`` with every conflict's support empty."""
    found = checks.without_generic_repeats(checks.reports(facts))
    compared = _first_of_each_kind(found)
    spans = {id(r): tuple(r.intervals) for r in compared}
    conflicts: list[Check] = []
    flagged: set[frozenset[tuple[str, int]]] = set()
    sides: set[tuple[Interval, Interval]] = set()
    for a, b in combinations(compared, 2):
        if _compatible(spans[id(a)], spans[id(b)]) or not a.same_period(b):
            continue
        if a.originator == b.originator and a.cluster == b.cluster:
            continue
        pair = frozenset({(a.originator, a.cluster), (b.originator, b.cluster)})
        if pair in flagged:
            continue
        flagged.add(pair)
        one, other = spans[id(a)], spans[id(b)]
        # with one interval a side, the nearest pair's intervals are known without a search
        if len(one) == len(other) == 1 and (min(*one, *other), max(*one, *other)) in sides:
            continue
        first, second = a.nearest(b)
        side = (min(first.interval, second.interval), max(first.interval, second.interval))
        if side in sides:
            continue  # checks._one_per_side keeps the first flag of each pair of intervals
        sides.add(side)
        same = a.originator == b.originator
        revised = checks._revised_down(key, slice_, first, second) if same else None
        conflicts.append(revised or checks._conflict(key, slice_, date, first, second, a, b, []))
    if conflicts:
        return conflicts
    return _agreeing(key, slice_, date, facts)


def _agreeing(key: str, slice_: str | None, date: str | None, facts: list[Fact]) -> list[Check]:
    """The one check of a group without conflicts, built as ``checks.agreement`` builds it."""
    ids = tuple(f.claim_id for f in sorted(facts, key=checks._rank))
    originators = {f.originator for f in facts if f.originator}
    status = "agree" if len(originators) > 1 else "ok"
    detail = "; ".join(f"{o}: {checks._values(facts, o)}" for o in sorted(originators))
    why = "every report allows the same count" if status == "agree" else "one originator"
    shown = next((f.key for f in facts if f.key and f.period), None) or key
    return [Check("agreement", status, shown, date, ids, detail, slice_, why)]


def _compatible(one: tuple[Interval, ...], other: tuple[Interval, ...]) -> bool:
    return any(a.overlaps(b) for a in one for b in other)


def _first_of_each_kind(found: list[Report]) -> list[Report]:
    """The first report of each kind in rank order (the order ``agreement`` compares in).

    A report that shares its originator and cluster with another (two periods in one text)
    is never merged: ``agreement`` skips it against that one only.
    """
    per_text = Counter((r.originator, r.cluster) for r in found)
    kinds: dict[tuple, Report] = {}
    for report in sorted(found, key=lambda r: checks._rank(r.facts[0])):
        kind: tuple = (
            report.originator,
            report.period,
            frozenset(report.intervals),
            report.event,
            report.short_event,
        )
        if per_text[(report.originator, report.cluster)] > 1:
            kind = (*kind, report.cluster)
        kinds.setdefault(kind, report)
    return list(kinds.values())


def supported(found: Iterable[Check], families: Families) -> list[Check]:
    """Each conflict of :func:`agreement` with its support over the whole group it was found
    in: the facts of its date, and for a month's or a year's figure set against the days it
    contains, the facts of both dates (as ``engine._across_precisions`` compares them)."""
    found = list(found)
    conflicts = [c for c in found if c.kind == "agreement" and c.status == "conflict"]
    if not conflicts:
        return found
    by_id = {
        f.claim_id: f for by_date in families.values() for group in by_date.values() for f in group
    }
    filled: dict[int, Check] = {}
    for check in conflicts:
        first, second = (by_id[cid] for cid in check.claim_ids)
        by_date = families[(first.family or "", first.compared_slice)]
        dates = [d for d in (first.compared_on, second.compared_on) if d != check.date]
        group = [f for d in dates[:1] for f in by_date[d]] + by_date[check.date]
        filled[id(check)] = replace(check, support=_support(check, first, second, group))
    return [filled.get(id(c), c) for c in found]


def _support(check: Check, first: Fact, second: Fact, group: list[Fact]) -> tuple[int, ...]:
    return tuple(
        f.claim_id
        for f in group
        if f.claim_id not in check.claim_ids
        and (f.interval.overlaps(first.interval) or f.interval.overlaps(second.interval))
    )
