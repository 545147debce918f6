"""Where SQLite and PostgreSQL differ, the application must not: the same input stores the same
rows on both (this module runs on each pass of `make test`).

Found by the PostgreSQL pass: SQLite ignores the length of a VARCHAR, PostgreSQL refuses a
longer string. A crawled page with a run of capitalised words gave a 900-character "person";
on PostgreSQL storing it failed the whole batch and left the document pending for ever.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from sqlalchemy import select

from crosstally import migrate
from crosstally.db import make_engine
from extract.rows import fold
from extract.storage import store_extraction
from models import Capture, Claim, Document, Person, Source

LONG_NAME = " ".join(f"Nombre{n:03d}" for n in range(100))  # 899 characters
LONG_PLACE = "Santa María del " + "Valle " * 60


def _document(session) -> Document:
    session.add(
        Source(id="ngo", name="NGO", kind="ngo", publisher="NGO", role="primary", home_url="h")
    )
    session.flush()
    text = f"Funcionarios detuvieron a {LONG_NAME} en {LONG_PLACE}. Hay 301 presos políticos."
    digest = hashlib.sha256(text.encode()).hexdigest()
    capture = Capture(
        source_id="ngo",
        url="https://ngo.example/1",
        http_status=200,
        fetched_at=datetime(2024, 7, 20, tzinfo=UTC),
        warc_path="warc/x.warc.gz",
        warc_offset=0,
        warc_length=1,
        record_id="<urn:uuid:1>",
        payload_sha256=digest,
    )
    session.add(capture)
    session.flush()
    document = Document(
        source_id="ngo",
        url=capture.url,
        canonical_url=capture.url,
        final_url=capture.url,
        http_status=200,
        fetched_at=capture.fetched_at,
        found_via="feed",
        language="es",
        text=text,
        text_sha256=digest,
        capture_id=capture.id,
    )
    session.add(document)
    session.flush()
    return document


def test_strings_longer_than_their_columns_store_the_same_on_both(database_url: str) -> None:
    from sqlalchemy.orm import Session

    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    with Session(engine) as session:
        document = _document(session)
        start = document.text.index(LONG_NAME)
        count_at = document.text.index("301")
        result = {
            "persons": [{"name": LONG_NAME, "mentions": [[start, start + len(LONG_NAME)]]}],
            "arrests": [
                {
                    "person": LONG_NAME,
                    "place": LONG_PLACE,
                    "date": None,
                    "quote": "detuvieron",
                    "start": 13,
                    "end": 23,
                }
            ],
            "counts": [
                {
                    "value": 301,
                    "subject": "presos políticos",
                    "place": LONG_PLACE,
                    "quote": "301",
                    "start": count_at,
                    "end": count_at + 3,
                }
            ],
        }
        store_extraction(session, document, result, "test-1")
        session.commit()
        (person,) = session.scalars(select(Person))
        assert person.name == LONG_NAME[:300] and person.key == fold(LONG_NAME[:300])
        places = {claim.kind: claim.place for claim in session.scalars(select(Claim))}
        assert places == {"arrest": LONG_PLACE[:200], "count": LONG_PLACE[:200]}
    engine.dispose()


def test_captures_past_two_gibibytes_of_warc_store_on_both(database_url: str) -> None:
    """A long crawl's WARC file passes 2 GiB; PostgreSQL's INTEGER stopped there (0002)."""
    from sqlalchemy.orm import Session

    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    far, long = 5 * 2**30 + 17, 3 * 2**30
    with Session(engine) as session:
        document = _document(session)
        document.capture.warc_offset, document.capture.warc_length = far, long
        session.commit()
        session.expire_all()
        capture = session.scalar(select(Capture))
        assert capture is not None and (capture.warc_offset, capture.warc_length) == (far, long)
    engine.dispose()


def test_the_offsets_migration_keeps_stored_captures_and_their_documents(
    database_url: str,
) -> None:
    """0001 -> 0002 rebuilds the capture table on SQLite while documents refer to it."""
    from sqlalchemy.orm import Session

    migrate.upgrade(database_url, "0001")
    engine = make_engine(database_url)
    with Session(engine) as session:
        document = _document(session)
        session.commit()
        ids = (document.id, document.capture_id)
    migrate.upgrade(database_url)
    with Session(engine) as session:
        document = session.scalar(select(Document))
        assert document is not None and (document.id, document.capture_id) == ids
        assert document.capture.payload_sha256 == document.text_sha256
    migrate.downgrade(database_url, "0001")
    engine.dispose()
