"""Store a batch of documents' extractions as persons, claims and evidence, in one transaction.

Works from the JSON contract of `crosstally extract --jsonl` (the stable interface), so the
stored claims are exactly what the command prints. Claims get a ``review_key`` that does not
depend on the extractor version or the document version, so analyst decisions survive
re-extraction; older machine claims for the same page are marked superseded, never deleted.

Why Core statements and not ORM objects: storing must cost little more than writing the rows
at all (benchmark 6). The ORM spent ~27 statements per document (a row at a time, a SAVEPOINT
per new person, one UPDATE per document); a batch here is a fixed handful of statements
whatever its size: one person lookup, one person insert, one claim insert per breakdown level
(ids come back with RETURNING), then one executemany each for evidence, mentions and markers,
and one UPDATE for superseding.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, bindparam, func, insert, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from extract.rows import BatchRows
from models import Claim, Document, Evidence, Extraction, Person, PersonMention
from models.base import utcnow


@dataclass(frozen=True)
class StoreStats:
    persons: int
    claims: int
    evidence: int


def store_extraction(
    session: Session,
    document: Document,
    result: dict[str, Any],
    extractor_version: str,
    worker: str | None = None,
) -> StoreStats:
    """One document; see :func:`store_extractions`."""
    return store_extractions(session, [(document, result)], extractor_version, worker)


def store_extractions(
    session: Session,
    items: Sequence[tuple[Document, dict[str, Any]]],
    extractor_version: str,
    worker: str | None = None,
    known: KnownPersons | None = None,
) -> StoreStats:
    """Add the rows for these documents; the caller commits (one transaction per batch),
    then tells ``known`` (a worker's :class:`KnownPersons`, if it keeps one)."""
    if not items:
        return StoreStats(0, 0, 0)
    batch = BatchRows(extractor_version)
    for document, result in items:
        batch.add(document.id, document.canonical_url, document.text, result)
    connection = session.connection()
    person_ids = _person_ids(connection, batch.names, known)
    # The markers go first: on SQLite this write takes the database's write lock, which
    # claim id allocation relies on.
    _insert_many(
        connection,
        Extraction,
        [
            {
                "document_id": document.id,
                "extractor_version": extractor_version,
                "worker": worker,
                "status": "done",
                "processed_at": batch.now,
            }
            for document, _ in items
        ],
    )
    claim_ids = _insert_claims(connection, batch, person_ids)
    _insert_many(
        connection,
        Evidence,
        [
            {
                "claim_id": claim_ids[claim],
                "document_id": document_id,
                "start": start,
                "end": end,
                "quote": quote,
                "extractor_version": extractor_version,
                "created_at": batch.now,
            }
            for claim, document_id, start, end, quote in batch.evidence
        ],
    )
    _insert_many(
        connection,
        PersonMention,
        [
            {
                "person_id": person_ids[key],
                "document_id": document_id,
                "start": start,
                "end": end,
                "text": text,
                "extractor_version": extractor_version,
            }
            for key, document_id, start, end, text in batch.mentions
        ],
    )
    _supersede_older(connection, [document for document, _ in items], extractor_version)
    return StoreStats(persons=batch.persons, claims=len(batch.claims), evidence=len(batch.evidence))


class KnownPersons:
    """Person ids a worker has seen committed, so later batches skip looking them up.

    The same people are named in article after article. Person rows are never deleted
    (a merge only points one at another), so a committed key keeps its id for good; ids
    from a transaction that may still roll back are held apart until :meth:`committed`."""

    def __init__(self, limit: int = 200_000) -> None:
        self._ids: dict[str, int] = {}
        self._staged: dict[str, int] = {}
        self._limit = limit

    def get(self, key: str) -> int | None:
        return self._ids.get(key)

    def stage(self, ids: dict[str, int]) -> None:
        self._staged = ids

    def committed(self) -> None:
        if len(self._ids) + len(self._staged) > self._limit:
            self._ids.clear()
        self._ids.update(self._staged)
        self._staged = {}


def _person_ids(
    connection: Connection, names: dict[str, str], known: KnownPersons | None
) -> dict[str, int]:
    """Ids for these person keys, creating the missing ones.

    Safe under concurrent workers without a SAVEPOINT per person: ``ON CONFLICT DO NOTHING``
    skips a key another worker inserted first (on PostgreSQL after waiting for it to commit),
    and the keys it skipped are read back. Keys go in sorted order, so two workers inserting
    overlapping sets take their row locks in the same order."""
    ids: dict[str, int] = {}
    unknown: list[str] = []
    for key in sorted(names):
        id_ = known.get(key) if known else None
        if id_ is None:
            unknown.append(key)
        else:
            ids[key] = id_
    if unknown:
        ids.update(_existing_persons(connection, unknown))
    missing = [key for key in unknown if key not in ids]
    if missing:
        rows = [{"name": names[key], "key": key, "created_at": utcnow()} for key in missing]
        statement = _insert_persons(connection.dialect.name)
        ids.update({key: id_ for id_, key in connection.execute(statement, rows)})
        lost = [key for key in missing if key not in ids]  # a concurrent worker's
        if lost:
            ids.update(_existing_persons(connection, lost))
    if known:
        known.stage(ids)
    return ids


def _existing_persons(connection: Connection, keys: list[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for start in range(0, len(keys), 500):  # bound the IN list
        chunk = keys[start : start + 500]
        ids.update({key: id_ for key, id_ in connection.execute(SELECT_PERSONS, {"keys": chunk})})
    return ids


SELECT_PERSONS = select(Person.key, Person.id).where(
    Person.key.in_(bindparam("keys", expanding=True))
)


@functools.cache
def _insert_persons(dialect: str) -> Any:
    """INSERT … ON CONFLICT (key) DO NOTHING RETURNING id, key (built once per dialect)."""
    if dialect == "postgresql":
        statement = postgresql.insert(Person).on_conflict_do_nothing(index_elements=["key"])
    elif dialect == "sqlite":
        statement = sqlite.insert(Person).on_conflict_do_nothing(index_elements=["key"])
    else:
        raise NotImplementedError(f"storing persons on {dialect} is not supported")
    return statement.returning(Person.id, Person.key)


def _insert_claims(connection: Connection, batch: BatchRows, persons: dict[str, int]) -> list[int]:
    """Claim ids in ``batch.claims`` order, all claims in one executemany.

    A breakdown needs its total's id: the ids are allocated first, then the rows go in
    totals before parts (the foreign key is checked row by row). Allocating beats RETURNING:
    SQLite cannot promise RETURNING order, and without it rows must be matched back."""
    claims = batch.claims
    ids = allocate_ids(connection, Claim.__table__, len(claims))
    for index, row in enumerate(claims):
        row["id"] = ids[index]
        person = batch.person_of_claim[index]
        if person is not None:
            row["person_id"] = persons[person]
        parent = batch.parents[index]
        if parent is not None:
            row["part_of_id"] = ids[parent]
    _insert_many(connection, Claim, _parents_first(claims, batch.parents))
    return ids


def _parents_first(rows: list[dict[str, Any]], parents: list[int | None]) -> list[dict[str, Any]]:
    def depth(index: int) -> int:
        level, parent = 0, parents[index]
        while parent is not None and level <= len(rows):
            level, parent = level + 1, parents[parent]
        return level

    if all(parent is None for parent in parents):
        return rows
    depths = [depth(index) for index in range(len(rows))]
    if max(depths) > len(rows):  # a cycle of part_of: keep the figures, drop the links
        for row in rows:
            row["part_of_id"] = None
        return rows
    return [rows[index] for index in sorted(range(len(rows)), key=depths.__getitem__)]


def allocate_ids(connection: Connection, table: Any, count: int) -> list[int]:
    """``count`` new primary keys for ``table``, reserved for this transaction.

    PostgreSQL: taken from the column's sequence, as concurrent inserts would. SQLite: the
    next rowids after the largest, which no one else can take while this transaction holds
    the write lock (it must already have written: checked)."""
    if count == 0:
        return []
    name = connection.dialect.name
    if name == "postgresql":
        query = text(
            "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
        )
        return list(connection.scalars(query, {"table": table.name, "n": count}))
    if name == "sqlite":
        if not connection.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
            raise RuntimeError("allocating SQLite ids outside a write transaction")
        top = connection.scalar(_top_id(table))
        return list(range(top + 1, top + 1 + count))
    raise NotImplementedError(f"allocating ids on {name} is not supported")


@functools.cache
def _insert(model: type) -> Any:
    return insert(model)


@functools.cache
def _top_id(table: Any) -> Any:
    return select(func.coalesce(func.max(table.c.id), 0))


def _insert_many(connection: Connection, model: type, rows: list[dict[str, Any]]) -> None:
    if rows:
        connection.execute(_insert(model), rows)


def _supersede_statement() -> Any:
    claim, page, batch_doc = Claim.__table__, Document.__table__.alias(), Document.__table__.alias()
    same_pages = (
        select(page.c.id)
        .join(
            batch_doc,
            and_(
                page.c.canonical_url == batch_doc.c.canonical_url,
                page.c.version <= batch_doc.c.version,
            ),
        )
        .where(batch_doc.c.id.in_(bindparam("kept", expanding=True)))
    )
    return (
        update(claim)
        .where(
            claim.c.document_id.in_(same_pages),
            # Not "= false": SQLite would then pick ix_claim_current and scan every
            # current claim in the database for each batch (checked with EXPLAIN).
            claim.c.superseded.is_not(True),
            or_(
                claim.c.document_id.not_in(bindparam("kept", expanding=True)),
                claim.c.extractor_version != bindparam("version"),
            ),
        )
        .values(superseded=True)
    )


SUPERSEDE = _supersede_statement()


def _supersede_older(connection: Connection, documents: Iterable[Document], version: str) -> None:
    """Machine claims of older extractor versions or older versions of these pages step aside.

    For each page, the newest version in the batch keeps its new claims; every claim of that
    page's versions up to it (older versions, older extractor versions, and older versions
    that are in this very batch) is superseded. One statement for the whole batch."""
    newest: dict[str, Document] = {}
    for document in documents:
        current = newest.get(document.canonical_url)
        if current is None or document.version > current.version:
            newest[document.canonical_url] = document
    if newest:
        kept = [document.id for document in newest.values()]
        connection.execute(SUPERSEDE, {"kept": kept, "version": version})
