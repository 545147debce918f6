"""Reconcile count claims across sources: facts, independence, checks, series.

``reconcile(session)`` is the one entry point for the CLI, ``crosstally run`` and the review
app's refresh. It streams current count claims once, document by document (see
:mod:`review.reconcile.claimrows`), derives each claim's fact (:mod:`review.reconcile.facts`),
checks each document's breakdowns and arithmetic, then groups comparable facts by measure key,
slice and as-of date and checks agreement, and each originator's running counts for falls
(:mod:`review.reconcile.checks`). With ``write`` the facts and checks replace the derived
tables (:mod:`review.reconcile.store`); claim rows are never written.

All grouping is hash-based; only the reports of one key and date are compared pairwise, and
those are few (copies of one figure are collapsed first).
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from review.reconcile import checks, copies, store
from review.reconcile.checks import Check, worst
from review.reconcile.claimrows import ClaimReader
from review.reconcile.context import ArchiveContext, settle
from review.reconcile.dates import days
from review.reconcile.duplicates import LinkStats, link_near_duplicates
from review.reconcile.facts import Fact, derive
from review.reconcile.independence import Originators, default_originators, document_clusters
from review.reconcile.measures import Lexicon, default_lexicon
from review.reconcile.overlaps import KeptDates
from review.reconcile.result import ReconcileResult


def matches(measure: str | None, wanted: str | None) -> bool:
    """``--measure political_prisoners`` selects every place and period of that measure."""
    if wanted is None:
        return True
    return measure is not None and (measure == wanted or measure.startswith(wanted + "/"))


@dataclass
class _Accumulator:
    facts: list[Fact] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    unmatched: Counter[str] = field(default_factory=Counter)
    claims: int = 0


def reconcile(
    session: Session,
    measure: str | None = None,
    *,
    lexicon: Lexicon | None = None,
    originators: Originators | None = None,
    link_duplicates: bool = True,
    write: bool = True,
) -> ReconcileResult:
    """Derive facts, link near-duplicates, check; flushes but never commits.

    ``lexicon`` and ``originators`` replace the packaged data files; ``link_duplicates=False``
    skips MinHash linking; ``write=False`` leaves the derived tables as they are.

    The cyclic garbage collector is paused meanwhile: a million claims make millions of small
    acyclic objects, and full collections over them would cost more than the work itself.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _reconcile(session, measure, lexicon, originators, link_duplicates, write)
    finally:
        if enabled:
            gc.enable()


def _reconcile(
    session: Session,
    measure: str | None,
    lexicon: Lexicon | None,
    originators: Originators | None,
    link_duplicates: bool,
    write: bool,
) -> ReconcileResult:
    lexicon = lexicon or default_lexicon()
    originators = originators or default_originators()
    links = link_near_duplicates(session) if link_duplicates and write else LinkStats(0, 0)
    cluster, _leads = document_clusters(session)
    acc = _Accumulator()
    reader = ClaimReader(session)
    for claims in reader.documents():
        acc.claims += len(claims)
        doc_id = claims[0].document_id
        facts = derive(claims, cluster.get(doc_id, doc_id), lexicon, originators)
        for fact in facts:
            if fact.measure is None:
                acc.unmatched[" ".join(fact.words[:6])] += 1
        acc.facts.extend(facts)
    settle(acc.facts, ArchiveContext.from_facts(acc.facts), originators)
    for facts in _by_document(acc.facts):
        acc.checks.extend(document_checks(facts))
    acc.checks.extend(group_checks(acc.facts))
    if measure is not None:
        acc.facts = [f for f in acc.facts if matches(f.key, measure)]
        acc.checks = [c for c in acc.checks if matches(c.measure, measure)]
    acc.checks.sort(key=_check_order)
    if write and measure is None:
        store.replace_all(session, acc.facts, acc.checks)
    return ReconcileResult(
        checks=acc.checks,
        facts=acc.facts,
        unmatched=acc.unmatched,
        claims=acc.claims,
        measures_updated=len(acc.facts) if write and measure is None else 0,
        links=links,
        lexicon=lexicon,
    )


def _by_document(facts: list[Fact]) -> Iterable[list[Fact]]:
    """Facts are appended document by document: consecutive runs of one document id."""
    start = 0
    for k in range(1, len(facts) + 1):
        if k == len(facts) or facts[k].document_id != facts[start].document_id:
            yield facts[start:k]
            start = k


def document_checks(facts: list[Fact]) -> list[Check]:
    """Breakdowns and stated arithmetic within one document."""
    parts: dict[int, list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.total_id is not None and fact.measure is not None:
            parts[fact.total_id].append(fact)
    if not parts:
        return []
    by_id = {f.claim_id: f for f in facts}
    found: list[Check] = []
    for total_id, members in parts.items():
        total = by_id.get(total_id)
        if total is None or total.key is None:
            continue
        found.extend(checks.breakdowns(total, members))
        stated = checks.arithmetic(total, members, facts)
        if stated is not None:
            found.append(stated)
    return found


def group_checks(facts: Iterable[Fact]) -> list[Check]:
    """Agreement between reports of the same key, slice and date; falls in running counts."""
    families: dict[tuple[str, str | None], dict[str, list[Fact]]] = defaultdict(
        lambda: defaultdict(list)
    )
    running: dict[tuple[str, str | None, str], list[Fact]] = defaultdict(list)
    for fact in facts:
        if not fact.comparable or fact.family is None:
            continue
        families[(fact.family, fact.compared_slice)][fact.compared_on].append(fact)
        if fact.flow and fact.period is not None and fact.originator is not None:
            running[(fact.family, fact.compared_slice, fact.originator)].append(fact)
    found: list[Check] = []
    for (key, slice_), by_date in families.items():
        family: list[Check] = []
        for date, members in by_date.items():
            family.extend(copies.agreement(key, slice_, date, members))
        family.extend(_across_precisions(key, slice_, by_date))
        found.extend(_one_per_disagreement(family, by_date))
    falls: list[Check] = []
    for (key, slice_, originator), points in running.items():
        if len({p.as_of for p in points}) > 1:
            falls.extend(checks.decreases(key, slice_, originator, points))
    found.extend(_falls_of_totals(falls, facts))
    return copies.supported(_repeated_disagreements(found, facts), families)


def _falls_of_totals(falls: list[Check], facts: Iterable[Fact]) -> list[Check]:
    """When a total fell, its slices falling with it is the same finding: a slice's fall is
    reported only when its totals did not fall between the same two reports."""
    by_id = {f.claim_id: f for f in facts}
    fallen = {
        (by_id[c.claim_ids[0]].document_id, by_id[c.claim_ids[1]].document_id)
        for c in falls
        if c.breakdown is None
    }
    kept = []
    for check in falls:
        earlier, later = (by_id[cid] for cid in check.claim_ids)
        if check.breakdown is not None and (earlier.document_id, later.document_id) in fallen:
            continue
        kept.append(check)
    return kept


REPEAT_DAYS = 45  # a disagreement restated within this many days is the same one


def _repeated_disagreements(found: list[Check], facts: Iterable[Fact]) -> list[Check]:
    """A wire that repeats two originators' figures restates their disagreement, it does not
    make a new one: conflicts between the same originators about one measure, place and
    slice within weeks of each other (whatever period each report names) are one flag, the
    one resting on their own statements."""
    by_id = {f.claim_id: f for f in facts}
    kept: list[Check] = []
    seen: dict[tuple, list[tuple[Check, str]]] = {}
    conflicts = [c for c in found if c.status == "conflict" and c.kind == "agreement"]
    # a slice's disagreement follows from its totals' on the same date: one finding
    totals = {
        (frozenset(by_id[cid].originator for cid in c.claim_ids), c.date)
        for c in conflicts
        if c.breakdown is None
    }
    conflicts = [
        c
        for c in conflicts
        if c.breakdown is None
        or (frozenset(by_id[cid].originator for cid in c.claim_ids), c.date) not in totals
    ]
    for check in sorted(conflicts, key=lambda c: _standing(c, by_id)):
        members = [by_id[cid] for cid in check.claim_ids]
        first = members[0]
        key = (
            first.measure,
            first.country,
            check.breakdown,
            frozenset(m.originator for m in members),
        )
        span = days(check.date)
        earlier = seen.setdefault(key, [])
        if span is not None and any(
            (other := days(k.date)) is not None
            and abs((other.first - span.first).days) <= REPEAT_DAYS
            and _one_place(place, first.place)
            for k, place in earlier
        ):
            continue  # a wire that names the country where they named its region: the same
        earlier.append((check, first.place))
        kept.append(check)
    return [c for c in found if not (c.status == "conflict" and c.kind == "agreement")] + kept


def _one_place(one: str, other: str) -> bool:
    """The same place, or a region and the country it is in ("Tajikistan/GBAO", "Tajikistan")."""
    return one == other or one.startswith(f"{other}/") or other.startswith(f"{one}/")


def _one_per_disagreement(family: list[Check], by_date: dict[str, list[Fact]]) -> list[Check]:
    """Two originators who disagree about a figure disagree once: the same pair's conflicts on
    overlapping dates of one measure (a wire repeating both figures a day later, a month's
    figure against the days in it) are one flag, the one resting on their own statements."""
    facts = {f.claim_id: f for members in by_date.values() for f in members}
    conflicts = [c for c in family if c.status == "conflict"]
    if len(conflicts) < 2:
        return family
    kept: list[Check] = []
    pairs: dict[frozenset, KeptDates] = defaultdict(KeptDates)  # each pair's kept flags' dates
    for check in sorted(conflicts, key=lambda c: _standing(c, facts)):
        pair = frozenset(facts[cid].originator for cid in check.claim_ids)
        span = days(check.date)
        if pairs[pair].overlaps(span):
            continue
        pairs[pair].add(span)
        kept.append(check)
    return [c for c in family if c.status != "conflict"] + kept


def _standing(check: Check, facts: dict[int, Fact]) -> tuple:
    """Flags resting on the originators' own statements first, then earlier ones."""
    members = [facts[cid] for cid in check.claim_ids]
    return (
        sum(not (f.primary and f.originator_source == "publisher") for f in members),
        sum(not f.primary for f in members),
        max((f.published_at or "9999") for f in members),
        check.claim_ids,
    )


def _across_precisions(key: str, slice_: str | None, by_date: dict[str, list[Fact]]) -> list[Check]:
    """A month's or a year's figure against the figures of the days it contains: "2024-07"
    holds on "2024-07-17" too. Only flags are reported here (conflicts, and counts revised
    down); agreement is per date."""
    coarse = [d for d in by_date if (span := days(d)) is not None and not span.is_day]
    if not coarse:
        return []
    found: list[Check] = []
    for wide in coarse:
        wide_span = days(wide)
        for narrow, members in by_date.items():
            span = days(narrow)
            if narrow == wide or span is None or wide_span is None:
                continue
            if wide_span.contains(span) and wide_span != span:
                found.extend(
                    c
                    for c in copies.agreement(key, slice_, narrow, by_date[wide] + members)
                    if c.status in ("conflict", "decrease")
                    and any(by_id in {f.claim_id for f in by_date[wide]} for by_id in c.claim_ids)
                    and any(by_id in {f.claim_id for f in members} for by_id in c.claim_ids)
                )
    return found


def _check_order(check: Check) -> tuple:
    return (
        -checks.SEVERITY[check.status],
        check.measure,
        check.date or "",
        check.kind,
        check.breakdown or "",
        check.claim_ids,
    )


__all__ = ["ReconcileResult", "matches", "reconcile", "worst"]
