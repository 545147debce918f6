"""The checks an analyst makes, as pure functions over facts: agreement and conflict,
breakdowns that must sum, stated arithmetic, and falls in a running count.

* A **conflict** is two originators (or one originator's two reports) giving incompatible
  intervals for the same measure, place, slice, period and as-of date. Figures of one document
  from one originator are never set against each other: one text rarely contradicts itself.
* A **mismatch** is a breakdown on one axis that does not sum to its total, or stated
  arithmetic that does not hold.
* A **decrease** is a flow over the same period, from the same originator, reported lower on
  a later date; a stock that goes down is news, not an error.

Every check names the claims it rests on and says why in one line. A flag names only the
figures that disagree (one claim per side): the other reports of an agreeing figure are its
support, not part of the disagreement.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from review.reconcile.dates import Days, days
from review.reconcile.facts import REGION_AXIS, TABLE_AXIS, Fact
from review.reconcile.intervals import INF, Interval, intersection, total

# Worse statuses sort later; a row or a claim shows the worst check that touches it.
SEVERITY = {"ok": 0, "agree": 0, "partial": 1, "decrease": 2, "mismatch": 2, "conflict": 3}
FLAGS = frozenset({"conflict", "mismatch", "decrease"})


def worst(statuses: Iterable[str], default: str = "ok") -> str:
    return max(statuses, key=SEVERITY.__getitem__, default=default)


@dataclass(frozen=True)
class Check:
    kind: str  # agreement | breakdown | arithmetic | cumulative
    status: str
    measure: str
    date: str | None
    claim_ids: tuple[int, ...]
    detail: str
    breakdown: str | None = None
    why: str = ""
    # Claims that stand with the flagged ones (copies, repeats): shown, never flagged.
    support: tuple[int, ...] = field(default=())

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "status": self.status,
            "measure": self.measure,
            "breakdown": self.breakdown,
            "date": self.date,
            "claim_ids": list(self.claim_ids),
            "detail": self.detail,
            "why": self.why,
            "support_ids": list(self.support),
        }


@dataclass
class Report:
    """What one originator said in one document (cluster of copies) about one key."""

    originator: str
    cluster: int
    facts: list[Fact]
    period: str | None = None

    @property
    def event(self) -> bool:
        return any(f.event_period for f in self.facts)

    @property
    def short_event(self) -> bool:
        return any(f.short_event for f in self.facts)

    def same_period(self, other: Report) -> bool:
        """Flows over two stated periods are two counts, and so are a flow with no period and
        one with a period; a count tied to an event the text does not date fits the period
        another report of the same date gives ("arrested in connection with these events" and
        "between 20 and 29 September", "durante el paro" and "desde el 3 de marzo")."""
        if self.period == other.period:
            return True
        if self.period and other.period:
            mine, theirs = days(self.period), days(other.period)
            return (
                mine is not None
                and theirs is not None
                and mine.overlaps(theirs)
                and _same_start(self.period, other.period)
                and _same_end(self, other)
            )
        if self.period is None and other.period is not None:
            return self.event
        if other.period is None and self.period is not None:
            return other.event
        return False

    @property
    def period_end(self) -> str | None:
        """The last day of the closed period its flows count over, if they all give one."""
        ends = {f.period_end for f in self.facts if f.flow}
        return ends.pop() if len(ends) == 1 else None

    @property
    def intervals(self) -> set[Interval]:
        """What the report commits to: a looser figure the same text also narrows ("at least
        nine" beside 379) says nothing the tighter one does not, and must not make the report
        agree with every rival figure above it."""
        given = {f.interval for f in self.facts}
        return {i for i in given if not any(_narrows(j, i) for j in given)}

    def compatible(self, other: Report) -> bool:
        return any(a.overlaps(b) for a in self.intervals for b in other.intervals)

    def nearest(self, other: Report) -> tuple[Fact, Fact]:
        """The pair of figures, one from each report, that are closest to agreeing."""
        mine, theirs = self.intervals, other.intervals
        return min(
            (
                (a, b)
                for a in self.facts
                if a.interval in mine
                for b in other.facts
                if b.interval in theirs
            ),
            key=lambda pair: (_gap(pair[0].interval, pair[1].interval), pair[0].claim_id),
        )


def _narrows(inner: Interval, outer: Interval) -> bool:
    return inner != outer and outer.lo <= inner.lo and inner.hi <= outer.hi


def _gap(a: Interval, b: Interval) -> float:
    return max(a.lo - b.hi, b.lo - a.hi, 0)


def _rank(fact: Fact) -> tuple:
    """Which report of a figure stands for it: the originator's own statement first, then
    the earliest publication."""
    own = fact.primary and fact.originator is not None and fact.originator_source == "publisher"
    return (not own, not fact.primary, fact.published_at or "9999", fact.claim_id)


def reports(facts: list[Fact]) -> list[Report]:
    by: dict[tuple[str, int, str | None], list[Fact]] = {}
    for fact in facts:
        if fact.originator is not None:
            period = fact.period if fact.flow else None
            by.setdefault((fact.originator, fact.cluster, period), []).append(fact)
    return [Report(o, c, sorted(fs, key=_rank), p) for (o, c, p), fs in by.items()]


def agreement(key: str, slice_: str | None, date: str | None, facts: list[Fact]) -> list[Check]:
    """Conflicts among the reports of one key and date, or one check saying they agree."""
    found = without_generic_repeats(reports(facts))
    conflicts: list[Check] = []
    flagged: set[frozenset[tuple[str, int]]] = set()
    for a, b in combinations(sorted(found, key=lambda r: _rank(r.facts[0])), 2):
        if a.compatible(b) or not a.same_period(b):
            continue
        if a.originator == b.originator and a.cluster == b.cluster:
            continue  # one text's figures over two periods are two counts
        pair = frozenset({(a.originator, a.cluster), (b.originator, b.cluster)})
        if pair in flagged:
            continue
        flagged.add(pair)
        first, second = a.nearest(b)
        revised = (
            _revised_down(key, slice_, first, second) if a.originator == b.originator else None
        )
        if revised is not None:
            conflicts.append(revised)
            continue
        conflicts.append(_conflict(key, slice_, date, first, second, a, b, facts))
    conflicts = _one_per_side(conflicts, found)
    if conflicts:
        return conflicts
    ids = tuple(f.claim_id for f in sorted(facts, key=_rank))
    originators = {f.originator for f in facts if f.originator}
    status = "agree" if len(originators) > 1 else "ok"
    detail = "; ".join(f"{o}: {_values(facts, o)}" for o in sorted(originators))
    why = "every report allows the same count" if status == "agree" else "one originator"
    shown = next((f.key for f in facts if f.key and f.period), None) or key
    return [Check("agreement", status, shown, date, ids, detail, slice_, why)]


def without_generic_repeats(found: list[Report]) -> list[Report]:
    """ "The government says more than 88,000" beside the ministry's 88,417 and the police's
    86,935: a body named only in general repeats the one named body whose figure it allows;
    it is no third side of the disagreement."""
    kept = []
    for report in found:
        if report.facts and all(f.generic_origin for f in report.facts):
            named = [r for r in found if r is not report and not r.facts[0].generic_origin]
            if sum(1 for r in named if report.compatible(r)) == 1:
                continue
        kept.append(report)
    return kept


def _values(facts: list[Fact], originator: str) -> str:
    return ", ".join(
        str(i) for i in sorted({f.interval for f in facts if f.originator == originator})
    )


def _conflict(
    key: str,
    slice_: str | None,
    date: str | None,
    first: Fact,
    second: Fact,
    a: Report,
    b: Report,
    facts: list[Fact],
) -> Check:
    same = a.originator == b.originator
    who = f"{a.originator}'s two reports" if same else f"{a.originator} and {b.originator}"
    why = f"{who} give {first.interval} and {second.interval} for the same measure, place and date"
    support = tuple(
        f.claim_id
        for f in facts
        if f.claim_id not in (first.claim_id, second.claim_id)
        and (f.interval.overlaps(first.interval) or f.interval.overlaps(second.interval))
    )
    return Check(
        "agreement",
        "conflict",
        first.key or second.key or key,
        date,
        (first.claim_id, second.claim_id),
        f"{a.originator}: {first.interval}; {b.originator}: {second.interval}",
        slice_,
        why,
        support,
    )


def _revised_down(key: str, slice_: str | None, first: Fact, second: Fact) -> Check | None:
    """One originator's count of events over one period, given again in its own later text
    for the same date and lower ("has revised its count ... to 379"): a running count fell,
    which is a decrease, whatever the reason the text gives, not two rival counts."""
    if not (first.flow and second.flow):
        return None
    spans = {f.claim_id: days(f.published_at) for f in (first, second)}
    if any(span is None for span in spans.values()):
        return None
    earlier, later = sorted((first, second), key=lambda f: spans[f.claim_id].first)
    if not (
        spans[earlier.claim_id].before(spans[later.claim_id])
        and later.interval.hi < earlier.interval.lo
        and later.primary
        and later.originator_source == "publisher"
    ):
        return None  # an outlet's other figure for the same day is a conflict, not a revision
    return Check(
        "cumulative",
        "decrease",
        later.key or earlier.key or key,
        later.as_of,
        (earlier.claim_id, later.claim_id),
        f"{later.originator}: {later.interval} published {later.published_at} is below "
        f"{earlier.interval} published {earlier.published_at} for the same date",
        slice_,
        "a running count over the same period was revised down",
    )


def _one_per_side(conflicts: list[Check], found: list[Report]) -> list[Check]:
    """Several reports of one figure against one rival figure are one disagreement: keep the
    flag between the figures' leading reports, not one flag per copy."""
    seen: set[tuple[Interval, Interval]] = set()
    kept = []
    by_claim = {f.claim_id: f for r in found for f in r.facts}
    for check in conflicts:
        a, b = (by_claim[c].interval for c in check.claim_ids)
        key = (min(a, b), max(a, b))
        if key in seen:
            continue
        seen.add(key)
        kept.append(check)
    return kept


def breakdowns(total_fact: Fact, parts: list[Fact]) -> list[Check]:
    """Slices on one axis must add up to their total (two or more slices of a partition);
    subsets, a regional list without a remainder, or a single slice only have to fit in it."""
    checks: list[Check] = []
    by_axis: dict[str, list[Fact]] = {}
    for part in parts:
        if part.axis is not None and part.relation in ("part", "subset"):
            by_axis.setdefault(part.axis, []).append(part)
        elif part.axis is None and part.relation == "part":
            # "De las 214 personas, 176 por alteración del orden y 41 por daños": slices no
            # axis names are a partition only if they come within a tenth of the total (a
            # list of unrelated attributes falls far short and is left alone)
            by_axis.setdefault(UNNAMED_AXIS, []).append(part)
    tables = {m.table for m in by_axis.get(TABLE_AXIS, [])}
    for axis in [a for a in by_axis if a not in (TABLE_AXIS, REGION_AXIS)]:
        # "The 362 names are divided into six groups:" a line whose words happen to name a
        # slice ("civil society activists", "persons convicted over ...") is one more line of
        # its table, unless its axis has lines of its own to add up
        lone = by_axis[axis]
        if tables and len(lone) == 1 and lone[0].table in tables:
            by_axis[TABLE_AXIS].append(lone[0])
            del by_axis[axis]
    if tables and REGION_AXIS in by_axis:
        # "Addis Ababa: 743 / Bahir Dar: 291 / Gondar: 208": the lines of one table are one
        # axis, whether or not the gazetteer knows each line's place
        lines = [m for m in by_axis[REGION_AXIS] if m.table in tables]
        by_axis[TABLE_AXIS] += lines
        by_axis[REGION_AXIS] = [m for m in by_axis[REGION_AXIS] if m.table not in tables]
        if not by_axis[REGION_AXIS]:
            del by_axis[REGION_AXIS]
    whole = total_fact.interval
    for axis, members in sorted(by_axis.items()):
        slices = {m.slice for m in members}
        if len(members) < 2 or len(slices) < len(members):
            continue
        summed = total(m.interval for m in members)
        closed = (
            all(m.relation == "part" for m in members)
            and not any(m.partial for m in members)
            and (
                axis != REGION_AXIS
                or any(m.remainder for m in members)
                # "Provincia X .... 141 / ... / Total .... 318": a table that states its own
                # total lists every region
                or (
                    total_fact.table is not None
                    and all(m.table == total_fact.table for m in members)
                )
                # "The district-wise breakdown of the 1,934 arrests is: Lahore 611, ..."
                or all(m.complete for m in members)
            )
        )
        if closed and not _near(summed, whole):
            # slices that miss their total by more than a rounding or a late case are not a
            # partition of it (a table of the week's movements under last week's total)
            status = "partial"
            why = f"the {axis} figures ({summed}) do not partition the total {whole}"
        elif closed:
            status = "ok" if summed.overlaps(whole) else "mismatch"
            why = (
                f"the {axis} slices add up to {summed}, the total is {whole}"
                if status == "mismatch"
                else f"the {axis} slices add up to the total"
            )
        else:
            status = "partial" if summed.lo <= whole.hi else "mismatch"
            why = (
                f"listed {axis} slices add up to {summed}, more than the total {whole}"
                if status == "mismatch"
                else f"listed {axis} slices fit in the total"
            )
        names = " + ".join(f"{m.slice} {m.interval}" for m in members)
        checks.append(
            Check(
                "breakdown",
                status,
                total_fact.key or "",
                total_fact.as_of,
                (total_fact.claim_id, *(m.claim_id for m in members)),
                f"{total_fact.originator or total_fact.publisher}, {axis}: {names} = {summed} "
                f"vs total {whole}",
                axis,
                why,
            )
        )
    return checks


UNNAMED_AXIS = "categories"  # slices of a total that no known axis names
PARTITION_SLACK = 0.10  # a partition off by more than this is no partition of its total


def _near(summed: Interval, whole: Interval) -> bool:
    if summed.overlaps(whole):
        return True
    gap = _gap(summed, whole)
    scale = max(whole.lo, 1) if whole.hi == float("inf") else max(whole.hi, 1)
    return gap <= PARTITION_SLACK * scale


def arithmetic(
    total_fact: Fact, operands: list[Fact], others: list[Fact] | None = None
) -> Check | None:
    """Stated arithmetic: total − taken away + added = result, as the text states it. When it
    does not hold from the figure it was read against but holds from another figure of the
    text ("of the 135 released, 105 were on the list of 151, which leaves 46"), the text is
    right and the reading chose the wrong figure: no mismatch."""
    taken = [f for f in operands if f.relation == "excluded"]
    added = [f for f in operands if f.relation == "added"]
    results = [f for f in operands if f.relation == "result"]
    if results:
        computed = total_fact.interval
        for f in taken:
            computed = computed.minus(f.interval)
        for f in added:
            computed = computed.plus(f.interval)
        stated = results[0].interval
        terms = [total_fact, *taken, *added, results[0]]
    elif len(added) >= 2:  # "152 men and 149 women, for a total of 301"
        computed, stated = total(f.interval for f in added), total_fact.interval
        terms = [*added, total_fact]
    else:
        return None
    status = "ok" if computed.overlaps(stated) else "mismatch"
    if (
        status == "mismatch"
        and results
        and _another_start(total_fact, taken, added, stated, others)
    ):
        status = "ok"
    signs = " ".join(
        f"{'−' if f.relation == 'excluded' else '+'} {f.interval}" for f in [*taken, *added]
    )
    detail = f"{total_fact.interval if results else ''} {signs} = {computed}, stated {stated}"
    return Check(
        "arithmetic",
        status,
        total_fact.key or "",
        total_fact.as_of,
        tuple(f.claim_id for f in terms),
        " ".join(detail.split()),
        None,
        "the text's own arithmetic holds" if status == "ok" else "the text's arithmetic is off",
    )


def _another_start(
    total_fact: Fact,
    taken: list[Fact],
    added: list[Fact],
    stated: Interval,
    others: list[Fact] | None,
) -> bool:
    for other in others or []:
        if other.claim_id == total_fact.claim_id or other.relation is not None:
            continue
        computed = other.interval
        for f in taken:
            computed = computed.minus(f.interval)
        for f in added:
            computed = computed.plus(f.interval)
        if computed.overlaps(stated):
            return True
    return False


def decreases(key: str, slice_: str | None, originator: str, points: list[Fact]) -> list[Check]:
    """A running count over one period, from one originator, may not fall on a later date.
    Periods are the same when their dates overlap ("since March 2022", "since 27 March
    2022"); each group of such periods is a running count of its own."""
    found: list[Check] = []
    for group in _same_periods(points):
        found.extend(_falls(group[0].key or key, slice_, originator, group))
    return found


def _same_start(one: str, other: str) -> bool:
    """Whether two period starts can be one start told at two precisions: "2024" (since the
    year began) and "2024-01" can; "2024" and "2024-04" (April's count) cannot. A month and a
    day in it can ("since March", "since 3 March": the day the protests began)."""
    coarse, fine = sorted((one, other), key=len)
    return not (len(coarse) == 4 and len(fine) >= 7 and fine[5:7] != "01")


def _same_end(one: Report, other: Report) -> bool:
    """Whether two closed periods can end on the same day: "2-9 June" and "June" (the whole
    month) cannot, nor can "to 9 June" and "to 17 June"; an open period fits any end."""
    if one.period_end is None or other.period_end is None or one.period_end == other.period_end:
        return True
    for day, (start, month) in (
        (one.period_end, (other.period, other.period_end)),
        (other.period_end, (one.period, one.period_end)),
    ):
        if len(day) == 10 and len(month) == 10:
            return False  # two different days
        whole = len(day) == 10 and len(month) == 7 and (start or "")[:7] == month
        last = days(month) if whole else None
        if last is not None and day[:7] == month and day != last.last.isoformat():
            return False  # a day inside a month that is counted whole
    return True


def _same_periods(points: list[Fact]) -> list[list[Fact]]:
    spans = sorted(
        ((days(p.period), p) for p in points if days(p.period) is not None),
        key=lambda item: (item[0].first, item[0].last),
    )
    groups: list[tuple[Days, list[Fact]]] = []
    for span, fact in spans:
        if groups and groups[-1][0].overlaps(span):
            last = groups[-1][0]
            groups[-1] = (
                Days(min(last.first, span.first), max(last.last, span.last)),
                groups[-1][1],
            )
            groups[-1][1].append(fact)
        else:
            groups.append((span, [fact]))
    named = [p for p in points if days(p.period) is None]  # "since the coup": by its name
    by_name: dict[str | None, list[Fact]] = {}
    for fact in named:
        by_name.setdefault(fact.period, []).append(fact)
    return [g for _, g in groups] + list(by_name.values())


def _falls(key: str, slice_: str | None, originator: str, points: list[Fact]) -> list[Check]:
    """One fall per later report, against the latest earlier report it falls below.

    A report is what the originator's texts give for one as-of date. When a report holds
    several figures of the running count (a copy's rounding, a figure the reading filed under
    this count by mistake), the pair compared is the nearest one, as between two originators:
    a stray higher figure in an earlier text must not become the peak a later count is held
    against, nor hide the fall between the two counts that agree with each other."""
    by_date: dict[Days, list[Fact]] = {}
    for point in _without_undated_repeats(points):
        span = days(point.as_of)
        if span is not None:
            by_date.setdefault(span, []).append(point)
    reports = sorted(by_date.items(), key=lambda item: (item[0].first, item[0].last))
    checks = []
    seen: set[tuple[int, Interval]] = set()  # a later repeat of one lower figure is one fall
    for k, (span, later) in enumerate(reports):
        for earlier_span, earlier in reversed(reports[:k]):
            if not earlier_span.before(span):
                continue
            before, after = _nearest(earlier, later)
            if _fell(before, after):
                if (before.claim_id, after.interval) in seen:
                    break
                seen.add((before.claim_id, after.interval))
                checks.append(
                    Check(
                        "cumulative",
                        "decrease",
                        key,
                        after.as_of,
                        (before.claim_id, after.claim_id),
                        f"{originator}: {after.interval} on {after.as_of} is below "
                        f"{before.interval} on {before.as_of}",
                        slice_,
                        "a running count over the same period fell",
                    )
                )
                break
    return checks


def _without_undated_repeats(points: list[Fact]) -> list[Fact]:
    """A report that repeats a figure the originator dated ("1,036", dated 10 August by the
    group, repeated in a wire of 13 August with no date of its own) is that report again, not
    a count as of the day the repeat was published."""
    dated = [p for p in points if p.as_of_source != "published"]
    return [
        p
        for p in points
        if p.as_of_source != "published"
        or p.primary
        or not any(
            d.interval == p.interval
            and (span := days(d.as_of)) is not None
            and (own := days(p.as_of)) is not None
            and span.before(own)
            for d in dated
        )
    ]


def _fell(before: Fact, after: Fact) -> bool:
    """Lower throughout, or, for two floors of one running count ("at least 2,340 since 3
    October", then "at least 2,291 since 3 October"), a lower floor: an originator's own "at
    least" is its count. A day's events and the running count of a period around it (this
    year's "more than a hundred", Wednesday's "at least 11") say nothing of each other."""
    if (before.short_event or after.short_event) and before.period != after.period:
        return False  # a day's events inside a running count's period are not that count
    if after.interval.hi < before.interval.lo:
        return True
    return (
        before.interval.hi == INF
        and after.interval.hi == INF
        and after.interval.lo < before.interval.lo
        and before.period == after.period
    )


def _nearest(earlier: list[Fact], later: list[Fact]) -> tuple[Fact, Fact]:
    """Stated figures before roundings ("more than 1,300" beside 1,312), then the closest."""
    return min(
        ((a, b) for a in earlier for b in later),
        key=lambda pair: (
            not (pair[0].interval.is_point and pair[1].interval.is_point),
            abs(pair[0].value - pair[1].value),
            _rank(pair[0]),
            _rank(pair[1]),
        ),
    )


def overlapping(facts: Iterable[Fact]) -> Interval | None:
    return intersection(f.interval for f in facts)
