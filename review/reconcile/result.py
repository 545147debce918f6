"""What reconciliation returns: a table of rows, the checks, and a time series per measure."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from review.reconcile.checks import SEVERITY, Check, worst
from review.reconcile.duplicates import LinkStats
from review.reconcile.facts import Fact
from review.reconcile.measures import Lexicon

GroupKey = tuple[str, str | None, str | None]  # measure key, slice, as-of date


@dataclass(frozen=True)
class Row:
    """One line of the reconciliation table: a measure slice on one date, all originators."""

    measure: str
    breakdown: str | None
    date: str | None
    values: dict[str, str]  # originator -> value or interval as stated
    reports: int  # documents that carry the figure
    independent: int  # ... once syndicated copies count once
    status: str
    claim_ids: tuple[int, ...]

    @property
    def originators(self) -> list[str]:
        return list(self.values)

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


@dataclass(frozen=True)
class Point:
    """One originator's figure for one measure slice on one date (a chart marker)."""

    date: str | None
    breakdown: str | None
    originator: str
    interval: Any  # Interval | None (None: the originator's own reports contradict)
    reports: int
    claim_ids: tuple[int, ...]
    status: str


def claim_flags(found: list[Check]) -> dict[int, str]:
    """Worst status per claim, for claims that some check flags (ok claims are absent)."""
    flags: dict[int, str] = {}
    for check in found:
        if SEVERITY[check.status] == 0:
            continue
        for cid in check.claim_ids:
            if SEVERITY[check.status] > SEVERITY[flags.get(cid, "ok")]:
                flags[cid] = check.status
    return flags


def _originator(fact: Fact) -> str:
    return fact.originator or f"(unattributed: {fact.publisher})"


def group(facts: list[Fact]) -> dict[GroupKey, list[Fact]]:
    groups: dict[GroupKey, list[Fact]] = defaultdict(list)
    for fact in facts:
        if fact.key is not None:
            groups[(fact.key, fact.slice, fact.as_of)].append(fact)
    return groups


def build_rows(facts: list[Fact], found: list[Check]) -> list[Row]:
    flags = claim_flags(found)
    rows = []
    groups = group(facts)
    for key in sorted(groups, key=_key_order):
        members = groups[key]
        ids = tuple(f.claim_id for f in members)
        status = worst(flags[c] for c in ids if c in flags)
        by_origin: dict[str, set] = defaultdict(set)
        for fact in members:
            by_origin[_originator(fact)].add(fact.interval)
        rows.append(
            Row(
                measure=key[0],
                breakdown=key[1],
                date=key[2],
                values={
                    name: ", ".join(str(i) for i in sorted(by_origin[name]))
                    for name in sorted(by_origin)
                },
                reports=len({f.document_id for f in members}),
                independent=len({f.cluster for f in members}),
                status=status,
                claim_ids=ids,
            )
        )
    return rows


def _key_order(key: GroupKey) -> tuple[str, str, str]:
    return (key[0], key[1] or "", key[2] or "")


@dataclass
class ReconcileResult:
    rows: list[Row]
    checks: list[Check]
    facts: list[Fact]
    unmatched: Counter[str]
    claims: int
    measures_updated: int
    links: LinkStats
    lexicon: Lexicon
    _flags: dict[int, str] | None = field(default=None, repr=False)

    @property
    def measures(self) -> list[str]:
        return sorted({f.key for f in self.facts if f.key})

    @property
    def flags(self) -> dict[int, str]:
        if self._flags is None:
            self._flags = claim_flags(self.checks)
        return self._flags

    def series(self, measure: str) -> list[Point]:
        """Every originator's figure per date for one measure, breakdowns included."""
        flags = self.flags
        points = []
        for (key, slice_, date), members in group(self.facts).items():
            if key != measure:
                continue
            by_origin: dict[str, list[Fact]] = defaultdict(list)
            for fact in members:
                by_origin[_originator(fact)].append(fact)
            for origin, own in by_origin.items():
                intervals = {f.interval for f in own}
                ids = tuple(f.claim_id for f in own)
                points.append(
                    Point(
                        date,
                        slice_,
                        origin,
                        next(iter(intervals)) if len(intervals) == 1 else None,
                        len({f.document_id for f in own}),
                        ids,
                        worst(flags[c] for c in ids if c in flags),
                    )
                )
        return sorted(points, key=lambda p: (p.breakdown or "", p.date or "", p.originator))

    def checks_for(self, measure: str) -> list[Check]:
        return [c for c in self.checks if c.measure == measure]

    def to_json(self) -> dict[str, Any]:
        series = {
            measure: [
                {
                    "date": p.date,
                    "breakdown": p.breakdown,
                    "originator": p.originator,
                    "interval": None if p.interval is None else p.interval.to_json(),
                    "reports": p.reports,
                    "claim_ids": list(p.claim_ids),
                    "status": p.status,
                }
                for p in self.series(measure)
            ]
            for measure in self.measures
        }
        return {
            "claims": self.claims,
            "measures_updated": self.measures_updated,
            "documents_hashed": self.links.hashed,
            "links_added": self.links.linked,
            "rows": [row.to_json() for row in self.rows],
            "checks": [check.to_json() for check in self.checks],
            "series": series,
            "unmatched_subjects": dict(sorted(self.unmatched.items())),
        }
