"""Storing a batch of extractions at once must give what storing them one by one gave:
breakdowns linked to their totals, one person row per spelling family, only the newest page
version current, nothing remembered from a batch that rolled back. Runs on both databases."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from crosstally.db import make_engine
from extract.rows import fold
from extract.storage import KnownPersons, allocate_ids, store_extraction, store_extractions
from models import Capture, Claim, Document, Evidence, Extraction, Person, PersonMention, Source

pytestmark = pytest.mark.database

BODY = (
    "Hay 301 presos políticos: 152 militares y 149 civiles. "
    "Funcionarios detuvieron a José Pérez en Caracas. Jose Perez sigue detenido."
)


@pytest.fixture
def engine(migrated_database_url: str) -> Iterator[Engine]:
    engine = make_engine(migrated_database_url)
    with Session(engine) as session:
        session.add(
            Source(id="ngo", name="NGO", kind="ngo", publisher="NGO", role="primary", home_url="h")
        )
        session.commit()
    yield engine
    engine.dispose()


def _document(session: Session, url: str, version: int = 1, body: str = BODY) -> Document:
    digest = hashlib.sha256(f"{url}{version}{body}".encode()).hexdigest()
    capture = Capture(
        source_id="ngo",
        url=url,
        http_status=200,
        fetched_at=datetime(2024, 7, 20, tzinfo=UTC),
        warc_path="warc/x.warc.gz",
        warc_offset=int(digest[:6], 16),  # distinct records
        warc_length=1,
        record_id=f"<urn:uuid:{digest[:12]}>",
        payload_sha256=digest,
    )
    session.add(capture)
    session.flush()
    document = Document(
        source_id="ngo",
        url=url,
        canonical_url=url,
        final_url=url,
        http_status=200,
        fetched_at=capture.fetched_at,
        found_via="feed",
        language="es",
        text=body,
        text_sha256=digest,
        capture_id=capture.id,
        version=version,
    )
    session.add(document)
    session.flush()
    return document


def _span(needle: str, body: str = BODY) -> tuple[int, int]:
    start = body.index(needle)
    return start, start + len(needle)


def _result(body: str = BODY) -> dict:
    """Parts listed before their total, a repeated figure, and one person spelt two ways."""
    total, military, civil = _span("301", body), _span("152", body), _span("149", body)
    arrest, jose = _span("detuvieron", body), _span("José Pérez", body)
    jose2 = _span("Jose Perez", body)
    return {
        "persons": [
            {"name": "José Pérez", "mentions": [list(jose)]},
            {"name": "Jose Perez", "mentions": [list(jose2)]},
        ],
        "counts": [
            {
                "value": 152,
                "subject": "militares",
                "part_of": 2,
                "start": military[0],
                "end": military[1],
            },
            {"value": 149, "subject": "civiles", "part_of": 2, "start": civil[0], "end": civil[1]},
            {
                "value": 301,
                "subject": "presos políticos",
                "start": total[0],
                "end": total[1],
                "spans": [list(total), list(total)],
                "attributed_to": "NGO",
                "note": "kept",
            },
        ],
        "arrests": [
            {"person": "José Pérez", "place": "Caracas", "start": arrest[0], "end": arrest[1]},
            {"person": "Jose Perez", "status": "detenido", "start": jose2[0], "end": jose2[1]},
        ],
    }


def test_a_batch_links_breakdowns_to_totals_listed_after_them(engine: Engine) -> None:
    with Session(engine) as session:
        documents = [_document(session, f"https://ngo.example/{n}") for n in range(3)]
        stats = store_extractions(session, [(d, _result()) for d in documents], "v1", "w")
        session.commit()
        assert (stats.claims, stats.evidence) == (12, 15)  # 4 claims, 5 spans per document
        for document in documents:
            claims = {
                c.value or c.kind: c
                for c in session.scalars(select(Claim).where(Claim.document_id == document.id))
            }
            assert claims[152].part_of_id == claims[149].part_of_id == claims[301].id
            assert claims[301].part_of_id is None
            assert claims[301].extra == {"note": "kept"}
            assert [(e.start, e.end) for e in claims[301].evidence] == [_span("301")]
            # Both spellings are one person, so one arrest claim with both spans.
            arrest = claims["arrest"]
            assert arrest.place == "Caracas" and arrest.status is None
            assert len(arrest.evidence) == 2
            for evidence in arrest.evidence:
                assert BODY[evidence.start : evidence.end] == evidence.quote
        persons = session.scalars(select(Person)).all()
        assert [(p.name, p.key) for p in persons] == [("José Pérez", fold("José Pérez"))]
        mentions = session.scalars(select(PersonMention)).all()
        assert len(mentions) == 6 and {m.person_id for m in mentions} == {persons[0].id}
        markers = session.scalars(select(Extraction)).all()
        assert sorted(m.document_id for m in markers) == sorted(d.id for d in documents)
        assert {(m.status, m.worker) for m in markers} == {("done", "w")}


def test_only_the_newest_version_in_a_batch_stays_current(engine: Engine) -> None:
    url = "https://ngo.example/updated"
    with Session(engine) as session:
        first = _document(session, url)
        store_extraction(session, first, _result(), "v1")
        session.commit()
        second = _document(session, url, version=2, body=BODY + " Actualizado.")
        third = _document(session, url, version=3, body=BODY + " Otra vez.")
        other = _document(session, "https://ngo.example/other")
        items = [(second, _result()), (third, _result()), (other, _result())]  # older first
        store_extractions(session, items, "v2")
        session.commit()
        current = session.scalars(select(Claim.document_id).where(Claim.superseded.is_(False)))
        assert sorted(set(current)) == sorted({third.id, other.id})
        superseded = session.scalars(select(Claim.document_id).where(Claim.superseded))
        assert sorted(set(superseded)) == sorted({first.id, second.id})


def test_person_ids_are_remembered_only_once_committed(engine: Engine) -> None:
    known = KnownPersons()
    with Session(engine) as session:
        document = _document(session, "https://ngo.example/rolled-back")
        session.commit()
        store_extractions(session, [(document, _result())], "v1", known=known)
        session.rollback()  # the person row it inserted is gone: its id must not be reused
        assert known.get(fold("José Pérez")) is None
        store_extractions(session, [(document, _result())], "v1", known=known)
        session.commit()
        known.committed()
        (person,) = session.scalars(select(Person)).all()
        assert known.get(person.key) == person.id
        later = _document(session, "https://ngo.example/later")
        store_extractions(session, [(later, _result())], "v1", known=known)
        session.commit()
        assert len(session.scalars(select(Person)).all()) == 1
        claim = session.scalar(
            select(Claim).where(Claim.document_id == later.id, Claim.kind == "arrest")
        )
        assert claim is not None and claim.person_id == person.id


def test_an_empty_batch_and_an_empty_result_store_only_markers(engine: Engine) -> None:
    with Session(engine) as session:
        assert store_extractions(session, [], "v1").claims == 0
        document = _document(session, "https://ngo.example/empty")
        stats = store_extractions(session, [(document, {"counts": [], "persons": []})], "v1")
        session.commit()
        assert (stats.claims, stats.evidence, stats.persons) == (0, 0, 0)
        assert session.scalar(select(Extraction.document_id)) == document.id
        assert session.scalars(select(Evidence)).all() == []


def test_sqlite_ids_are_allocated_only_inside_a_write_transaction(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:
            first, second = allocate_ids(connection, Claim.__table__, 2)
            assert second == first + 1
        return
    with (
        engine.connect() as connection,
        pytest.raises(RuntimeError, match="outside a write transaction"),
    ):
        allocate_ids(connection, Claim.__table__, 1)


def test_superseding_uses_the_document_index_not_every_current_claim(engine: Engine) -> None:
    """A regression: "superseded = false" made SQLite scan ix_claim_current, i.e. every
    current claim in the archive, once per stored batch."""
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL plans from statistics; the plan checked is SQLite's")
    from extract.storage import SUPERSEDE

    seen: list[tuple[str, object]] = []

    def keep(_conn, _cursor, statement, parameters, _context, _many) -> None:
        seen.append((statement, parameters))

    with engine.connect() as connection:
        event.listen(connection, "before_cursor_execute", keep)
        connection.execute(SUPERSEDE, {"kept": [1, 2], "version": "v"})
        event.remove(connection, "before_cursor_execute", keep)
        ((sql, parameters),) = seen
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", parameters).all()
        details = " | ".join(row[-1] for row in plan)
        assert "ix_claim_current" not in details, details
        assert "SEARCH claim USING INDEX ix_claim_document_id" in details, details


def test_pending_extraction_waits_for_documents_while_a_crawl_runs(engine: Engine) -> None:
    """`crosstally run` extracts while its crawl stores: with nothing pending yet, the queue
    looks again as long as the crawl runs, and stops once it has ended and all is done."""
    from sqlalchemy.orm import sessionmaker

    from extract import pending

    factory = sessionmaker(engine, expire_on_commit=False)
    polls: list[int] = []

    def crawl_running() -> bool:  # the "crawl" stores one page on each of its first 2 polls
        polls.append(len(polls))
        if len(polls) <= 2:
            with factory() as session:
                _document(session, f"https://ngo.example/arrived-{len(polls)}")
                session.commit()
            return True
        return False

    def extract(documents: list[dict]) -> Iterator[dict]:
        return iter([{"counts": [], "persons": []} for _ in documents])

    original, pending.POLL_SECONDS = pending.POLL_SECONDS, 0.01
    try:
        stats = pending.process_pending(factory, extract, "v1", while_running=crawl_running)
    finally:
        pending.POLL_SECONDS = original
    assert stats.documents == 2
    assert len(polls) == 3  # found nothing three times; the third time the crawl had ended
    with factory() as session:
        assert len(session.scalars(select(Extraction)).all()) == 2
