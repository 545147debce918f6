"""The whole Collect stage against the sample sites, as the database records it.

Crawl 1 stores everything, crawl 2 (nothing changed) adds nothing, crawl 3 (after the
server advanced to revision 2) adds the updated article's second version (see the
``scenario`` fixture).
"""

from __future__ import annotations

import re

from models import CrawlRun, Document, Source
from tests.crawler.conftest import Scenario

SOURCES = ("sample-ngo", "sample-outlet-a", "sample-outlet-b")
UPDATED = "/outlet-a/articles/updated-story.html"
DATELESS = "/outlet-a/articles/quienes-defienden-a-los-presos-politicos.html"


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_first_crawl_stores_every_article_with_provenance(scenario: Scenario) -> None:
    documents = [d for d in scenario.workspace.all(Document) if d.run_id == 1]
    assert len(documents) == 18
    by_source = {s: [d for d in documents if d.source_id == s] for s in SOURCES}
    assert {s: len(docs) for s, docs in by_source.items()} == dict.fromkeys(SOURCES, 6)
    for document in documents:
        assert document.capture_id is not None
        assert document.text.strip()
        assert len(document.text_sha256) == 64
        assert "utm_" not in document.canonical_url and "#" not in document.canonical_url
        assert document.language in ("es", "en")
        assert document.language_source in ("html_lang", "langid")
        assert document.published_at or document.published_source == "none"
        assert document.version == 1 and document.previous_id is None
        assert document.http_status == 200
    assert {d.found_via for d in by_source["sample-ngo"]} == {"feed"}
    assert {d.found_via for d in by_source["sample-outlet-a"]} == {"sitemap"}
    assert {d.found_via for d in by_source["sample-outlet-b"]} <= {"listing", "link"}


def test_dates_say_where_they_come_from(scenario: Scenario) -> None:
    documents = {_path(d.canonical_url): d for d in scenario.workspace.all(Document)}
    dateless = documents[DATELESS]
    assert (dateless.published_at, dateless.published_source) == (None, "none")
    dated = [d for d in documents.values() if d.published_source != "none"]
    assert all(re.fullmatch(r"\d{4}(-\d\d){0,2}", d.published_at) for d in dated)
    assert documents[UPDATED].published_at == "2024-07-25"


def test_canonical_urls_drop_tracking_parameters(scenario: Scenario) -> None:
    paths = {_path(d.canonical_url) for d in scenario.workspace.all(Document)}
    # These pages declare rel=canonical with ?utm_source=rss&utm_medium=feed.
    assert "/outlet-a/articles/mas-de-300-presos-politicos.html" in paths
    assert "/outlet-b/articles/observatorio-301-presos-politicos.html" in paths


def test_run_is_recorded_with_counts_and_summary(scenario: Scenario) -> None:
    runs = scenario.workspace.all(CrawlRun)
    assert [r.status for r in runs] == ["succeeded"] * 3
    first = runs[0]
    assert first.finished_at is not None and first.pid
    assert (first.pages_new, first.pages_changed, first.pages_failed) == (18, 0, 0)
    assert first.pages_fetched >= 18 + 3  # articles, feeds/sitemaps/listings, robots.txt
    assert set(first.stats) == set(SOURCES)
    assert first.source_ids == list(SOURCES)
    output = scenario.crawls[0]
    assert "Crawl run 1 succeeded" in output.stdout
    assert "18 new" in output.stdout
    assert "sample-ngo: done (finished)" in output.stderr
    assert "Traceback" not in output.stderr


def test_second_crawl_adds_no_rows(scenario: Scenario) -> None:
    assert scenario.counts[1] == scenario.counts[0]
    second = scenario.workspace.all(CrawlRun)[1]
    assert (second.pages_new, second.pages_changed, second.pages_unchanged) == (0, 0, 18)


def test_changed_article_gets_a_new_version_and_keeps_the_old(scenario: Scenario) -> None:
    assert scenario.counts[2].documents == scenario.counts[1].documents + 1
    versions = [d for d in scenario.workspace.all(Document) if d.canonical_url.endswith(UPDATED)]
    assert [v.version for v in versions] == [1, 2]
    old, new = versions
    assert new.previous_id == old.id and new.run_id == 3
    assert "Update:" in new.text and "Update:" not in old.text
    assert new.capture_id != old.capture_id
    third = scenario.workspace.all(CrawlRun)[2]
    assert (third.pages_new, third.pages_changed, third.pages_unchanged) == (0, 1, 17)


def test_syndicated_wire_story_is_stored_for_both_outlets(scenario: Scenario) -> None:
    wire = [d for d in scenario.workspace.all(Document) if "/articles/wire-" in d.canonical_url]
    assert {d.source_id for d in wire} == {"sample-outlet-a", "sample-outlet-b"}
    assert len({d.canonical_url for d in wire}) == 2
    assert all(d.byline == "Agencia Sur" for d in wire)


def test_robots_disallowed_path_is_never_requested(scenario: Scenario) -> None:
    paths = scenario.server.requested_paths
    assert "/robots.txt" in paths
    assert not [p for p in paths if p.startswith("/outlet-b/private/")]


def test_sources_are_mirrored_and_marked_crawled(scenario: Scenario) -> None:
    sources = scenario.workspace.all(Source)
    assert {s.id for s in sources} == set(SOURCES)
    assert all(s.last_crawled_at is not None and not s.adhoc for s in sources)
    assert all(s.config_sha256 for s in sources)


def test_capture_command_prints_the_archived_response(scenario: Scenario) -> None:
    document = scenario.workspace.all(Document)[0]
    result = scenario.workspace.crosstally("capture", str(document.id))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "HTTP/1.1 200 OK"
    assert "Content-Type: text/html; charset=utf-8" in lines
    assert any(line.startswith("Etag: ") for line in lines)
    assert "<title>" in result.stdout and "</html>" in result.stdout
    assert lines[-1].startswith("-- verified: payload sha256 ")


def test_capture_raw_writes_the_body_bytes(scenario: Scenario) -> None:
    document = scenario.workspace.all(Document)[0]
    command = ["capture", "--raw", str(document.id)]
    result = scenario.workspace.crosstally(*command)
    assert result.returncode == 0
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert "verified" in result.stderr


def test_capture_of_unknown_document_fails_cleanly(scenario: Scenario) -> None:
    result = scenario.workspace.crosstally("capture", "999999")
    assert result.returncode == 3
    assert result.stderr.strip() == "error: no document 999999"
