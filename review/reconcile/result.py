"""What reconciliation returns: a table of rows, the checks, and a time series per measure."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from review.reconcile.checks import SEVERITY, Assertion, Check, worst
from review.reconcile.duplicates import LinkStats
from review.reconcile.measures import Lexicon

GroupKey = tuple[str, str | None, str | None]  # measure, breakdown, as-of date


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


def _row_claims(by_origin: dict[str, Assertion]) -> tuple[int, ...]:
    return tuple(cid for name in sorted(by_origin) for cid in by_origin[name].claim_ids)


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


def build_rows(groups: dict[GroupKey, dict[str, Assertion]], found: list[Check]) -> list[Row]:
    flags = claim_flags(found)
    agreement = {(c.measure, c.breakdown, c.date): c.status for c in found if c.kind == "agreement"}
    rows = []
    for key in sorted(groups, key=_key_order):
        by_origin = groups[key]
        ids = _row_claims(by_origin)
        status = worst([agreement.get(key, "ok"), *(flags[c] for c in ids if c in flags)])
        rows.append(
            Row(
                measure=key[0],
                breakdown=key[1],
                date=key[2],
                values={
                    name: ", ".join(str(i) for i in sorted(by_origin[name].intervals))
                    for name in sorted(by_origin)
                },
                reports=len({d for a in by_origin.values() for d in a.documents}),
                independent=len({c for a in by_origin.values() for c in a.clusters}),
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
    groups: dict[GroupKey, dict[str, Assertion]]
    unmatched: Counter[str]
    claims: int
    measures_updated: int
    links: LinkStats
    lexicon: Lexicon
    _flags: dict[int, str] | None = field(default=None, repr=False)

    @property
    def measures(self) -> list[str]:
        return sorted({key[0] for key in self.groups})

    @property
    def flags(self) -> dict[int, str]:
        if self._flags is None:
            self._flags = claim_flags(self.checks)
        return self._flags

    def series(self, measure: str) -> list[Point]:
        """Every originator's figure per date for one measure, breakdowns included."""
        status = {
            (c.breakdown, c.date): c.status
            for c in self.checks
            if c.kind == "agreement" and c.measure == measure
        }
        points = []
        for (key_measure, breakdown, date), by_origin in self.groups.items():
            if key_measure != measure:
                continue
            for origin, assertion in by_origin.items():
                points.append(
                    Point(
                        date,
                        breakdown,
                        origin,
                        assertion.interval,
                        assertion.reports,
                        tuple(assertion.claim_ids),
                        status.get((breakdown, date), "ok"),
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
