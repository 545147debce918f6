"""Odd requests get a clear refusal, never a 500: ids, uploads, long fields, dates, places.

Raw HTTP against the running app, as a browser or a script would send them.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

import httpx
import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from crosstally.cli import cli
from models import ReviewDecision
from review.web.app import AppOptions, create_app
from tests.review.conftest import PASSWORD, REVIEWER, reconcile, running
from tests.review.test_app import login, token

HUGE = "99999999999999999999"
JUST_PAST_64_BITS = str(2**63)


@pytest.fixture
def client(live_server):
    with httpx.Client(base_url=live_server, follow_redirects=False, timeout=30) as client:
        yield client


@pytest.fixture
def reviewer(client):
    login(client, REVIEWER)
    return client


def decisions(session) -> int:
    session.rollback()
    return session.scalar(select(func.count(ReviewDecision.id)))


def flash(client: httpx.Client, path: str) -> str:
    """The one-shot message the next page shows, whichever page that is."""
    match = re.search(r'<p class="flash" role="status">([^<]*)</p>', client.get(path).text)
    return match.group(1) if match else ""


@pytest.mark.parametrize("number", [HUGE, JUST_PAST_64_BITS, "0", "-1", "1e3"])
def test_ids_no_row_can_have_are_refused(reviewer, number):
    csrf = token(reviewer, "/persons")
    for path in (f"/claims/{number}", f"/documents/{number}/archive"):
        assert reviewer.get(path).status_code in (400, 404), path
    assert reviewer.get(f"/documents/{number}/archive/raw").status_code in (400, 404)
    accept = {"action": "accept", "csrf_token": csrf}
    assert reviewer.post(f"/claims/{number}/decide", data=accept).status_code in (400, 404)


def test_huge_person_ids_in_forms_are_refused_with_a_message(reviewer, seeded, session):
    csrf = token(reviewer, "/persons")
    for number in (JUST_PAST_64_BITS, "9" * 19):
        merge = {"source_id": number, "target_id": "1", "csrf_token": csrf}
        assert reviewer.post("/persons/merge", data=merge).status_code == 303
        assert "Not merged" in flash(reviewer, "/persons")
    longer = {"source_id": HUGE, "target_id": "1", "csrf_token": csrf}
    assert reviewer.post("/persons/merge", data=longer).status_code == 400
    claim = f"/claims/{seeded['provea'].id}"
    correct = {"action": "correct", "person_id": "9" * 19, "csrf_token": csrf}
    assert reviewer.post(f"{claim}/decide", data=correct).status_code == 303
    assert "Not saved" in flash(reviewer, "/persons")
    assert decisions(session) == 0


def test_file_uploads_in_form_fields_are_refused(client, seeded, session):
    upload = {"name": ("name.txt", b"ana", "text/plain")}
    anonymous = client.post("/login", data={"csrf_token": token(client)}, files=upload)
    assert anonymous.status_code == 400
    login(client, REVIEWER)
    csrf = token(client, "/persons")
    claim = seeded["provea"].id
    for field in ("subject", "note", "csrf_token", "action"):
        data = {"action": "correct", "csrf_token": csrf}
        data.pop(field, None)
        files = {field: ("x.txt", b"=1+1", "text/plain")}
        response = client.post(f"/claims/{claim}/decide", data=data, files=files)
        assert response.status_code == 400, field
    files = {"source_id": ("x.txt", b"1", "text/plain")}
    merge = client.post("/persons/merge", data={"target_id": "2", "csrf_token": csrf}, files=files)
    assert merge.status_code == 400
    assert decisions(session) == 0


def test_a_megabyte_correction_is_refused_and_never_reaches_the_cookie(reviewer, seeded, session):
    claim = seeded["provea"].id
    cookie_before = reviewer.cookies["crosstally_session"]
    csrf = token(reviewer, "/persons")
    for field in ("subject", "attributed_to", "place", "note", "as_of"):
        data = {"action": "correct", field: "x" * 1_000_000, "csrf_token": csrf}
        response = reviewer.post(f"/claims/{claim}/decide", data=data)
        assert response.status_code == 400 and "too long" in response.text, field
        assert "xxxxxxxxxx" not in response.text
        assert "set-cookie" not in response.headers
    assert reviewer.cookies["crosstally_session"] == cookie_before
    assert decisions(session) == 0
    body = b"a" * (3 * 1024 * 1024)
    too_big = reviewer.post(
        f"/claims/{claim}/decide",
        content=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert too_big.status_code == 413


def test_corrections_take_real_dates_and_ascii_digits_only(reviewer, seeded, session):
    claim = f"/claims/{seeded['provea'].id}"
    for field, value in [
        ("as_of", "2025-13-45"),
        ("as_of", "2025-02-30"),
        ("as_of", "0000"),
        ("as_of", "٢٠٢٥"),  # Arabic-Indic digits
        ("as_of", "２０２５-０１"),  # full-width digits
        ("value", "٢٠٢٥"),
        ("value", "1_000"),
        ("value", "+5"),
    ]:
        data = {"action": "correct", field: value, "csrf_token": token(reviewer, "/persons")}
        assert reviewer.post(f"{claim}/decide", data=data).status_code == 303
        assert "Not saved" in flash(reviewer, "/persons"), (field, value)
    assert decisions(session) == 0
    good = {"action": "correct", "as_of": "2024-02-29", "csrf_token": token(reviewer, "/persons")}
    reviewer.post(f"{claim}/decide", data=good)
    assert decisions(session) == 1


@pytest.mark.parametrize("date", ["2025-13-45", "٢٠٢٥", "2024-02-30"])
def test_export_refuses_dates_that_are_not(settings, date):
    args = ["--database-url", settings.database_url, "export", "--since", date]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code != 0 and "real date" in result.output


def test_a_free_text_place_is_percent_encoded_in_links(reviewer, build, session):
    place = "Caracas?x=1#top/../../export"
    # a publisher with no other figure: its figures are placed where they say
    source = build.source("red-de-apoyo", "Red de Apoyo")
    build.claim(build.document(source, "Provea: 12 presos políticos."), 12, place=place)
    reconcile(session)
    session.commit()
    page = reviewer.get("/measures").text
    (href,) = re.findall(r'href="(/measures/[^"]*Caracas[^"]*)"', page)
    assert href == "/measures/political_prisoners%2FCaracas%3Fx%3D1%23top%2F..%2F..%2Fexport"
    measure = reviewer.get(href)
    assert measure.status_code == 200 and f"political_prisoners/{place}" in unquote(measure.text)
    (chart,) = re.findall(r'<img src="([^"]+)"', measure.text)
    assert reviewer.get(chart).headers["content-type"].startswith("image/svg+xml")


def test_a_name_with_mathtext_renders_in_the_chart(reviewer, build, session):
    """Crawled names go into the legend (originators) and the title (places) as written."""
    source = build.source("provea", "Provea")
    elsewhere = build.source("red-de-apoyo", "Red de Apoyo")
    for name, value in [(r"$\foo{$", 12), ("$x$ and $$", 14), ("_hidden", 15)]:
        document = build.document(source, f"{name} cuenta {value} presos políticos.")
        build.claim(document, value, attributed_to=name)
    build.claim(build.document(elsewhere, "Son 16 presos políticos."), 16, place=r"$\bar{$")
    reconcile(session)
    session.commit()
    for key in ("political_prisoners/Venezuela", r"political_prisoners/$\bar{$"):
        chart = reviewer.get(f"/measures/{quote(key, safe='')}/chart.svg")
        assert chart.status_code == 200 and chart.content.startswith(b"<?xml"), key


def test_an_error_answer_never_writes_the_session_cookie(client, seeded):
    """A forged cross-site POST comes without the cookie; a fresh one would log the user out."""
    forged = client.post(f"/claims/{seeded['provea'].id}/decide", data={"action": "accept"})
    assert forged.status_code == 403 and "set-cookie" not in forged.headers
    missing = client.get("/claims/abc")
    assert missing.status_code == 400 and "set-cookie" not in missing.headers


def test_secure_cookies_are_marked_secure(settings, seeded):
    app = create_app(settings, AppOptions(secure_cookies=True))
    with running(app) as base, httpx.Client(base_url=base, timeout=30) as client:
        cookie = client.get("/login").headers["set-cookie"]
    assert cookie.startswith("__Host-crosstally_session=")
    flags = [part.strip().lower() for part in cookie.split(";")]
    assert "secure" in flags and "httponly" in flags and "path=/" in flags


def test_session_cookie_is_not_secure_by_default(client):
    flags = [p.strip().lower() for p in client.get("/login").headers["set-cookie"].split(";")]
    assert "secure" not in flags and "httponly" in flags


@pytest.mark.parametrize(
    "target", ["//evil.example/", "/\\evil.example/", "/\t/evil.example/", "https://evil.example/"]
)
def test_login_never_redirects_off_the_site(client, target):
    data = {"name": REVIEWER, "password": PASSWORD, "csrf_token": token(client), "next": target}
    response = client.post("/login", data=data)
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_login_redirects_to_a_path_of_the_app(client):
    data = {"name": REVIEWER, "password": PASSWORD, "csrf_token": token(client), "next": "/persons"}
    assert client.post("/login", data=data).headers["location"] == "/persons"
