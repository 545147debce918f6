"""In a real Chromium: scraped markup stays inert, no request leaves the app's origin."""

from __future__ import annotations

import hashlib
import io

import pytest
from sqlalchemy import select
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from models import Capture, Document
from tests.review.conftest import VIEWER
from tests.review.test_browser import log_in

pytestmark = pytest.mark.browser

ARCHIVED = (
    b"<html><head><link rel=stylesheet href='http://evil.example/s.css'></head><body>"
    b"<script>alert('archived')</script><img src='http://evil.example/p.png' onerror=alert(2)>"
    b"<a href=\"javascript:alert(3)\">x</a><iframe src='http://evil.example/'></iframe>"
    b"<p>301 presos pol\xc3\xadticos</p></body></html>"
)


def archive_hostile_capture(settings, session, document_id: int) -> None:
    """Write the hostile page to a real WARC and point the document's capture at it."""
    path = settings.data_dir / "warc" / "test.warc.gz"
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    record = writer.create_warc_record(
        "https://foro-penal.example/hostile",
        "response",
        payload=io.BytesIO(ARCHIVED),
        http_headers=StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        ),
    )
    writer.write_record(record)
    path.write_bytes(buffer.getvalue())
    document = session.get(Document, document_id)
    capture = session.scalars(select(Capture).where(Capture.id == document.capture_id)).one()
    capture.warc_path, capture.warc_offset = "warc/test.warc.gz", 0
    capture.warc_length = len(buffer.getvalue())
    capture.record_id = record.rec_headers.get_header("WARC-Record-ID")
    capture.payload_sha256 = hashlib.sha256(ARCHIVED).hexdigest()
    session.commit()


def watch(page, base: str):
    dialogs, foreign = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda r: None if r.url.startswith(base + "/") else foreign.append(r.url))
    return dialogs, foreign


def test_scraped_markup_is_inert(browser, live_server, seeded, settings, session):
    archive_hostile_capture(settings, session, seeded["hostile"].document_id)
    base = live_server
    context = browser.new_context()
    page = context.new_page()
    dialogs, foreign = watch(page, base)
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    log_in(page, base)

    page.goto(f"{base}/claims/{seeded['hostile'].id}")
    text = page.locator(".document-text").inner_text()
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert page.locator(".document-text script, .document-text img, .document-text a").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    page.click("a[href$='/archive']")
    frame = page.frame_locator("iframe.archive")
    assert "301 presos" in frame.locator("p").inner_text()
    assert page.locator("iframe.archive").get_attribute("sandbox") == ""
    page.wait_for_timeout(300)

    assert dialogs == []
    assert foreign == []
    assert not any(url.endswith("/x") for url in requested)  # <img src=x> was never an image
    context.close()


def test_anonymous_sees_login_and_forged_posts_are_refused(browser, live_server, seeded):
    base = live_server
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/claims/{seeded['provea'].id}")
    assert page.url.startswith(f"{base}/login") and page.locator("input[name=password]").count()

    log_in(page, base)
    claim = seeded["provea"].id
    refused = context.request.post(f"{base}/claims/{claim}/decide", form={"action": "accept"})
    assert refused.status == 403
    context.close()

    viewer = browser.new_context()
    page = viewer.new_page()
    log_in(page, base, VIEWER)
    page.goto(f"{base}/claims/{claim}")
    assert page.locator("button[value=accept]").count() == 0
    csrf = page.locator("input[name=csrf_token]").first.get_attribute("value")
    forbidden = viewer.request.post(
        f"{base}/claims/{claim}/decide", form={"action": "accept", "csrf_token": csrf}
    )
    assert forbidden.status == 403
    viewer.close()


def test_missing_chromium_fails_under_ci_and_skips_otherwise(monkeypatch, tmp_path):
    from tests.review.conftest import require_chromium

    missing = tmp_path / "no-chromium"
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        require_chromium(missing)
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        require_chromium(missing)
