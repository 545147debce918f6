"""Writing reconciliation's facts and checks to their tables.

A full run replaces every row; a refresh after an analyst's decision replaces the facts of the
documents it re-derived and the checks of the measure keys those facts were or are in. Rows go
in by driver-level executemany of plain tuples: a million facts are written in seconds.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from models import CheckClaim, ClaimFact, ReconcileCheck
from review.reconcile.checks import SEVERITY, Check
from review.reconcile.facts import Fact
from review.reconcile.intervals import INF

BATCH = 20_000
_FACT_COLUMNS = (
    "claim_id", "document_id", "cluster_id", "measure", "measure_key", "kind", "place",
    "country", "region", "slice", "axis", "remainder", "partial", "table_heading", "as_of",
    "as_of_source", "period_start", "period_end", "event_period", "originator",
    "originator_source", "originator_acronym", "relation", "total_claim_id", "low", "high",
    "status", "computed_at",
)  # fmt: skip
_CHECK_COLUMNS = (
    "id", "measure_key", "document_id", "kind", "status", "breakdown", "as_of", "detail", "why",
    "claim_ids", "support_ids", "computed_at",
)  # fmt: skip


def _fact_row(fact: Fact, status: str, now: object) -> tuple:
    return (
        fact.claim_id,
        fact.document_id,
        fact.cluster,
        fact.measure,
        fact.key,
        None if fact.measure is None else ("flow" if fact.flow else "stock"),
        fact.place if fact.country else None,
        _cut(fact.country, 200),
        _cut(fact.region, 200),
        _cut(fact.slice, 200),
        fact.axis,
        fact.remainder,
        fact.partial,
        fact.table,
        fact.as_of,
        fact.as_of_source,
        _cut(fact.period, 64),
        _cut(fact.period_end, 10),
        fact.event_period,
        fact.originator,
        fact.originator_source,
        _cut(fact.acronym, 32),
        fact.relation,
        fact.total_id,
        int(fact.interval.lo),
        None if fact.interval.hi == INF else int(fact.interval.hi),
        status,
        now,
    )


def _cut(text: str | None, length: int) -> str | None:
    return text[:length] if text else text


def statuses(found: Iterable[Check]) -> dict[int, str]:
    """Worst status per claim over the checks it stands in."""
    worst: dict[int, str] = {}
    for check in found:
        for cid in check.claim_ids:
            if SEVERITY[check.status] > SEVERITY[worst.get(cid, "ok")]:
                worst[cid] = check.status
    return worst


def replace_all(session: Session, facts: list[Fact], found: list[Check]) -> None:
    """Every fact and check of a full run, in place of what the tables held."""
    connection = session.connection()
    connection.execute(delete(CheckClaim))
    connection.execute(delete(ReconcileCheck))
    connection.execute(delete(ClaimFact))
    write_facts(session, facts, statuses(found))
    write_checks(session, found, _document_of(facts))


def _document_of(facts: Iterable[Fact]) -> dict[int, int]:
    return {f.claim_id: f.document_id for f in facts}


def _now(session: Session) -> object:
    """The current time as the driver takes it for a DateTime column (SQLite stores text)."""
    dialect = session.connection().dialect
    process = ClaimFact.__table__.c.computed_at.type.bind_processor(dialect)
    now = datetime.now(UTC)
    return process(now) if process else now


def write_facts(session: Session, facts: Iterable[Fact], status: dict[int, str]) -> None:
    now = _now(session)
    rows = [_fact_row(f, status.get(f.claim_id, "ok"), now) for f in facts]
    _executemany(session, ClaimFact.__tablename__, _FACT_COLUMNS, rows)


def write_checks(session: Session, found: Iterable[Check], document_of: dict[int, int]) -> None:
    """Checks with ids allocated here (max + 1 under the transaction's write lock), so their
    claim links go in by the same executemany path."""
    connection = session.connection()
    top = connection.execute(select(ReconcileCheck.id).order_by(ReconcileCheck.id.desc()).limit(1))
    next_id = (top.scalar() or 0) + 1
    now = _now(session)
    rows, links = [], []
    for check in found:
        within = check.kind in ("breakdown", "arithmetic")
        document = document_of.get(check.claim_ids[0]) if within and check.claim_ids else None
        rows.append(
            (
                next_id,
                check.measure,
                document,
                check.kind,
                check.status,
                _cut(check.breakdown, 200),
                check.date,
                check.detail,
                check.why,
                json.dumps(list(check.claim_ids)),
                json.dumps(list(check.support)),
                now,
            )
        )
        links.extend((next_id, cid) for cid in dict.fromkeys(check.claim_ids))
        next_id += 1
    _executemany(session, ReconcileCheck.__tablename__, _CHECK_COLUMNS, rows)
    _executemany(session, CheckClaim.__tablename__, ("check_id", "claim_id"), links)


def _executemany(session: Session, table: str, columns: tuple[str, ...], rows: list) -> None:
    if not rows:
        return
    connection = session.connection()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(mark for _ in columns)})"
    for start in range(0, len(rows), BATCH):
        connection.exec_driver_sql(sql, rows[start : start + BATCH])
