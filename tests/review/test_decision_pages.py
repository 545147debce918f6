"""After a decision in the running app, every page and export says what a full reconcile
would, without one: the claim page, the queue, the measure page and its chart, the downloads
and ``crosstally export``; and the derived tables equal a full run's."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pytest
from click.testing import CliRunner

from crosstally.cli import cli
from review.web.accounts import add_user
from tests.review.archive import build_archive
from tests.review.conftest import PASSWORD, REVIEWER, reconcile
from tests.review.tables import derived_tables
from tests.review.test_app import login, token

MEASURE = "/measures/political_prisoners/Venezuela"


@pytest.fixture
def archive(build, session):
    claims = build_archive(build)
    add_user(session, REVIEWER, "reviewer", PASSWORD)
    reconcile(session)
    session.commit()
    return claims


@pytest.fixture
def app(settings, archive):
    from review.web.app import create_app
    from tests.review.conftest import running

    with (
        running(create_app(settings)) as base,
        httpx.Client(base_url=base, follow_redirects=False, timeout=30) as client,
    ):
        login(client, REVIEWER)
        yield client


def correct(client: httpx.Client, claim_id: int, value: str) -> None:
    data = {"action": "correct", "value": value, "csrf_token": token(client, f"/claims/{claim_id}")}
    assert client.post(f"/claims/{claim_id}/decide", data=data).status_code == 303


def exported(settings) -> dict[int, dict]:
    args = ["--database-url", settings.database_url, "--data-dir", str(settings.data_dir)]
    result = CliRunner().invoke(cli, [*args, "export", "--format", "json", "--all"])
    assert result.exit_code == 0, result.output
    return {row["claim_id"]: row for row in json.loads(result.stdout)}


def downloaded(client: httpx.Client) -> dict[int, dict]:
    body = client.get("/export/claims.csv?all=1").text
    return {int(r["claim_id"]): r for r in csv.DictReader(io.StringIO(body))}


def test_a_conflict_a_correction_makes_shows_everywhere(app, archive, settings, session):
    provea, total = archive["provea"].id, archive["total"].id
    chart_before = app.get(f"{MEASURE}/chart.svg").content
    assert "status-conflict" not in app.get("/").text

    correct(app, provea, "290")

    page = app.get(f"/claims/{provea}").text
    assert 'class="status status-conflict"' in page
    assert "Foro Penal and Provea give 301 and 290 for the same measure, place and date" in page
    assert app.get("/").text.count('class="status status-conflict"') == 2  # 290 and 301
    measure = app.get(MEASURE).text
    assert "Foro Penal: 301; Provea: 290" in measure and "status-conflict" in measure
    assert app.get(f"{MEASURE}/chart.svg").content != chart_before
    for rows in (downloaded(app), exported(settings)):
        assert str(rows[provea]["value"]) == "290"
        assert rows[provea]["reconcile_status"] == rows[total]["reconcile_status"] == "conflict"
        assert rows[provea]["why"].startswith("Foro Penal and Provea give 301 and 290")
    session.rollback()
    refreshed = derived_tables(session)
    reconcile(session)
    assert derived_tables(session) == refreshed


def test_a_conflict_a_correction_resolves_leaves_every_page(app, archive, settings, session):
    provea = archive["provea"].id
    correct(app, provea, "290")
    assert "status-conflict" in app.get("/").text

    correct(app, provea, "301")

    assert "status-conflict" not in app.get("/").text
    assert "status-conflict" not in app.get(f"/claims/{provea}").text
    measure = app.get(MEASURE).text
    assert "Provea: 301, [301, ∞]" in measure and 'class="status status-agree"' in measure
    for rows in (downloaded(app), exported(settings)):
        assert rows[provea]["reconcile_status"] == "ok" and not rows[provea]["why"]
    session.rollback()
    refreshed = derived_tables(session)
    reconcile(session)
    assert derived_tables(session) == refreshed
