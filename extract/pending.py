"""`extract --pending`: process stored documents not yet seen by the current extractor version.

Documents are taken in small batches; each batch's claims are committed in one transaction with
their `extraction` markers, so a killed worker loses at most its batch and never stores half of a
document. On PostgreSQL, concurrent workers take batches with ``FOR UPDATE SKIP LOCKED``; on
SQLite (one writer at a time) workers split documents by id modulo the worker count.

A document the extractor cannot handle (a crawled page of one 1 MiB line is over spaCy's
``max_length``) must not stop the queue: it would be picked first again on every run and fail
the whole batch every time. When a batch fails, its documents are retried one by one and each
one that still fails gets an ``extraction`` row with ``status="failed"`` and the error, so the
queue moves on and the analyst sees why. A new extractor version, or ``retry_failed``, tries
them again. That is done only once the run has shown that the extractor works (some document
succeeded): when everything fails (a bug, a missing model), the error is raised and nothing is
marked, or a broken deployment would mark the whole queue failed.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field, replace
from queue import Empty
from typing import Any

from sqlalchemy import delete, exists, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from crosstally.config import Settings
from crosstally.db import make_sessionmaker
from extract.storage import KnownPersons, store_extractions
from models import Document, Extraction

log = logging.getLogger(__name__)


@dataclass
class PendingStats:
    documents: int = 0
    claims: int = 0
    evidence: int = 0
    persons: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: PendingStats) -> None:
        self.documents += other.documents
        self.claims += other.claims
        self.evidence += other.evidence
        self.persons += other.persons
        self.failed += other.failed
        self.errors.extend(other.errors)


# (documents) -> one JSON-contract dict per document, in order
ExtractFn = Callable[[list[dict[str, Any]]], Iterator[dict[str, Any]]]


FAILED = "failed"
# Documents per transaction. Large enough that spaCy fills its batches and the per-batch
# statements (person lookup, superseding) are shared by many documents; small enough that a
# killed worker loses a few seconds of work.
BATCH_SIZE = 128
POLL_SECONDS = 0.5  # while a crawl runs and nothing is pending
ERROR_CHARS = 2000


def pending_select(
    version: str,
    worker: int = 0,
    workers: int = 1,
    retry_failed: bool = False,
    skip: Collection[int] = (),
):
    """Documents without a marker for ``version`` (or with a failed one, when retrying),
    minus ``skip`` (those that already failed in this run)."""
    marked = exists().where(
        Extraction.document_id == Document.id, Extraction.extractor_version == version
    )
    if retry_failed:
        marked = marked.where(Extraction.status != FAILED)
    query = select(Document).where(~marked).order_by(Document.id)
    if skip:
        query = query.where(Document.id.not_in(list(skip)))
    if workers > 1:
        query = query.where(Document.id % workers == worker)
    return query


def as_input(document: Document) -> dict[str, Any]:
    return {
        "id": str(document.id),
        "text": document.text,
        "lang": document.language,
        "published": document.published_at,
        "url": document.canonical_url,
        "fetched": document.fetched_at.date() if document.fetched_at else None,
    }


def process_pending(
    factory: sessionmaker[Session],
    extract: ExtractFn,
    version: str,
    *,
    batch_size: int = BATCH_SIZE,
    worker: int = 0,
    workers: int = 1,
    skip_locked: bool = False,
    limit: int | None = None,
    progress: Callable[[PendingStats], None] | None = None,
    retry_failed: bool = False,
    while_running: Callable[[], bool] | None = None,
) -> PendingStats:
    """Extract and store every pending document; ``stats.failed`` counts the documents the
    extractor refused (each recorded with its error, see the module docstring).

    ``while_running``: when nothing is pending but it returns true (a crawl is still storing
    documents), wait a moment and look again, so that extraction keeps pace with the crawl
    on another core instead of starting after it."""
    stats = PendingStats()
    name = f"{os.getpid()}/{worker}"
    failed_here: set[int] = set()  # with retry_failed, their old markers would match again
    extractor_works = False
    known = KnownPersons()
    while limit is None or stats.documents + stats.failed < limit:
        done = stats.documents + stats.failed
        size = batch_size if limit is None else min(batch_size, limit - done)
        with factory() as session:
            query = pending_select(
                version,
                0 if skip_locked else worker,
                1 if skip_locked else workers,
                retry_failed=retry_failed,
                skip=failed_here,
            )
            query = query.limit(size)
            if skip_locked:
                query = query.with_for_update(skip_locked=True, of=Document)
            documents = list(session.scalars(query))
            if not documents:
                if while_running is not None and while_running():
                    session.rollback()
                    time.sleep(POLL_SECONDS)
                    continue
                break
            if skip_locked:
                documents = _still_pending(session, documents, version, retry_failed)
                if not documents:
                    continue  # finished by other workers while this one waited for the rows
            outcomes = _extract_each(extract, documents)
            extractor_works = extractor_works or any(
                not isinstance(outcome, Exception) for outcome in outcomes
            )
            if not extractor_works:
                document, error = next(
                    (d, o)
                    for d, o in zip(documents, outcomes, strict=True)
                    if isinstance(o, Exception)
                )
                error.add_note(f"extracting document {document.id}; nothing was marked failed")
                raise error
            extracted: list[tuple[Document, dict[str, Any]]] = []
            for document, outcome in zip(documents, outcomes, strict=True):
                if isinstance(outcome, Exception):
                    _mark_failed(session, document, version, name, outcome)
                    failed_here.add(document.id)
                    stats.failed += 1
                    stats.errors.append(f"document {document.id}: {_describe(outcome)}")
                    log.warning("document %d not extracted: %s", document.id, _describe(outcome))
                    continue
                if retry_failed:
                    _drop_failed_marker(session, document, version)
                extracted.append((document, outcome))
            session.flush()
            stored = store_extractions(session, extracted, version, worker=name, known=known)
            stats.documents += len(extracted)
            stats.claims += stored.claims
            stats.evidence += stored.evidence
            stats.persons += stored.persons
            session.commit()
            known.committed()
        if progress:
            progress(stats)
    return stats


def _still_pending(
    session: Session, documents: list[Document], version: str, retry_failed: bool
) -> list[Document]:
    """Re-check, now that the rows are locked, that no other worker has extracted them.

    ``FOR UPDATE SKIP LOCKED`` judges "pending" on the snapshot taken when the statement
    began; a row whose worker committed after that, and so released it, is then locked and
    returned although its extraction is stored. A new statement sees that commit."""
    ids = [document.id for document in documents]
    query = pending_select(version, retry_failed=retry_failed).where(Document.id.in_(ids))
    pending = set(session.scalars(query.with_only_columns(Document.id)))
    return [document for document in documents if document.id in pending]


def _extract_each(
    extract: ExtractFn, documents: list[Document]
) -> list[dict[str, Any] | Exception]:
    """The batch in one call; if that fails, one document at a time, so that one bad
    document costs only itself. Results are complete before anything is stored."""
    inputs = [as_input(d) for d in documents]
    try:
        return list(extract(inputs))
    except Exception as error:
        if len(inputs) == 1:
            return [error]
    return [_extract_one(extract, item) for item in inputs]


def _extract_one(extract: ExtractFn, item: dict[str, Any]) -> dict[str, Any] | Exception:
    try:
        (result,) = list(extract([item]))
    except Exception as error:
        return error
    return result


def _mark_failed(
    session: Session, document: Document, version: str, worker: str, error: Exception
) -> None:
    marker = session.scalar(
        select(Extraction).where(
            Extraction.document_id == document.id, Extraction.extractor_version == version
        )
    )
    if marker is None:
        marker = Extraction(document_id=document.id, extractor_version=version)
        session.add(marker)
    marker.status, marker.worker = FAILED, worker
    marker.error = _describe(error)[:ERROR_CHARS]


def _drop_failed_marker(session: Session, document: Document, version: str) -> None:
    """A retried document that now succeeds gets the normal marker instead."""
    session.execute(
        delete(Extraction).where(
            Extraction.document_id == document.id,
            Extraction.extractor_version == version,
            Extraction.status == FAILED,
        )
    )


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


# PostgreSQL's deadlock_detected and serialization_failure: the transaction was rolled back
# and may simply be tried again.
TRANSIENT_SQLSTATES = frozenset({"40P01", "40001"})
MAX_RESTARTS = 5


def _worker_main(
    settings: Settings, worker: int, workers: int, batch_size: int, retry_failed: bool, queue
) -> None:
    from extract.runtime import extractor_function, extractor_version

    stats = process_with_restarts(
        make_sessionmaker(settings),
        extractor_function(),
        extractor_version(),
        batch_size=batch_size,
        worker=worker,
        workers=workers,
        skip_locked=settings.database_url.startswith("postgresql"),
        retry_failed=retry_failed,
    )
    queue.put(stats)


def process_with_restarts(
    factory: sessionmaker[Session], *args: Any, **kwargs: Any
) -> PendingStats:
    """:func:`process_pending`, started again after a deadlock.

    Concurrent workers that create the same new persons wait for each other's uncommitted
    inserts, and two can end up waiting for each other: PostgreSQL then rolls one batch back
    (deadlock_detected). Its documents are pending again, so the worker just carries on;
    the batches it had committed are counted from the last progress report."""
    total = PendingStats()
    for restart in range(MAX_RESTARTS + 1):
        committed = PendingStats()

        def keep(stats: PendingStats) -> None:
            nonlocal committed
            committed = replace(stats, errors=list(stats.errors))

        try:
            total.add(process_pending(factory, *args, progress=keep, **kwargs))
            return total
        except DBAPIError as error:
            sqlstate = getattr(error.orig, "sqlstate", None)
            if sqlstate not in TRANSIENT_SQLSTATES or restart == MAX_RESTARTS:
                raise
            total.add(committed)
            log.warning("worker %s: %s; its batch goes back to the queue", os.getpid(), sqlstate)
    return total


def run_workers(
    settings: Settings, workers: int, batch_size: int = BATCH_SIZE, *, retry_failed: bool = False
) -> PendingStats:
    """N processes, each loading the models once; results summed. Nothing pending: no process
    is started (a frequent timer must not load the models for nothing)."""
    from extract.runtime import extractor_version

    factory = make_sessionmaker(settings)
    with factory() as session:
        query = pending_select(extractor_version(), retry_failed=retry_failed)
        idle = session.scalar(query.limit(1)) is None
    factory.kw["bind"].dispose()
    if idle:
        return PendingStats()
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    processes = [
        context.Process(
            target=_worker_main, args=(settings, i, workers, batch_size, retry_failed, queue)
        )
        for i in range(workers)
    ]
    for process in processes:
        process.start()
    total = PendingStats()
    reported = 0
    while reported < len(processes):
        try:
            total.add(queue.get(timeout=1))
            reported += 1
        except Empty:
            if not any(process.is_alive() for process in processes) and queue.empty():
                break
    for process in processes:
        process.join()
        if process.exitcode:
            total.errors.append(f"worker {process.pid} exited with status {process.exitcode}")
    return total
