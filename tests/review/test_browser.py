"""End to end in a real headless Chromium: log in, accept, correct, export shows both."""

from __future__ import annotations

import csv
import io

import pytest

from tests.review.conftest import PASSWORD, REVIEWER

pytestmark = pytest.mark.browser


def log_in(page, base: str, name: str = REVIEWER) -> None:
    page.goto(f"{base}/")
    assert page.url.startswith(f"{base}/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_accept_and_correct_then_export(browser, live_server, seeded):
    base = live_server
    context = browser.new_context()
    page = context.new_page()
    log_in(page, base)
    assert page.locator("table.queue").is_visible()
    assert page.locator("table.queue .status-conflict").count() == 2  # 301 vs 290, flagged first

    hostile, provea = seeded["hostile"].id, seeded["provea"].id
    page.click(f"a[href='/claims/{hostile}']")
    assert page.locator("mark").first.inner_text() == "301 presos políticos"
    page.click("button[value=accept]")
    assert "Saved: accept." in page.locator(".flash").inner_text()

    page.goto(f"{base}/claims/{provea}")
    page.fill("form.correct input[name=value]", "301")
    page.fill("form.correct input[name=note]", "Provea's report says 301")
    page.click("form.correct button[type=submit]")
    assert "Saved: correct." in page.locator(".flash").inner_text()
    assert "machine: exact 290" in page.locator("dd.value").inner_text()

    page.goto(f"{base}/export")
    response = context.request.get(f"{base}/export/claims.csv")
    assert response.ok
    rows = {int(r["claim_id"]): r for r in csv.DictReader(io.StringIO(response.text()))}
    assert set(rows) == {hostile, provea}
    assert (rows[hostile]["review_status"], rows[hostile]["reviewer"]) == ("accepted", REVIEWER)
    assert (rows[provea]["value"], rows[provea]["machine_value"]) == ("301", "290")
    assert rows[provea]["review_status"] == "corrected"

    # With the correction both originators now agree: the measure page shows it.
    page.goto(f"{base}/measures/political_prisoners/Venezuela")
    assert page.locator("td .status-agree").count() == 1
    assert page.locator("img[src$='chart.svg']").evaluate("img => img.naturalWidth") > 0
    context.close()
