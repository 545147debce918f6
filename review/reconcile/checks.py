"""Consistency checks over assertions: agreement, breakdown sums and cumulative series.

Every check is a :class:`Check` with a status and the claim ids it rests on, so a reviewer can
open exactly the claims behind a flag. Checks are pure functions over assertions that the
reconciler has already grouped; nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from review.reconcile.intervals import Interval, intersection, total

# Worse statuses sort later; a row or a claim shows the worst check that touches it.
SEVERITY = {
    "ok": 0,
    "agree": 0,
    "partial": 1,
    "decrease": 2,
    "mismatch": 2,
    "conflict": 3,
}


def worst(statuses: Iterable[str], default: str = "ok") -> str:
    return max(statuses, key=SEVERITY.__getitem__, default=default)


@dataclass
class Assertion:
    """What one originator said about one measure slice at one date, over all its reports."""

    originator: str
    intervals: dict[Interval, list[int]] = field(default_factory=dict)
    documents: set[int] = field(default_factory=set)
    clusters: set[int] = field(default_factory=set)

    def add(self, interval: Interval, claim_id: int, document_id: int, cluster: int) -> None:
        self.intervals.setdefault(interval, []).append(claim_id)
        self.documents.add(document_id)
        self.clusters.add(cluster)

    @property
    def claim_ids(self) -> list[int]:
        """In reading order (document, then claim id): deterministic without a sort."""
        return [cid for ids in self.intervals.values() for cid in ids]

    @property
    def interval(self) -> Interval | None:
        """The counts all of this originator's reports allow (None: they contradict)."""
        return intersection(self.intervals)

    @property
    def reports(self) -> int:
        return len(self.documents)

    @property
    def independent_copies(self) -> int:
        """Reports left once syndicated copies of one text are counted once."""
        return len(self.clusters)

    def without(self, claim_ids: set[int]) -> Assertion | None:
        """The same reports less the given claims' figures (None when nothing is left).

        Why: the operands of a stated relation ("114 arrests, of whom 12 unrelated, so 102")
        are parts of the originator's figure, not rival values of it; compared as such they
        made the originator contradict itself."""
        if claim_ids.isdisjoint(self.claim_ids):
            return self
        kept = {}
        for interval, ids in self.intervals.items():
            rest = [cid for cid in ids if cid not in claim_ids]
            if rest:
                kept[interval] = rest
        if not kept:
            return None
        return Assertion(self.originator, kept, self.documents, self.clusters)

    def describe(self) -> str:
        values = ", ".join(str(i) for i in sorted(self.intervals))
        return f"{self.originator}: {values}"


@dataclass(frozen=True)
class Check:
    kind: str  # agreement | breakdown | arithmetic | cumulative
    status: str
    measure: str
    date: str | None
    claim_ids: tuple[int, ...]
    detail: str
    breakdown: str | None = None

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "status": self.status,
            "measure": self.measure,
            "breakdown": self.breakdown,
            "date": self.date,
            "claim_ids": list(self.claim_ids),
            "detail": self.detail,
        }


def _ids(assertions: Iterable[Assertion]) -> tuple[int, ...]:
    return tuple(cid for a in assertions for cid in a.claim_ids)


def agreement(
    measure: str, breakdown: str | None, date: str | None, by_originator: dict[str, Assertion]
) -> Check:
    """``agree`` when every originator's figure can be true at once, else ``conflict``.

    One originator alone is ``ok`` unless its own reports contradict each other.
    """
    assertions = list(by_originator.values())
    common = intersection(i for a in assertions for i in a.intervals)
    status = "conflict" if common is None else "agree" if len(assertions) > 1 else "ok"
    detail = "; ".join(a.describe() for a in sorted(assertions, key=lambda a: a.originator))
    return Check("agreement", status, measure, date, _ids(assertions), detail, breakdown)


def breakdown_sums(
    measure: str,
    date: str | None,
    originator: str,
    total_assertion: Assertion,
    parts_by_axis: dict[str, dict[str, Assertion]],
) -> list[Check]:
    """Slices on one axis must add up to the total the same originator gave.

    Two or more slices on an axis are taken as the whole partition: ``ok`` when their interval
    sum can equal the total, else ``mismatch``. A single slice only has to fit inside the total
    (``partial``): "15 women" out of 301 says nothing about the other 286.
    """
    whole = total_assertion.interval
    checks = []
    if whole is None:
        return checks
    for axis, parts in sorted(parts_by_axis.items()):
        part_intervals = [a.interval for a in parts.values()]
        if any(i is None for i in part_intervals):
            continue
        summed = total(i for i in part_intervals if i is not None)
        names = " + ".join(f"{name} {parts[name].interval}" for name in sorted(parts))
        if len(parts) >= 2:
            status = "ok" if summed.overlaps(whole) else "mismatch"
        else:
            status = "partial" if summed.lo <= whole.hi else "mismatch"
        checks.append(
            Check(
                "breakdown",
                status,
                measure,
                date,
                _ids([total_assertion, *parts.values()]),
                f"{originator}, {axis}: {names} = {summed} vs total {whole}",
                axis,
            )
        )
    return checks


def cumulative_series(
    measure: str, breakdown: str | None, originator: str, points: list[tuple[str, Assertion]]
) -> list[Check]:
    """A running total may not go down: flag each date whose figure is below an earlier one."""
    checks = []
    peak: tuple[str, Assertion, Interval] | None = None
    for date, assertion in sorted(points, key=lambda p: p[0]):
        interval = assertion.interval
        if interval is None:
            continue
        if peak is not None and interval.hi < peak[2].lo:
            checks.append(
                Check(
                    "cumulative",
                    "decrease",
                    measure,
                    date,
                    _ids([peak[1], assertion]),
                    f"{originator}: {interval} on {date} is below {peak[2]} on {peak[0]}",
                    breakdown,
                )
            )
        if peak is None or interval.lo > peak[2].lo:
            peak = (date, assertion, interval)
    return checks


def arithmetic(
    measure: str,
    date: str | None,
    op: str,
    operands: tuple[tuple[int, Interval], tuple[int, Interval], tuple[int, Interval]],
    how: str,
) -> Check:
    """``a - b = c`` or ``a + b = c`` as the text states it; interval arithmetic decides."""
    (ia, a), (ib, b), (ic, c) = operands
    computed = a.minus(b) if op == "subtract" else a.plus(b)
    sign = "−" if op == "subtract" else "+"
    status = "ok" if computed.overlaps(c) else "mismatch"
    return Check(
        "arithmetic",
        status,
        measure,
        date,
        (ia, ib, ic),
        f"{a} {sign} {b} = {computed}, stated {c} ({how})",
    )
