"""Ad hoc crawls (``crawl --start-url``) and the failures a crawl must name, not hide."""

from __future__ import annotations

from crawler.sample_server import SampleServer
from models import CrawlError, CrawlRun, Document, Source
from tests.crawler.conftest import Workspace


def test_adhoc_feed_crawl_files_documents_under_a_new_source(
    workspace: Workspace, sample_server: SampleServer
) -> None:
    feed = f"{sample_server.url}/ngo/feed.xml"
    result = workspace.crawl("--start-url", feed, "--delay", "0")
    assert "Crawl run 1 succeeded" in result.stdout
    (source,) = workspace.all(Source)
    assert (source.id, source.adhoc) == ("127-0-0-1", True)
    documents = workspace.all(Document)
    assert len(documents) == 6
    assert {(d.source_id, d.found_via, d.found_on) for d in documents} == {
        ("127-0-0-1", "feed", feed)
    }
    assert all(d.published_at and d.language in ("es", "en") for d in documents)
    (run,) = workspace.all(CrawlRun)
    assert (run.start_urls, run.source_ids, run.status) == ([feed], ["127-0-0-1"], "succeeded")


def test_adhoc_page_with_source_id(workspace: Workspace, sample_server: SampleServer) -> None:
    page = f"{sample_server.url}/outlet-a/articles/activist-detained-maracaibo.html"
    workspace.crawl("--start-url", page, "--source-id", "tip-line", "--delay", "0")
    (document,) = workspace.all(Document)
    assert (document.source_id, document.found_via, document.url) == ("tip-line", "start_url", page)
    assert document.published_source == "jsonld"


def test_non_http_start_url_is_refused(workspace: Workspace) -> None:
    result = workspace.crosstally("crawl", "--start-url", "file:///etc/passwd")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: --start-url file:///etc/passwd: only http:// and https:// URLs with a host "
        "can be crawled"
    )
    assert workspace.all(CrawlRun) == [] and not (workspace.data_dir / "warc").exists()


def test_unwritable_archive_stops_before_any_request(
    workspace: Workspace, sample_server: SampleServer
) -> None:
    workspace.data_dir.mkdir(exist_ok=True)
    (workspace.data_dir / "warc").write_text("not a directory")
    result = workspace.crosstally("crawl", "--start-url", f"{sample_server.url}/ngo/feed.xml")
    assert result.returncode == 1
    assert result.stderr.startswith("error: cannot write WARC file ")
    assert sample_server.requested_paths == []
    (run,) = workspace.all(CrawlRun)
    assert run.status == "failed" and "cannot write WARC file" in run.stats["127-0-0-1"]["crashed"]


def test_unknown_source_is_refused(workspace: Workspace) -> None:
    result = workspace.crosstally("crawl", "--sources-dir", str(workspace.sources_dir), "nope")
    assert result.returncode == 2
    assert result.stderr.startswith("error: unknown source(s): nope (known: sample-ngo, ")


def test_failed_urls_are_recorded_with_one_clear_reason(
    workspace: Workspace, sample_server: SampleServer
) -> None:
    base = sample_server.url
    expected = {
        f"{base}/hostile/404": "http_404",
        f"{base}/hostile/gzip-bomb": "too_large",
        f"{base}/hostile/pdf-as-html": "not_html",
        f"{base}/hostile/empty": "no_text",
        f"{base}/hostile/redirect-loop": "too_many_redirects",
        f"{base}/hostile/disallowed": "robots_disallowed",
        "http://127.0.0.1:9/closed": "connection_refused",
    }
    arguments = [arg for url in expected for arg in ("--start-url", url)]
    result = workspace.crosstally(
        "crawl", *arguments, "--source-id", "hostile", "--delay", "0", "--timeout", "5"
    )
    assert result.returncode == 1  # the run failed: nothing at all could be stored
    assert "Crawl run 1 failed" in result.stdout
    assert "Traceback" not in result.stderr
    assert "failed url=" in result.stderr and "reason=http_404" in result.stderr
    errors = {e.url: e.reason for e in workspace.all(CrawlError)}
    assert errors == expected
    (run,) = workspace.all(CrawlRun)
    assert run.status == "failed"
    assert run.pages_failed == len(expected) - 1  # robots_disallowed is a skip, not a failure
    assert workspace.all(Document) == []


def test_robots_txt_is_obeyed_for_requests_queued_while_it_downloads(
    workspace: Workspace, sample_server: SampleServer
) -> None:
    """Regression: with Scrapy's own middleware, pages queued while robots.txt was being
    fetched were let through (crawler.middlewares.SerialRobotsTxtMiddleware)."""
    pages = ["hostile/404", "hostile/empty", "hostile/no-charset", "ngo/", "outlet-a/"]
    urls = [f"{sample_server.url}/{page}" for page in pages]
    urls.insert(3, f"{sample_server.url}/hostile/disallowed")
    arguments = [arg for url in urls for arg in ("--start-url", url)]
    workspace.crawl(*arguments, "--source-id", "robots-check", "--delay", "0")
    assert "/hostile/disallowed" not in sample_server.requested_paths
    assert sample_server.requested_paths.count("/robots.txt") == 1


def test_listing_link_to_a_disallowed_page_is_skipped_and_recorded(
    workspace: Workspace, sample_server: SampleServer
) -> None:
    source_file = workspace.sources_dir / "sample-outlet-b.yaml"
    text = source_file.read_text()
    text = text.replace(
        'link_pattern: "/outlet-b/articles/', 'link_pattern: "/outlet-b/(articles|private)/'
    )
    source_file.write_text(text)
    workspace.crawl("sample-outlet-b", "--max-pages", "3")
    assert not [p for p in sample_server.requested_paths if p.startswith("/outlet-b/private/")]
    errors = [(e.url, e.reason) for e in workspace.all(CrawlError)]
    assert (f"{sample_server.url}/outlet-b/private/draft.html", "robots_disallowed") in errors
    (run,) = workspace.all(CrawlRun)
    assert run.status == "succeeded"
    assert run.stats["sample-outlet-b"]["reasons"]["max_pages"] >= 1
    # The budget counts requests: the refused page was one of the three.
    assert len(workspace.all(Document)) == 2
