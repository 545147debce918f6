"""Reading what reconciliation wrote: each claim's fact, the checks it stands in, the rows of
the reconciliation table and the measures they make up.

Every reader (the review pages, the exporters, ``crosstally reconcile``) goes through here, so
what one says about a claim is what the others say. Each function reads only the rows it
needs through an index (a claim's fact and checks, one measure's rows, the flagged facts in
status order): no page groups or checks anything per request.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from crosstally.errors import CrosstallyError
from models import CheckClaim, Claim, ClaimFact, ReconcileCheck, ReconcileRow
from review.reconcile.checks import SEVERITY, Check, worst
from review.reconcile.intervals import INF, Interval
from review.reconcile.result import Point, Row, interval_from

FLAGS = tuple(s for s, level in sorted(SEVERITY.items(), key=lambda i: -i[1]) if level > 0)
NEVER_RAN = "this database has not been reconciled yet: run `crosstally reconcile`"


class NotReconciled(CrosstallyError):
    """Count claims are stored but reconcile never wrote what they measure."""

    exit_code = 2


@dataclass(frozen=True)
class FactView:
    """A claim as reconciliation reads it (one ``claim_fact`` row)."""

    claim_id: int
    document_id: int
    measure: str | None
    measure_key: str | None
    kind: str | None
    place: str | None
    slice: str | None
    axis: str | None
    as_of: str | None
    as_of_source: str | None
    period_start: str | None
    period_end: str | None
    originator: str | None
    originator_source: str | None
    relation: str | None
    total_claim_id: int | None
    low: int
    high: int | None
    status: str

    @property
    def interval(self) -> Interval:
        return Interval(self.low, INF if self.high is None else self.high)


_FACT_COLUMNS = tuple(getattr(ClaimFact, name) for name in FactView.__dataclass_fields__)


def reconciled(session: Session) -> bool:
    """Whether reconcile wrote the derived tables (or there is no count claim to reconcile)."""
    if session.scalar(select(exists().where(ClaimFact.claim_id.is_not(None)))):
        return True
    counts = select(Claim.id).where(Claim.kind == "count", Claim.superseded.is_(False))
    return not session.scalar(select(exists(counts)))


def require_reconciled(session: Session) -> None:
    if not reconciled(session):
        raise NotReconciled(NEVER_RAN)


def facts_of(session: Session, claim_ids: Iterable[int]) -> dict[int, FactView]:
    ids = sorted(set(claim_ids))
    found: dict[int, FactView] = {}
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(*_FACT_COLUMNS).where(ClaimFact.claim_id.in_(ids[start : start + 500]))
        )
        found.update({row[0]: FactView(*row) for row in rows})
    return found


def fact_of(session: Session, claim_id: int) -> FactView | None:
    return facts_of(session, [claim_id]).get(claim_id)


def _check(row: Any) -> Check:
    kind, status, key, as_of, ids, detail, breakdown, why, support = row
    return Check(kind, status, key, as_of, tuple(ids), detail, breakdown, why, tuple(support))


_CHECK_COLUMNS = (
    ReconcileCheck.kind,
    ReconcileCheck.status,
    ReconcileCheck.measure_key,
    ReconcileCheck.as_of,
    ReconcileCheck.claim_ids,
    ReconcileCheck.detail,
    ReconcileCheck.breakdown,
    ReconcileCheck.why,
    ReconcileCheck.support_ids,
)


def check_order(check: Check) -> tuple:
    """Worst first, then by measure, date, kind, slice and claims (as ``reconcile`` lists)."""
    return (
        -SEVERITY[check.status],
        check.measure,
        check.date or "",
        check.kind,
        check.breakdown or "",
        check.claim_ids,
    )


def checks_of(session: Session, claim_id: int) -> list[Check]:
    """The checks a claim stands in, worst first."""
    rows = session.execute(
        select(*_CHECK_COLUMNS)
        .join(CheckClaim, CheckClaim.check_id == ReconcileCheck.id)
        .where(CheckClaim.claim_id == claim_id)
    )
    return sorted((_check(r) for r in rows), key=check_order)


def worst_checks(session: Session, claim_ids: Iterable[int]) -> dict[int, Check]:
    """For each of these claims that a check flags, the worst such check."""
    ids = sorted(set(claim_ids))
    links: dict[int, list[int]] = {}
    for start in range(0, len(ids), 500):
        for check_id, claim_id in session.execute(
            select(CheckClaim.check_id, CheckClaim.claim_id).where(
                CheckClaim.claim_id.in_(ids[start : start + 500])
            )
        ):
            links.setdefault(check_id, []).append(claim_id)
    # by id, then the status in Python: a status filter in the query would lead the database
    # to the status index and every flagged check
    found: dict[int, Check] = {}
    check_ids = sorted(links)
    for start in range(0, len(check_ids), 500):
        rows = session.execute(
            select(ReconcileCheck.id, *_CHECK_COLUMNS).where(
                ReconcileCheck.id.in_(check_ids[start : start + 500])
            )
        )
        for check_id, *columns in rows:
            check = _check(columns)
            if check.status not in FLAGS:
                continue
            for claim_id in links[check_id]:
                if claim_id not in found or check_order(check) < check_order(found[claim_id]):
                    found[claim_id] = check
    return found


def check_counts(session: Session) -> dict[str, int]:
    """How many checks have each status."""
    query = select(ReconcileCheck.status, func.count()).group_by(ReconcileCheck.status)
    return dict(session.execute(query).all())


def all_checks(session: Session) -> list[Check]:
    return sorted((_check(r) for r in session.execute(select(*_CHECK_COLUMNS))), key=check_order)


def measure_checks(session: Session, key: str, limit: int) -> tuple[list[Check], dict]:
    """A measure key's flagged checks (the worst ``limit``) and how many flagged checks of
    each kind and status it has (through the (measure key, status, kind) index)."""
    counts: dict[tuple[str, str], int] = {
        (kind, status): n
        for kind, status, n in session.execute(
            select(ReconcileCheck.kind, ReconcileCheck.status, func.count())
            .where(ReconcileCheck.measure_key == key, ReconcileCheck.status.in_(FLAGS))
            .group_by(ReconcileCheck.kind, ReconcileCheck.status)
        )
    }
    flagged: list[Check] = []
    for status in FLAGS:  # worst first: only as many as are shown are read
        if len(flagged) >= limit:
            break
        rows = session.execute(
            select(*_CHECK_COLUMNS)
            .where(ReconcileCheck.measure_key == key, ReconcileCheck.status == status)
            .order_by(ReconcileCheck.as_of, ReconcileCheck.kind, ReconcileCheck.id)
            .limit(limit - len(flagged))
        )
        flagged.extend(_check(r) for r in rows)
    return flagged, counts


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _row(found: Any) -> Row:
    key, family, slice_, as_of, status, reports, independent, points, *claims = found
    points = _json(points)
    ids = _json(claims[0]) if claims else [[] for _ in points]
    return Row(
        measure=key,
        breakdown=slice_,
        date=as_of,
        family=family,
        points=tuple(
            Point(
                date=as_of,
                breakdown=slice_,
                originator=p["originator"],
                intervals=tuple(interval_from(i) for i in p["intervals"]),
                reports=p["reports"],
                claims=p["claims"],
                claim_ids=tuple(own),
                status=p["status"],
            )
            for p, own in zip(points, ids, strict=True)
        ),
        reports=reports,
        independent=independent,
        status=status,
    )


_ROW_COLUMNS = (
    ReconcileRow.measure_key,
    ReconcileRow.family,
    ReconcileRow.slice,
    ReconcileRow.as_of,
    ReconcileRow.status,
    ReconcileRow.reports,
    ReconcileRow.independent,
    ReconcileRow.points,
)


def _row_order(row: Row) -> tuple[str, str, str]:
    return (row.measure, row.breakdown or "", row.date or "")


def rows(session: Session, key: str | None = None, *, claims: bool = False) -> list[Row]:
    """The rows of one measure key (every row when None), in slice and date order; with
    ``claims`` each point's claim ids too."""
    query = select(*_ROW_COLUMNS, *([ReconcileRow.claim_ids] if claims else []))
    if key is not None:
        query = query.where(ReconcileRow.measure_key == key)
    return sorted((_row(r) for r in session.execute(query)), key=_row_order)


def latest_rows(session: Session, key: str, limit: int, offset: int = 0) -> tuple[list[Row], int]:
    """One page of a measure key's rows, the latest dates first, and how many rows it has."""
    total = session.scalar(
        select(func.count()).select_from(ReconcileRow).where(ReconcileRow.measure_key == key)
    )
    query = (
        select(*_ROW_COLUMNS)
        .where(ReconcileRow.measure_key == key)
        .order_by(ReconcileRow.as_of.desc().nulls_last(), ReconcileRow.slice, ReconcileRow.id)
        .limit(limit)
        .offset(offset)
    )
    return [_row(r) for r in session.execute(query)], total or 0


def totals(session: Session, key: str) -> list[Row]:
    """A measure key's rows of totals (no slice): what its chart draws."""
    query = select(*_ROW_COLUMNS).where(
        ReconcileRow.measure_key == key, ReconcileRow.slice.is_(None)
    )
    return sorted((_row(r) for r in session.execute(query)), key=_row_order)


def row_of(session: Session, fact: FactView) -> Row | None:
    """The row a claim's figure stands in (its key, slice and date)."""
    if fact.measure_key is None:
        return None
    query = select(*_ROW_COLUMNS, ReconcileRow.claim_ids).where(
        ReconcileRow.measure_key == fact.measure_key,
        ReconcileRow.slice.is_(None) if fact.slice is None else ReconcileRow.slice == fact.slice,
        ReconcileRow.as_of.is_(None) if fact.as_of is None else ReconcileRow.as_of == fact.as_of,
    )
    found = session.execute(query.limit(1)).first()
    return _row(found) if found else None


@dataclass(frozen=True)
class MeasureSummary:
    key: str
    rows: int  # dates x slices
    status: str
    counts: dict[str, int]  # rows per status


def measures(session: Session) -> list[MeasureSummary]:
    """Every measure key with its number of rows and their statuses."""
    found: dict[str, dict[str, int]] = {}
    for key, status, n in session.execute(
        select(ReconcileRow.measure_key, ReconcileRow.status, func.count()).group_by(
            ReconcileRow.measure_key, ReconcileRow.status
        )
    ):
        found.setdefault(key, {})[status] = n
    return [
        MeasureSummary(key, sum(counts.values()), worst(counts), counts)
        for key, counts in sorted(found.items())
    ]


def measure_exists(session: Session, key: str) -> bool:
    return bool(session.scalar(select(exists().where(ReconcileRow.measure_key == key))))


def flagged_claims(session: Session, status: str, after: int, limit: int) -> list[int]:
    """Claims whose worst check has this status, in id order after ``after``."""
    return list(
        session.scalars(
            select(ClaimFact.claim_id)
            .where(ClaimFact.status == status, ClaimFact.claim_id > after)
            .order_by(ClaimFact.claim_id)
            .limit(limit)
        )
    )


def statuses_of(session: Session, claim_ids: Iterable[int]) -> dict[int, str]:
    """Each claim's worst status, for claims that have a fact."""
    ids = sorted(set(claim_ids))
    found: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        found.update(
            session.execute(
                select(ClaimFact.claim_id, ClaimFact.status).where(
                    ClaimFact.claim_id.in_(ids[start : start + 500])
                )
            ).all()
        )
    return found


def last_reconciled(session: Session):
    """When the derived tables were last written (a full run or a refresh)."""
    return session.scalar(select(func.max(ClaimFact.computed_at)))
