"""`extract --pending`: process stored documents not yet seen by the current extractor version.

Documents are taken in small batches; each batch's claims are committed in one transaction with
their `extraction` markers, so a killed worker loses at most its batch and never stores half of a
document. On PostgreSQL, concurrent workers take batches with ``FOR UPDATE SKIP LOCKED``; on
SQLite (one writer at a time) workers split documents by id modulo the worker count.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from queue import Empty
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, sessionmaker

from crosstally.config import Settings
from crosstally.db import make_sessionmaker
from extract.storage import store_extraction
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


def pending_select(version: str, worker: int = 0, workers: int = 1):
    done = exists().where(
        Extraction.document_id == Document.id, Extraction.extractor_version == version
    )
    query = select(Document).where(~done).order_by(Document.id)
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
    batch_size: int = 16,
    worker: int = 0,
    workers: int = 1,
    skip_locked: bool = False,
    limit: int | None = None,
    progress: Callable[[PendingStats], None] | None = None,
) -> PendingStats:
    stats = PendingStats()
    name = f"{os.getpid()}/{worker}"
    while limit is None or stats.documents < limit:
        size = batch_size if limit is None else min(batch_size, limit - stats.documents)
        with factory() as session:
            query = pending_select(
                version, 0 if skip_locked else worker, 1 if skip_locked else workers
            )
            query = query.limit(size)
            if skip_locked:
                query = query.with_for_update(skip_locked=True, of=Document)
            documents = list(session.scalars(query))
            if not documents:
                break
            results = extract([as_input(d) for d in documents])
            for document, result in zip(documents, results, strict=True):
                stored = store_extraction(session, document, result, version, worker=name)
                stats.documents += 1
                stats.claims += stored.claims
                stats.evidence += stored.evidence
                stats.persons += stored.persons
            session.commit()
        if progress:
            progress(stats)
    return stats


def _worker_main(settings: Settings, worker: int, workers: int, batch_size: int, queue) -> None:
    from extract.runtime import extractor_function, extractor_version

    factory = make_sessionmaker(settings)
    skip_locked = settings.database_url.startswith("postgresql")
    stats = process_pending(
        factory,
        extractor_function(),
        extractor_version(),
        batch_size=batch_size,
        worker=worker,
        workers=workers,
        skip_locked=skip_locked,
    )
    queue.put(stats)


def run_workers(settings: Settings, workers: int, batch_size: int = 16) -> PendingStats:
    """N processes, each loading the models once; results summed."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    processes = [
        context.Process(target=_worker_main, args=(settings, i, workers, batch_size, queue))
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
