"""Fixtures for the review package: a migrated SQLite file and a builder of rows.

Documents and claims normally come from the crawler and the extractor; these tests insert them
directly through the models so the reconciler, review app and exporters are tested alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from crosstally.config import Settings
from crosstally.db import make_sessionmaker
from models import Capture, Claim, Document, Evidence, Person, Source
from tests.crawler.conftest import REPO_ROOT

FETCHED = datetime(2024, 7, 20, 12, 0, tzinfo=UTC)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class Builder:
    """Adds sources, documents (with a capture), persons and claims (with evidence)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._n = 0

    def source(self, id: str, publisher: str, role: str = "primary", kind: str = "ngo") -> Source:
        source = self.session.get(Source, id)
        if source is None:
            source = Source(
                id=id,
                name=publisher,
                kind=kind,
                publisher=publisher,
                role=role,
                home_url=f"https://{id}.example/",
            )
            self.session.add(source)
            self.session.flush()
        return source

    def document(
        self,
        source: Source,
        text: str,
        published_at: str | None = "2024-07-17",
        title: str = "Balance",
        url: str | None = None,
    ) -> Document:
        self._n += 1
        url = url or f"https://{source.id}.example/article-{self._n}"
        capture = Capture(
            source_id=source.id,
            url=url,
            http_status=200,
            content_type="text/html",
            fetched_at=FETCHED,
            warc_path="warc/test.warc.gz",
            warc_offset=self._n * 1000,
            warc_length=900,
            record_id=f"<urn:uuid:{self._n:08d}>",
            payload_sha256=_sha(f"payload {self._n} {text}"),
        )
        self.session.add(capture)
        self.session.flush()
        document = Document(
            source_id=source.id,
            url=url,
            canonical_url=url,
            final_url=url,
            http_status=200,
            fetched_at=FETCHED,
            published_at=published_at,
            found_via="feed",
            title=title,
            language="es",
            text=text,
            text_sha256=_sha(text),
            capture_id=capture.id,
        )
        self.session.add(document)
        self.session.flush()
        return document

    def person(self, name: str) -> Person:
        person = Person(name=name, key=name.casefold())
        self.session.add(person)
        self.session.flush()
        return person

    def claim(
        self,
        document: Document,
        value: int | None,
        subject: str | None = "presos políticos",
        quote: str | None = None,
        qualifier: str | None = "exact",
        place: str | None = "Venezuela",
        as_of: str | None = None,
        attributed_to: str | None = None,
        part_of: Claim | None = None,
        extra: dict | None = None,
        kind: str = "count",
        person: Person | None = None,
        version: str = "test-1",
        occurrence: int = 0,
    ) -> Claim:
        quote = quote or str(value)
        extra = dict(extra or {})
        if kind == "count" and as_of is None and document.published_at:
            # the extractor dates a figure whose text gives no date by its document
            as_of = document.published_at
            extra.setdefault("as_of_source", "published")
        start = -1
        for _ in range(occurrence + 1):
            start = document.text.index(quote, start + 1)
        key = _sha(f"{document.canonical_url}|{kind}|{value}|{subject}|{person and person.key}")
        claim = Claim(
            kind=kind,
            document_id=document.id,
            review_key=key[:40],
            extractor_version=version,
            value=value,
            qualifier=qualifier if kind == "count" else None,
            subject=subject,
            place=place,
            as_of=as_of,
            attributed_to=attributed_to,
            part_of_id=part_of.id if part_of else None,
            extra=extra,
            person_id=person.id if person else None,
            event_date=as_of if kind == "arrest" else None,
        )
        self.session.add(claim)
        self.session.flush()
        self.session.add(
            Evidence(
                claim_id=claim.id,
                document_id=document.id,
                start=start,
                end=start + len(quote),
                quote=quote,
                extractor_version=version,
            )
        )
        self.session.flush()
        return claim


@pytest.fixture
def settings(tmp_path: Path, new_database_url) -> Settings:
    """A migrated database of the backend under test (SQLite, or PostgreSQL on that pass)."""
    url = new_database_url(tmp_path, migrated=True)
    return Settings(data_dir=tmp_path / "data", database_url=url, sources_dir=REPO_ROOT / "sources")


@pytest.fixture
def session(settings: Settings):
    factory = make_sessionmaker(settings)
    with factory() as session:
        yield session
    factory.kw["bind"].dispose()


@pytest.fixture
def build(session: Session) -> Builder:
    return Builder(session)


HOSTILE_TEXT = (
    "Comunicado <script>alert(1)</script> con <img src=x onerror=alert(1)> y "
    '<a href="javascript:alert(1)">enlace</a>: Foro Penal contabiliza 301 presos políticos.'
)
REVIEWER, VIEWER, PASSWORD = "ana", "vera", "a long enough password"


@pytest.fixture
def seeded(build: Builder, session: Session) -> dict[str, Claim]:
    """A conflict (301 vs 290), a hostile document, and accounts for both roles; reconciled."""
    from review.web.accounts import add_user

    fp = build.source("foro-penal", "Foro Penal")
    provea = build.source("provea", "Provea")
    hostile = build.document(
        fp, HOSTILE_TEXT, title="<script>alert('title')</script>", url="javascript:alert(1)"
    )
    claims = {
        "hostile": build.claim(hostile, 301, quote="301 presos políticos"),
        "provea": build.claim(
            build.document(provea, "Provea registra 290 presos políticos en el país."),
            290,
            quote="290 presos políticos",
        ),
    }
    add_user(session, REVIEWER, "reviewer", PASSWORD)
    add_user(session, VIEWER, "viewer", PASSWORD)
    reconcile(session)
    session.commit()
    return claims


def reconcile(session: Session) -> None:
    """A full reconcile into the derived tables, as ``crosstally reconcile`` runs it."""
    from review.reconcile.refresh import full_run

    full_run(session, link_duplicates=False)
    session.flush()


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium(path: Path = CHROMIUM) -> None:
    """Skip locally when the system Chromium is missing; under CI that is a failure."""
    import os

    if path.exists():
        return
    message = f"{path} is missing"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (required when CI is set)")
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser():
    """The system Chromium, launched once per test module."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextmanager
def running(app, proxy_headers: bool = False) -> Iterator[str]:
    """``app`` under uvicorn in a thread, on a free port of 127.0.0.1; yields its base URL.

    Proxy headers are off unless asked for, as ``crosstally review`` runs it.
    """
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
        proxy_headers=proxy_headers,
        forwarded_allow_ips="127.0.0.1",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def live_server(settings: Settings, seeded):
    """The real app under uvicorn in a thread, on a free port of 127.0.0.1."""
    from review.web.app import create_app

    with running(create_app(settings)) as base:
        yield base
