"""The reconciliation table: rows (a measure key's slice on one date) and their points (one
originator's figures in a row), built from facts and their claims' statuses.

A full run and a refresh both build rows with :func:`rows_of` and store them
(:mod:`review.reconcile.store`); the review pages, the charts and ``crosstally reconcile``
read them back (:mod:`review.reconcile.read`). :class:`ReconcileResult` is what one run of
the engine returns in memory.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from review.reconcile.checks import SEVERITY, Check, worst
from review.reconcile.duplicates import LinkStats
from review.reconcile.facts import Fact
from review.reconcile.intervals import INF, Interval
from review.reconcile.measures import Lexicon

GroupKey = tuple[str, str | None, str | None]  # measure key, slice, as-of date


@dataclass(frozen=True)
class Point:
    """One originator's figures for one measure slice on one date (a chart marker)."""

    date: str | None
    breakdown: str | None
    originator: str
    intervals: tuple[Interval, ...]  # distinct, sorted
    reports: int  # documents that carry them
    claims: int
    claim_ids: tuple[int, ...]  # empty when read without them (review.reconcile.read)
    status: str

    @property
    def interval(self) -> Interval | None:
        """The originator's figure; None when its own reports give several."""
        return self.intervals[0] if len(self.intervals) == 1 else None

    @property
    def value(self) -> str:
        return ", ".join(str(i) for i in self.intervals)

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "breakdown": self.breakdown,
            "originator": self.originator,
            "interval": None if self.interval is None else self.interval.to_json(),
            "reports": self.reports,
            "claim_ids": list(self.claim_ids),
            "status": self.status,
        }


@dataclass(frozen=True)
class Row:
    """One line of the reconciliation table: a measure slice on one date, all originators."""

    measure: str
    breakdown: str | None
    date: str | None
    family: str
    points: tuple[Point, ...]  # one per originator, in name order
    reports: int  # documents that carry the figure
    independent: int  # ... once syndicated copies count once
    status: str

    @property
    def values(self) -> dict[str, str]:
        """originator -> value or intervals as stated"""
        return {p.originator: p.value for p in self.points}

    @property
    def originators(self) -> list[str]:
        return [p.originator for p in self.points]

    @property
    def claim_ids(self) -> tuple[int, ...]:
        return tuple(sorted(cid for p in self.points for cid in p.claim_ids))

    def to_json(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "breakdown": self.breakdown,
            "date": self.date,
            "values": self.values,
            "originators": self.originators,
            "reports": self.reports,
            "independent_reports": self.independent,
            "status": self.status,
            "claim_ids": list(self.claim_ids),
        }


def claim_flags(found: Iterable[Check]) -> dict[int, str]:
    """Worst status per claim, for claims that some check flags (ok claims are absent)."""
    flags: dict[int, str] = {}
    for check in found:
        if SEVERITY[check.status] == 0:
            continue
        for cid in check.claim_ids:
            if SEVERITY[check.status] > SEVERITY[flags.get(cid, "ok")]:
                flags[cid] = check.status
    return flags


def originator_of(fact: Fact) -> str:
    return fact.originator or f"(unattributed: {fact.publisher})"


def group(facts: Iterable[Fact]) -> dict[GroupKey, list[Fact]]:
    groups: dict[GroupKey, list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.key is not None:
            groups[(fact.key, fact.slice, fact.as_of)].append(fact)
    return groups


def build_rows(facts: list[Fact], found: list[Check]) -> list[Row]:
    return rows_of(facts, claim_flags(found), agreeing(found))


def agreeing(found: Iterable[Check]) -> frozenset[int]:
    """Claims of checks that found several originators agreeing."""
    return frozenset(cid for c in found if c.status == "agree" for cid in c.claim_ids)


def rows_of(
    facts: Iterable[Fact], flags: dict[int, str], agree: frozenset[int] = frozenset()
) -> list[Row]:
    """The rows of these facts, in key, slice and date order; ``flags`` is each claim's worst
    status (a claim that is absent, or ok, flags nothing), ``agree`` the claims that several
    originators' agreeing figures include: a row or point of them that nothing flags says
    "agree"."""
    groups = group(facts)
    return [_row(key, groups[key], flags, agree) for key in sorted(groups, key=_key_order)]


def _status(ids: Iterable[int], flags: dict[int, str], agree: frozenset[int]) -> str:
    ids = list(ids)
    found = worst(flags.get(cid, "ok") for cid in ids)
    if found == "ok" and any(cid in agree for cid in ids):
        return "agree"
    return found


def _row(key: GroupKey, members: list[Fact], flags: dict[int, str], agree: frozenset[int]) -> Row:
    by_origin: dict[str, list[Fact]] = defaultdict(list)
    for fact in members:
        by_origin[originator_of(fact)].append(fact)
    points = tuple(
        Point(
            date=key[2],
            breakdown=key[1],
            originator=name,
            intervals=tuple(sorted({f.interval for f in own})),
            reports=len({f.document_id for f in own}),
            claims=len(own),
            claim_ids=tuple(f.claim_id for f in own),
            status=_status((f.claim_id for f in own), flags, agree),
        )
        for name, own in sorted(by_origin.items())
    )
    return Row(
        measure=key[0],
        breakdown=key[1],
        date=key[2],
        family=members[0].family or key[0],
        points=points,
        reports=len({f.document_id for f in members}),
        independent=len({f.cluster for f in members}),
        status=_status((f.claim_id for f in members), flags, agree),
    )


def _key_order(key: GroupKey) -> tuple[str, str, str]:
    return (key[0], key[1] or "", key[2] or "")


def series(rows: Iterable[Row], measure: str) -> list[Point]:
    """Every originator's figure per date for one measure key, breakdowns included."""
    points = [p for row in rows if row.measure == measure for p in row.points]
    return sorted(points, key=lambda p: (p.breakdown or "", p.date or "", p.originator))


def interval_json(interval: Interval) -> list[int | None]:
    return [int(interval.lo), None if interval.hi == INF else int(interval.hi)]


def interval_from(pair: list[int | None]) -> Interval:
    return Interval(pair[0] or 0, INF if pair[1] is None else pair[1])


@dataclass
class ReconcileResult:
    """What one run of the engine found, in memory (readers use the stored tables). Its rows
    are built on first use: the run's writer builds its own, and most callers read neither."""

    checks: list[Check]
    facts: list[Fact]
    unmatched: Counter[str]
    claims: int
    measures_updated: int
    links: LinkStats
    lexicon: Lexicon
    _flags: dict[int, str] | None = field(default=None, repr=False)
    _rows: list[Row] | None = field(default=None, repr=False)

    @property
    def rows(self) -> list[Row]:
        if self._rows is None:
            self._rows = build_rows(self.facts, self.checks)
        return self._rows

    @property
    def measures(self) -> list[str]:
        return sorted({f.key for f in self.facts if f.key})

    @property
    def flags(self) -> dict[int, str]:
        if self._flags is None:
            self._flags = claim_flags(self.checks)
        return self._flags

    def series(self, measure: str) -> list[Point]:
        return series(self.rows, measure)

    def checks_for(self, measure: str) -> list[Check]:
        return [c for c in self.checks if c.measure == measure]
