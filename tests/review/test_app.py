"""The review app over real HTTP (uvicorn + httpx): auth, CSRF, roles, headers, escaping."""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import func, select

from models import ReviewDecision
from tests.review.conftest import PASSWORD, REVIEWER, VIEWER

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def client(live_server):
    with httpx.Client(base_url=live_server, follow_redirects=False, timeout=30) as client:
        yield client


def token(client: httpx.Client, path: str = "/login") -> str:
    return TOKEN.search(client.get(path).text).group(1)


def login(client: httpx.Client, name: str) -> None:
    response = client.post(
        "/login", data={"name": name, "password": PASSWORD, "csrf_token": token(client)}
    )
    assert response.status_code == 303, response.text


def decisions(session) -> int:
    session.rollback()  # end the read snapshot: the server wrote through its own connection
    return session.scalar(select(func.count(ReviewDecision.id)))


def test_anonymous_sees_the_login_page(client):
    response = client.get("/claims/1")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")
    page = client.get(response.headers["location"])
    assert page.status_code == 200 and "Log in" in page.text
    for path in ("/measures", "/export/claims.csv", "/documents/1/archive/raw", "/"):
        assert client.get(path).status_code == 303


def test_wrong_password_is_refused(client):
    response = client.post(
        "/login", data={"name": REVIEWER, "password": "nope", "csrf_token": token(client)}
    )
    assert response.status_code == 401


def test_login_without_csrf_token_is_refused(client):
    client.get("/login")
    response = client.post("/login", data={"name": REVIEWER, "password": PASSWORD})
    assert response.status_code == 403


def test_post_without_or_with_wrong_csrf_is_refused(client, seeded, session):
    login(client, REVIEWER)
    claim_id = seeded["provea"].id
    assert client.post(f"/claims/{claim_id}/decide", data={"action": "accept"}).status_code == 403
    forged = {"action": "accept", "csrf_token": "forged"}
    assert client.post(f"/claims/{claim_id}/decide", data=forged).status_code == 403
    assert decisions(session) == 0
    good = {"action": "accept", "csrf_token": token(client, f"/claims/{claim_id}")}
    assert client.post(f"/claims/{claim_id}/decide", data=good).status_code == 303
    assert decisions(session) == 1


def test_viewer_can_look_but_not_change(client, seeded, session):
    login(client, VIEWER)
    claim_id = seeded["provea"].id
    page = client.get(f"/claims/{claim_id}")
    assert page.status_code == 200 and "Accept" not in page.text
    data = {"action": "accept", "csrf_token": token(client, f"/claims/{claim_id}")}
    assert client.post(f"/claims/{claim_id}/decide", data=data).status_code == 403
    merge = {"source_id": 1, "target_id": 2, "csrf_token": data["csrf_token"]}
    assert client.post("/persons/merge", data=merge).status_code == 403
    assert decisions(session) == 0


def test_anonymous_post_is_refused(client, seeded):
    data = {"action": "accept", "csrf_token": token(client)}
    assert client.post(f"/claims/{seeded['provea'].id}/decide", data=data).status_code == 403


def test_headers_and_cookie_flags(client):
    page = client.get("/login")
    csp = page.headers["content-security-policy"]
    assert "script-src 'none'" in csp and "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["x-frame-options"] == "DENY"
    cookie = page.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_hostile_text_is_escaped(client, seeded):
    login(client, REVIEWER)
    page = client.get(f"/claims/{seeded['hostile'].id}").text
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert 'href="javascript:' not in page
    assert "<mark>301 presos políticos</mark>" in page


def test_queue_conflicts_first_and_measure_page_with_svg_chart(client, seeded):
    login(client, REVIEWER)
    queue = client.get("/").text
    assert queue.count('class="status status-conflict"') == 2
    measure = client.get("/measures/political_prisoners/Venezuela")
    assert measure.status_code == 200
    assert '<img src="/measures/political_prisoners%2FVenezuela/chart.svg"' in measure.text
    chart = client.get("/measures/political_prisoners/Venezuela/chart.svg")
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert chart.content.startswith(b"<?xml") and b"<script" not in chart.content
    assert chart.content == client.get("/measures/political_prisoners/Venezuela/chart.svg").content
    assert client.get("/measures/nothing/here").status_code == 404


def test_correct_then_export_reflects_it(client, seeded):
    login(client, REVIEWER)
    claim_id = seeded["provea"].id
    csrf = token(client, f"/claims/{claim_id}")
    data = {"action": "correct", "value": "301", "qualifier": "exact", "csrf_token": csrf}
    assert client.post(f"/claims/{claim_id}/decide", data=data).status_code == 303
    page = client.get(f"/claims/{claim_id}").text
    assert "machine: exact 290" in page and "corrected" in page
    csv = client.get("/export/claims.csv").text
    assert f"\r\n{claim_id}," in csv and ",301,exact,290," in csv


def test_merge_persons_from_the_persons_page(client, build, session):
    a, b = build.person("Juan Pérez"), build.person("Juan Perez")
    session.commit()
    login(client, REVIEWER)
    csrf = token(client, "/persons")
    data = {"source_id": a.id, "target_id": b.id, "csrf_token": csrf}
    assert client.post("/persons/merge", data=data).status_code == 303
    assert "Merged person" in client.get("/persons").text
    assert decisions(session) == 1


def test_a_long_measure_page_comes_in_pages_latest_first(client, build, session):
    from review.web.pages import MEASURE_ROWS
    from tests.review.conftest import reconcile

    source = build.source("provea", "Provea")
    for day in range(MEASURE_ROWS + 5):
        published = f"20{10 + day // 300:02d}-{1 + day // 28 % 10:02d}-{1 + day % 28:02d}"
        build.claim(build.document(source, "Son 290 presos.", published_at=published), 290)
    reconcile(session)
    session.commit()
    login(client, REVIEWER)
    first = client.get("/measures/political_prisoners/Venezuela")
    assert first.status_code == 200 and "page 1 of 2" in first.text
    dates = re.findall(r"<tr><td>(\d{4}-\d{2}-\d{2})</td>", first.text)
    assert len(dates) == MEASURE_ROWS and dates == sorted(dates, reverse=True)
    second = client.get("/measures/political_prisoners/Venezuela?page=2")
    assert "page 2 of 2" in second.text and "← later figures" in second.text
    assert len(re.findall(r"<tr><td>(\d{4}-\d{2}-\d{2})</td>", second.text)) == 6
    for wrong in ("0", "abc", "٢", "99999999999999999999"):
        page = client.get(f"/measures/political_prisoners/Venezuela?page={wrong}")
        assert page.status_code == 400
