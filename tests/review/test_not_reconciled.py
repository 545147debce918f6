"""A database whose count claims were never reconciled says so, on every page and export,
instead of showing claims without measures as if nothing were flagged."""

from __future__ import annotations

import httpx
import pytest
from click.testing import CliRunner

from crosstally.cli import cli
from review.reconcile.read import NEVER_RAN
from review.web.accounts import add_user
from tests.review.archive import build_archive
from tests.review.conftest import PASSWORD, REVIEWER, reconcile, running
from tests.review.test_app import login


@pytest.fixture
def claims(build, session):
    found = build_archive(build)
    add_user(session, REVIEWER, "reviewer", PASSWORD)
    session.commit()
    return found


def export(settings, *args):
    base = ["--database-url", settings.database_url, "--data-dir", str(settings.data_dir)]
    return CliRunner().invoke(cli, [*base, "export", *args])


def test_export_refuses_until_reconcile_has_run(settings, claims, session):
    refused = export(settings, "--format", "json", "--all")
    assert refused.exit_code == 2
    assert refused.output.strip() == f"error: {NEVER_RAN}"
    reconcile(session)
    session.commit()
    assert export(settings, "--format", "json", "--all").exit_code == 0


def test_pages_say_so_and_downloads_are_refused(settings, claims):
    from review.web.app import create_app

    with (
        running(create_app(settings)) as base,
        httpx.Client(base_url=base, timeout=30) as client,
    ):
        login(client, REVIEWER)
        for path in ("/", "/measures", "/export"):
            page = client.get(path)
            assert page.status_code == 200 and f"Not reconciled: {NEVER_RAN}" in page.text, path
        claim = client.get(f"/claims/{claims['provea'].id}").text
        assert f"not reconciled: {NEVER_RAN}" in claim
        download = client.get("/export/claims.csv?all=1")
        assert download.status_code == 409 and NEVER_RAN in download.text


def test_a_claim_extracted_after_the_last_run_says_it_waits(settings, build, session, claims):
    reconcile(session)
    source = build.source("provea", "Provea")
    late = build.claim(build.document(source, "Provea: 305 presos políticos."), 305)
    session.commit()
    rows = export(settings, "--format", "json", "--all")
    assert rows.exit_code == 0
    assert "1 count claim(s) extracted since the last reconcile have no measure" in rows.stderr
    from review.web.app import create_app

    with (
        running(create_app(settings)) as base,
        httpx.Client(base_url=base, timeout=30) as client,
    ):
        login(client, REVIEWER)
        assert "Not reconciled" not in client.get("/").text
        page = client.get(f"/claims/{late.id}").text
        assert "extracted since the last reconciliation" in page
