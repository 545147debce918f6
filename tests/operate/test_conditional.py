"""Re-crawls ask only for what changed: validators from the stored capture, 304 counted as
unchanged, and per-source statistics right across three crawls.

Crawls: 1. everything (nothing stored yet); 2. nothing changed; 3. after ``advance()``
(revision 2 changes one article of outlet A). Each crawl also takes two ad hoc start URLs
(a readable page and a 404), so that every per-source counter, ``failed`` included, has
something to count. The server records each request's headers and its answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from crawler.sample_server import write_sources
from models import Capture, CrawlRun
from tests.operate.conftest import RecordingSampleServer, SeenRequest, Workspace

pytestmark = pytest.mark.database  # builds its database through Workspace

SOURCES = ("sample-ngo", "sample-outlet-a", "sample-outlet-b")
ARTICLE_PREFIXES = ("/ngo/en/", "/ngo/es/", "/outlet-a/articles/", "/outlet-b/articles/")
UPDATED = "/outlet-a/articles/updated-story.html"
ADHOC = "probe-adhoc"
ADHOC_PAGES = ("/hostile/no-charset", "/hostile/404")
COUNTERS = ("new", "changed", "unchanged", "failed")
EXPECTED = {
    1: {**dict.fromkeys(SOURCES, (6, 0, 0, 0)), ADHOC: (1, 0, 0, 1)},
    2: {**dict.fromkeys(SOURCES, (0, 0, 6, 0)), ADHOC: (0, 0, 1, 1)},
    3: {
        **dict.fromkeys(SOURCES, (0, 0, 6, 0)),
        "sample-outlet-a": (0, 1, 5, 0),
        ADHOC: (0, 0, 1, 1),
    },
}


@dataclass
class Recrawls:
    server: RecordingSampleServer
    workspace: Workspace
    # Requests the server received during crawl 1, 2 and 3.
    requests: dict[int, list[SeenRequest]]
    captures: dict[int, list[Capture]]

    def runs(self) -> dict[int, CrawlRun]:
        return {run.id: run for run in self.workspace.all(CrawlRun)}

    def articles(self, crawl: int) -> list[SeenRequest]:
        return [r for r in self.requests[crawl] if r.path.startswith(ARTICLE_PREFIXES)]


@pytest.fixture(scope="module")
def recrawls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Recrawls]:
    with RecordingSampleServer() as server:
        root = tmp_path_factory.mktemp("conditional")
        write_sources(server.url, root / "sources")
        workspace = Workspace(data_dir=root / "data", sources_dir=root / "sources")
        adhoc = [arg for page in ADHOC_PAGES for arg in ("--start-url", server.url + page)]
        requests, captures = {}, {}
        for crawl in (1, 2, 3):
            if crawl == 3:
                server.advance()
            first = len(server.requests)
            workspace.crawl(*SOURCES, *adhoc, "--source-id", ADHOC, "--delay", "0")
            requests[crawl] = server.requests[first:]
            captures[crawl] = workspace.all(Capture)
        yield Recrawls(server, workspace, requests, captures)


def test_per_source_statistics_across_three_crawls(recrawls: Recrawls) -> None:
    runs = recrawls.runs()
    for crawl, expected in EXPECTED.items():
        stats = runs[crawl].stats
        got = {source: tuple(stats[source][key] for key in COUNTERS) for source in expected}
        assert got == expected, f"crawl {crawl}"
        totals = tuple(sum(counts[i] for counts in expected.values()) for i in range(4))
        run = runs[crawl]
        columns = (run.pages_new, run.pages_changed, run.pages_unchanged, run.pages_failed)
        assert columns == totals, f"crawl {crawl}"
        assert run.status == "partial"  # the 404 of the ad hoc source


def test_first_crawl_sends_no_validators(recrawls: Recrawls) -> None:
    articles = recrawls.articles(1)
    assert len(articles) == 18
    assert all(_validators(r) == (None, None) and r.status == 200 for r in articles)


def test_recrawl_sends_the_stored_validators_and_a_304_is_unchanged(recrawls: Recrawls) -> None:
    stored = {c.url.removeprefix(recrawls.server.url): c for c in recrawls.captures[1]}
    articles = recrawls.articles(2)
    assert sorted(r.path for r in articles) == sorted(
        p for p in stored if p.startswith(ARTICLE_PREFIXES)
    )
    for request in articles:
        capture = stored[request.path]
        assert capture.etag and capture.last_modified
        assert _validators(request) == (capture.etag, capture.last_modified), request.path
        assert request.status == 304, request.path
    # A 304 stores nothing: no capture, no document version.
    assert len(recrawls.captures[2]) == len(recrawls.captures[1])


def test_a_changed_page_answers_200_to_the_old_validators(recrawls: Recrawls) -> None:
    articles = {r.path: r for r in recrawls.articles(3)}
    assert len(articles) == 18
    updated = articles.pop(UPDATED)
    stored = {c.url.removeprefix(recrawls.server.url): c for c in recrawls.captures[1]}
    assert _validators(updated) == (stored[UPDATED].etag, stored[UPDATED].last_modified)
    assert updated.status == 200
    assert {r.status for r in articles.values()} == {304}
    new = [c for c in recrawls.captures[3] if c.id not in {c.id for c in recrawls.captures[2]}]
    assert [c.url.removeprefix(recrawls.server.url) for c in new] == [UPDATED]
    assert new[0].etag != stored[UPDATED].etag


def test_ad_hoc_start_pages_are_fetched_whole_and_compared_by_payload(
    recrawls: Recrawls,
) -> None:
    """Start URLs are not conditional (their kind is sniffed from the body): the same bytes
    as the stored capture still count as unchanged."""
    for crawl in (2, 3):
        page = [r for r in recrawls.requests[crawl] if r.path == ADHOC_PAGES[0]]
        assert [(_validators(r), r.status) for r in page] == [((None, None), 200)]


def _validators(request: SeenRequest) -> tuple[str | None, str | None]:
    headers = {name.lower(): value for name, value in request.headers.items()}
    return headers.get("if-none-match"), headers.get("if-modified-since")
