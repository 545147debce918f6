"""Reconciliation, review and export also run on PostgreSQL (the production database)."""

from __future__ import annotations

import pytest

from crosstally.config import Settings
from crosstally.db import make_sessionmaker
from crosstally.migrate import upgrade
from review.decisions import record
from review.exporters import get_exporter
from review.exporters.rows import export_rows
from review.reconcile import reconcile
from tests.crawler.conftest import REPO_ROOT
from tests.review.conftest import Builder

pytestmark = pytest.mark.postgres


def test_reconcile_review_export_on_postgres(postgres_url, tmp_path):
    upgrade(postgres_url)
    settings = Settings(data_dir=tmp_path, database_url=postgres_url, sources_dir=REPO_ROOT)
    factory = make_sessionmaker(settings)
    with factory() as session:
        build = Builder(session)
        fp = build.source("foro-penal", "Foro Penal")
        provea = build.source("provea", "Provea")
        total = build.claim(
            build.document(fp, "Hay 301 presos políticos: 27 militares."),
            301,
            quote="301 presos políticos",
        )
        build.claim(total.document, 27, "militares", quote="27 militares", part_of=total)
        other = build.claim(build.document(provea, "Son 290 presos políticos."), 290)
        result = reconcile(session)
        assert [r.status for r in result.rows if r.breakdown is None] == ["conflict"]
        record(session, other, "correct", "ana", {"value": 301})
        record(session, total, "accept", "ana")
        session.commit()
        agreement = [c for c in reconcile(session).checks if c.kind == "agreement"]
        assert {c.breakdown: c.status for c in agreement} == {None: "agree", "military": "ok"}
        rows = export_rows(session)
        assert [r["value"] for r in rows] == [301, 301]
        assert get_exporter("csv").render(rows) == get_exporter("csv").render(export_rows(session))
    factory.kw["bind"].dispose()
