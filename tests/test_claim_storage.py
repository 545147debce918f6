"""Claims extracted from crawled documents are stored with evidence pointing at archived captures,
and re-extraction by a new extractor version supersedes machine claims but keeps decisions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crawler.archive import verify_capture
from crawler.sample_server import SampleServer, write_sources
from crosstally.config import Settings
from crosstally.db import make_sessionmaker
from extract.pending import process_pending
from extract.runtime import extractor_function, extractor_version
from models import Claim, Document, Evidence, Extraction, ReviewDecision
from tests.crawler.conftest import Workspace

# Builds its databases through Workspace, not a fixture: run it on the PostgreSQL pass too.
pytestmark = pytest.mark.database


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    server = SampleServer()
    server.start()
    try:
        root = tmp_path_factory.mktemp("claims")
        write_sources(server.url, root / "sources")
        workspace = Workspace(data_dir=root / "data", sources_dir=root / "sources")
        workspace.crawl("--delay", "0")
        yield workspace
    finally:
        server.stop()


@pytest.fixture(scope="module")
def extract_fn():
    return extractor_function()


def factory_for(workspace: Workspace):
    settings = Settings(workspace.data_dir, workspace.database_url, workspace.sources_dir)
    return make_sessionmaker(settings)


def test_pending_stores_claims_with_evidence_into_archived_text(crawled: Workspace, extract_fn):
    factory = factory_for(crawled)
    stats = process_pending(factory, extract_fn, extractor_version())
    with factory() as session:
        documents = session.scalar(select(func.count()).select_from(Document))
        assert stats.documents == documents > 0
        claims = list(session.scalars(select(Claim)))
        assert stats.claims == len(claims) > 0
        assert {c.kind for c in claims} == {"count", "arrest"}
        for claim in claims:
            assert claim.evidence, f"claim {claim.id} has no evidence"
            for span in claim.evidence:
                text = claim.document.text
                assert text[span.start : span.end] == span.quote
            assert verify_capture(crawled.data_dir, claim.document.capture)
        values = {c.value for c in claims if c.kind == "count"}
        assert {301, 152, 149} <= values
    again = process_pending(factory, extract_fn, extractor_version())
    assert again.documents == 0


def test_new_extractor_version_supersedes_and_keeps_review_decisions(
    crawled: Workspace, extract_fn
) -> None:
    factory = factory_for(crawled)
    process_pending(factory, extract_fn, extractor_version())
    with factory() as session:
        current = list(session.scalars(select(Claim).where(Claim.superseded.is_(False))))
        reviewed = current[0]
        session.add(
            ReviewDecision(
                review_key=reviewed.review_key,
                claim_id=reviewed.id,
                action="accept",
                reviewer="tester",
            )
        )
        session.commit()
        old_keys = Counter(c.review_key for c in current)
    stats = process_pending(factory, extract_fn, "test-version-2")
    assert stats.documents > 0
    with factory() as session:
        fresh = list(session.scalars(select(Claim).where(Claim.superseded.is_(False))))
        assert {c.extractor_version for c in fresh} == {"test-version-2"}
        assert Counter(c.review_key for c in fresh) == old_keys
        old = session.scalars(select(Claim).where(Claim.extractor_version != "test-version-2"))
        assert all(c.superseded for c in old)
        decision = session.scalar(select(ReviewDecision))
        assert decision.review_key in {c.review_key for c in fresh}
        markers = session.scalar(select(func.count()).select_from(Extraction))
        documents = session.scalar(select(func.count()).select_from(Document))
        assert markers == 2 * documents


def test_evidence_rows_are_unique(crawled: Workspace, extract_fn, tmp_path: Path) -> None:
    factory = factory_for(crawled)
    process_pending(factory, extract_fn, extractor_version())
    with factory() as session:
        rows = session.execute(select(Evidence.claim_id, Evidence.start, Evidence.end)).all()
    assert len(rows) == len(set(rows))
