"""Agreement over one key and date with copies of a report compared once.

:func:`review.reconcile.checks.agreement` compares every pair of reports, which is quadratic
in the reports of one measure, place and date. An archive holds many reports that say the
same thing: one originator's figure repeated by outlet after outlet, each a report of its own
(its own document cluster). Two such reports are interchangeable in every comparison (same
originator, period, intervals and event flags), so only the first of each kind in the order
``agreement`` compares them (its rank) needs comparing: a conflict the others would raise is
a repeat of the first one's, and ``agreement`` keeps one flag per pair of intervals anyway.

What the dropped copies still change is restored from the whole group: a conflict's support
(every other figure that fits either side) and the agreeing check's claims and shown key. The
result equals ``checks.agreement`` over the whole group (``tests/review/test_copies.py``
compares the two on random groups).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from review.reconcile import checks
from review.reconcile.checks import Check, Report
from review.reconcile.facts import Fact


def agreement(key: str, slice_: str | None, date: str | None, facts: list[Fact]) -> list[Check]:
    """``checks.agreement(key, slice_, date, facts)``, comparing each kind of report once."""
    kept = _first_of_each_kind(facts)
    if kept is None:
        return checks.agreement(key, slice_, date, facts)
    found = checks.agreement(key, slice_, date, kept)
    if any(c.status == "conflict" for c in found):
        return [_with_support(c, facts) for c in found]
    return [_whole_group(c, key, facts) for c in found]


def _first_of_each_kind(facts: list[Fact]) -> list[Fact] | None:
    """The facts of the first-ranked report of each kind, and every fact no report holds
    (no originator); None when no two reports are of one kind."""
    found = checks.reports(facts)
    # A report sharing its originator and cluster with another (two periods of one text) is
    # skipped against that one only: it is kept as it is, never merged.
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
    if len(kinds) == len(found):
        return None
    keep = {f.claim_id for r in kinds.values() for f in r.facts}
    return [f for f in facts if f.originator is None or f.claim_id in keep]


def _with_support(check: Check, facts: list[Fact]) -> Check:
    """A conflict's support over the whole group, as ``checks._conflict`` reads it."""
    if check.status != "conflict":
        return check
    by_id = {f.claim_id: f for f in facts}
    first, second = (by_id[cid].interval for cid in check.claim_ids)
    support = tuple(
        f.claim_id
        for f in facts
        if f.claim_id not in check.claim_ids
        and (f.interval.overlaps(first) or f.interval.overlaps(second))
    )
    return replace(check, support=support)


def _whole_group(check: Check, key: str, facts: list[Fact]) -> Check:
    """The agreeing (or single-originator) check names every figure of the group."""
    ids = tuple(f.claim_id for f in sorted(facts, key=checks._rank))
    shown = next((f.key for f in facts if f.key and f.period), None) or key
    return replace(check, claim_ids=ids, measure=shown)
