"""Parallel extraction workers process every pending document exactly once.

On PostgreSQL, four worker processes take documents with ``SELECT ... FOR UPDATE SKIP LOCKED``
from one queue; on SQLite they split the documents by id modulo four. Both run the real
extractor (a monkeypatch cannot reach another process); documents are short, so its cost is
mostly loading spaCy once per worker.

The documents name the same few people in varying order, so workers create the same persons
at the same moment: PostgreSQL then makes one transaction wait for another's uncommitted
insert, and two of them can wait for each other (a deadlock, which the workers must survive).
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crosstally import migrate
from crosstally.config import Settings
from crosstally.db import make_sessionmaker, session_scope
from extract.pending import PendingStats, process_pending, run_workers
from models import Capture, Claim, Document, Evidence, Extraction, Person, Source
from tests.crawler.conftest import REPO_ROOT

WORKERS = 4
DOCUMENTS = 96
NAMES = (
    "Rosa Elena Marcano",
    "Pedro Luis Gómez",
    "Ana Karina Rivas",
    "José Gregorio Pérez",
    "Luisa Fernanda Mora",
    "Carlos Eduardo Silva",
)


def _text(n: int) -> str:
    first, second = NAMES[n % len(NAMES)], NAMES[(5 * n + 1) % len(NAMES)]
    return (
        f"Funcionarios detuvieron a {first} y a {second} en Valencia el 3 de julio de 2024. "
        f"Foro Penal contabiliza {100 + n} presos políticos en Venezuela."
    )


def _seed(settings: Settings) -> None:
    migrate.upgrade(settings.database_url)
    fetched = datetime(2024, 7, 20, 12, 0, tzinfo=UTC)
    with session_scope(make_sessionmaker(settings)) as session:
        session.add(
            Source(
                id="sample-ngo",
                name="Sample NGO",
                kind="ngo",
                publisher="Sample NGO",
                role="primary",
                home_url="https://ngo.example/",
            )
        )
        session.flush()  # capture has no relationship to source to order the inserts by
        for n in range(DOCUMENTS):
            url, text = f"https://ngo.example/{n}", _text(n)
            digest = hashlib.sha256(text.encode()).hexdigest()
            capture = Capture(
                source_id="sample-ngo",
                url=url,
                http_status=200,
                fetched_at=fetched,
                warc_path="warc/test.warc.gz",
                warc_offset=n * 1000,
                warc_length=900,
                record_id=f"<urn:uuid:{n:08d}>",
                payload_sha256=digest,
            )
            session.add(capture)
            session.flush()
            session.add(
                Document(
                    source_id="sample-ngo",
                    url=url,
                    canonical_url=url,
                    final_url=url,
                    http_status=200,
                    fetched_at=fetched,
                    published_at="2024-07-17",
                    found_via="feed",
                    language="es",
                    text=text,
                    text_sha256=digest,
                    capture_id=capture.id,
                )
            )


@pytest.fixture(params=["postgres_url", "sqlite_url"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Pinned dialects: the PostgreSQL case is the point, the SQLite case the fallback."""
    url = request.getfixturevalue(request.param)
    settings = Settings(tmp_path / "data", url, REPO_ROOT / "sources")
    _seed(settings)
    return settings


def test_every_document_is_extracted_once_by_one_of_the_workers(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    stats: PendingStats = run_workers(settings, WORKERS, batch_size=2)
    assert stats.errors == [] and stats.failed == 0, stats.errors
    assert stats.documents == DOCUMENTS
    factory = make_sessionmaker(settings)
    with factory() as session:
        markers = list(session.scalars(select(Extraction)))
        assert Counter(m.document_id for m in markers) == Counter(
            session.scalars(select(Document.id))
        )  # one marker per document
        assert len({m.extractor_version for m in markers}) == 1
        assert {m.status for m in markers} == {"done"}
        taken = Counter(m.worker.split("/")[1] for m in markers)
        assert sorted(taken) == [str(i) for i in range(WORKERS)], taken  # everyone took some
        if settings.database_url.startswith("sqlite"):
            assert set(taken.values()) == {DOCUMENTS // WORKERS}  # the id modulo split

        counts = list(session.scalars(select(Claim).where(Claim.kind == "count")))
        assert sorted(c.value for c in counts) == [100 + n for n in range(DOCUMENTS)]
        arrests = Counter(
            session.execute(select(Claim.document_id).where(Claim.kind == "arrest")).scalars()
        )
        assert set(arrests.values()) == {2}, arrests  # two people per document, once each
        assert sorted(session.scalars(select(Person.name))) == sorted(NAMES)
        spans = session.execute(select(Evidence.claim_id, Evidence.start, Evidence.end)).all()
        assert len(spans) == len(set(spans)) == stats.evidence
        assert session.scalar(select(func.count()).select_from(Claim)) == stats.claims

    def nothing_may_be_left(documents: list) -> Iterator[dict]:
        raise AssertionError(f"still pending: {[d['id'] for d in documents]}")

    version = markers[0].extractor_version
    assert process_pending(factory, nothing_may_be_left, version).documents == 0
    factory.kw["bind"].dispose()

    def no_processes(method: str) -> None:
        raise AssertionError("nothing is pending: no worker process may be started")

    monkeypatch.setattr(multiprocessing, "get_context", no_processes)
    assert run_workers(settings, WORKERS) == PendingStats()
