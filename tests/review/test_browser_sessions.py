"""In a real Chromium: sessions end at logout, forged cross-site posts log nobody out,
a rebinding name is refused, and crawled names with TeX in them still draw the chart."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from tests.review.conftest import CHROMIUM, CHROMIUM_ARGS, reconcile
from tests.review.test_browser import log_in

pytestmark = pytest.mark.browser
COOKIE = "crosstally_session"


@contextmanager
def attacker_site(page_html: str) -> Iterator[str]:
    """Another site (``localhost``, not ``127.0.0.1``) serving one page, on a free port."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = page_html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def session_cookie(context) -> str:
    (cookie,) = [c["value"] for c in context.cookies() if c["name"] == COOKIE]
    return cookie


def test_a_forged_cross_site_post_does_not_log_the_analyst_out(browser, live_server, seeded):
    base = live_server
    context = browser.new_context()
    page = context.new_page()
    log_in(page, base)
    before = session_cookie(context)
    claim = seeded["provea"].id
    form = (
        f'<form method="post" action="{base}/claims/{claim}/decide">'
        '<input type="hidden" name="action" value="accept">'
        '<button type="submit">Win a prize</button></form>'
    )
    with attacker_site(form) as attacker:
        page.goto(attacker)
        with page.expect_navigation():
            page.click("button")
    assert page.url == f"{base}/claims/{claim}/decide" and "CSRF" in page.content()
    assert session_cookie(context) == before
    page.goto(f"{base}/persons")
    assert page.url == f"{base}/persons" and page.locator("h1").inner_text() == "Persons"
    context.close()


def test_a_session_copied_before_logout_opens_nothing_after(browser, live_server, seeded):
    base = live_server
    context = browser.new_context()
    page = context.new_page()
    log_in(page, base)
    copied = [c for c in context.cookies() if c["name"] == COOKIE]
    page.goto(f"{base}/persons")
    page.click("header button[type=submit]")  # Log out
    page.wait_for_url(f"{base}/login")
    context.close()

    thief = browser.new_context()
    thief.add_cookies(copied)
    page = thief.new_page()
    page.goto(f"{base}/claims/{seeded['provea'].id}")
    assert page.url.startswith(f"{base}/login") and page.locator("input[name=password]").count()
    thief.close()


def test_a_rebinding_name_gets_nothing(browser, live_server, seeded):
    """evil.example resolving to 127.0.0.1, as DNS rebinding makes it: the app refuses it."""
    port = urlsplit(live_server).port
    rules = "--host-resolver-rules=MAP evil.example 127.0.0.1"
    rebound = browser.browser_type.launch(
        executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, rules]
    )
    page = rebound.new_page()
    response = page.goto(f"http://evil.example:{port}/login")
    assert response.status == 400 and "unknown host" in page.content()
    assert page.locator("input[name=password]").count() == 0
    assert page.goto(f"http://127.0.0.1:{port}/login").status == 200
    rebound.close()


def test_a_name_with_tex_in_it_draws_the_chart(browser, live_server, build, session):
    source = build.source("provea", "Provea")
    document = build.document(source, r"Según $\foo{$ hay 280 presos políticos.")
    build.claim(document, 280, attributed_to=r"$\foo{$", quote="280 presos políticos")
    reconcile(session)
    session.commit()
    base = live_server
    context = browser.new_context()
    page = context.new_page()
    log_in(page, base)
    page.goto(f"{base}/measures")
    page.click("a:has-text('Venezuela')")
    chart = page.locator("img[src$='chart.svg']")
    chart.wait_for()
    page.wait_for_load_state("load")
    assert chart.evaluate("img => img.complete && img.naturalWidth") > 0
    context.close()
