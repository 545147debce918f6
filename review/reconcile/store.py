"""Writing reconciliation's facts, checks and table rows to their tables.

A full run replaces every row (:func:`replace_all`); a refresh after an analyst's decision
(:mod:`review.reconcile.refresh`) replaces the facts of the documents it re-derived, the checks
and rows of the families (measure and place) those facts were or are in, and the statuses that
changed. Rows go in by driver-level executemany of plain tuples: a million facts are written in
seconds. On SQLite a full run writes facts, checks and their links with the tables' secondary
indexes dropped and builds them afterwards (in the same transaction): one sorted build per
index costs less than keeping each index up to date row by row.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy import Connection, delete, false, select, text
from sqlalchemy.orm import Session

from models import CheckClaim, ClaimFact, ReconcileCheck, ReconcileRow
from review.reconcile.checks import SEVERITY, Check
from review.reconcile.facts import Fact
from review.reconcile.intervals import INF
from review.reconcile.result import Row, agreeing, interval_json, rows_of

BATCH = 20_000
WRITE_CACHE_KIB = 256 * 1024  # SQLite page cache while a full run writes its tables
LOCK_KEY = 0x63745F7265636F6E  # "ct_recon": the derived tables' advisory lock on PostgreSQL
WITHIN_DOCUMENT = frozenset({"breakdown", "arithmetic"})
FACT_COLUMNS = (
    "claim_id", "document_id", "cluster_id", "measure", "measure_key", "family", "kind", "place",
    "country", "region", "slice", "axis", "remainder", "partial", "table_heading", "as_of",
    "as_of_source", "period_start", "period_end", "event_period", "originator",
    "originator_source", "originator_acronym", "relation", "total_claim_id", "low", "high",
    "status", "computed_at",
)  # fmt: skip
_CHECK_COLUMNS = (
    "id", "measure_key", "family", "document_id", "kind", "status", "breakdown", "as_of",
    "detail", "why", "claim_ids", "support_ids", "computed_at",
)  # fmt: skip
_ROW_COLUMNS = (
    "measure_key", "family", "slice", "as_of", "status", "reports", "independent", "points",
    "claim_ids", "computed_at",
)  # fmt: skip


def fact_row(fact: Fact, status: str, now: object) -> tuple:
    return (
        fact.claim_id,
        fact.document_id,
        fact.cluster,
        fact.measure,
        fact.key,
        fact.family,
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
    """Worst status per claim over the checks it stands in (absent: ok)."""
    worst: dict[int, str] = {}
    for check in found:
        if SEVERITY[check.status] == 0:
            continue
        for cid in check.claim_ids:
            if SEVERITY[check.status] > SEVERITY[worst.get(cid, "ok")]:
                worst[cid] = check.status
    return worst


def replace_all(session: Session, facts: list[Fact], found: list[Check]) -> None:
    """Every fact, check and row of a full run, in place of what the tables held."""
    lock(session)
    connection = session.connection()
    for model in (CheckClaim, ReconcileCheck, ReconcileRow, ClaimFact):
        connection.execute(delete(model))
    status = statuses(found)
    with _indexes_built_after(connection, (ClaimFact, ReconcileCheck, CheckClaim)):
        write_facts(session, facts, status)
        write_checks(session, found, {f.claim_id: f for f in facts})
    write_rows(session, rows_of(facts, status, agreeing(found)))
    if connection.dialect.name == "postgresql":
        # Every row was just replaced: without fresh statistics the planner takes a table of a
        # million facts for an empty one (a bitmap scan and a sort of every flagged fact for
        # the queue's first page) until autovacuum gets to it.
        tables = (ClaimFact, ReconcileCheck, CheckClaim, ReconcileRow)
        connection.exec_driver_sql(f"ANALYZE {', '.join(m.__tablename__ for m in tables)}")


@contextmanager
def _indexes_built_after(connection: Connection, models: tuple) -> Iterator[None]:
    """On SQLite, these tables' secondary indexes dropped for the block and built after it;
    elsewhere (PostgreSQL would lock readers out of the tables meanwhile) nothing."""
    if connection.dialect.name != "sqlite":
        yield
        return
    # The bulk write looks up a claim and a document per row (foreign keys) all over the
    # claim table; a page cache of a few megabytes (SQLite's default) rereads them from the
    # file again and again.
    cache = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{WRITE_CACHE_KIB}")
    connection.exec_driver_sql("PRAGMA temp_store = MEMORY")  # the index builds' sorts
    indexes = [index for model in models for index in model.__table__.indexes]
    for index in indexes:
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {index.name}")
    yield
    for index in indexes:
        index.create(connection)
    connection.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")
    connection.exec_driver_sql("PRAGMA temp_store = DEFAULT")


def _now(session: Session) -> object:
    """The current time as the driver takes it for a DateTime column (SQLite stores text)."""
    dialect = session.connection().dialect
    process = ClaimFact.__table__.c.computed_at.type.bind_processor(dialect)
    now = datetime.now(UTC)
    if process:
        return process(now)
    # sqlite3 would adapt the same datetime once per row (its default adapter writes
    # isoformat(" ")): a million calls for one value
    return now.isoformat(" ") if dialect.name == "sqlite" else now


def write_facts(session: Session, facts: Iterable[Fact], status: dict[int, str]) -> None:
    now = _now(session)
    rows = [fact_row(f, status.get(f.claim_id, "ok"), now) for f in facts]
    _executemany(session, ClaimFact.__tablename__, FACT_COLUMNS, rows)


def write_checks(session: Session, found: Iterable[Check], facts: dict[int, Fact]) -> None:
    """Checks with ids allocated here (max + 1 under the transaction's write lock), so their
    claim links go in by the same executemany path. A check within one document carries the
    document; a check across documents carries the family it compared."""
    connection = session.connection()
    top = connection.execute(select(ReconcileCheck.id).order_by(ReconcileCheck.id.desc()).limit(1))
    next_id = (top.scalar() or 0) + 1
    now = _now(session)
    rows, links = [], []
    for check in found:
        first = facts.get(check.claim_ids[0]) if check.claim_ids else None
        within = check.kind in WITHIN_DOCUMENT
        rows.append(
            (
                next_id,
                check.measure,
                None if within or first is None else first.family,
                first.document_id if within and first is not None else None,
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


def write_rows(session: Session, rows: Iterable[Row]) -> None:
    now = _now(session)
    values = [
        (
            row.measure,
            row.family,
            _cut(row.breakdown, 200),
            row.date,
            row.status,
            row.reports,
            row.independent,
            json.dumps([_point_json(p) for p in row.points], ensure_ascii=False),
            json.dumps([list(p.claim_ids) for p in row.points]),
            now,
        )
        for row in rows
    ]
    _executemany(session, ReconcileRow.__tablename__, _ROW_COLUMNS, values)


def _point_json(point) -> dict:
    return {
        "originator": point.originator,
        "intervals": [interval_json(i) for i in point.intervals],
        "reports": point.reports,
        "claims": len(point.claim_ids),
        "status": point.status,
    }


def delete_checks(session: Session, *, families: Iterable[str], documents: Iterable[int]) -> None:
    """The checks across documents of these families and the checks within these documents."""
    connection = session.connection()
    families, documents = sorted(set(families)), sorted(set(documents))
    for column, keys in (
        (ReconcileCheck.family, families),
        (ReconcileCheck.document_id, documents),
    ):
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            ids = select(ReconcileCheck.id).where(column.in_(chunk))
            connection.execute(delete(CheckClaim).where(CheckClaim.check_id.in_(ids)))
            connection.execute(delete(ReconcileCheck).where(column.in_(chunk)))


def delete_facts(session: Session, documents: Iterable[int]) -> None:
    connection = session.connection()
    documents = sorted(set(documents))
    for start in range(0, len(documents), 500):
        chunk = documents[start : start + 500]
        connection.execute(delete(ClaimFact).where(ClaimFact.document_id.in_(chunk)))


def delete_rows(session: Session, families: Iterable[str]) -> None:
    connection = session.connection()
    families = sorted(set(families))
    for start in range(0, len(families), 500):
        chunk = families[start : start + 500]
        connection.execute(delete(ReconcileRow).where(ReconcileRow.family.in_(chunk)))


def update_statuses(session: Session, changed: dict[int, str]) -> None:
    """New statuses of facts that stay (grouped by status: a handful of statements)."""
    connection = session.connection()
    by_status: dict[str, list[int]] = {}
    for cid, status in changed.items():
        by_status.setdefault(status, []).append(cid)
    table = ClaimFact.__table__
    for status, ids in by_status.items():
        ids.sort()
        for start in range(0, len(ids), 500):
            connection.execute(
                table.update()
                .where(table.c.claim_id.in_(ids[start : start + 500]))
                .values(status=status)
            )


def _executemany(session: Session, table: str, columns: tuple[str, ...], rows: list) -> None:
    if not rows:
        return
    connection = session.connection()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(mark for _ in columns)})"
    for start in range(0, len(rows), BATCH):
        connection.exec_driver_sql(sql, rows[start : start + BATCH])


def lock(session: Session) -> None:
    """Hold the derived tables' write lock until the transaction ends, so two writers (two
    refreshes, a refresh and a full run) never write from reads the other made stale: an
    advisory lock on PostgreSQL, the database's write lock on SQLite (which a write statement
    takes, even one that matches no row)."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    else:
        connection.execute(delete(ClaimFact).where(false()))
