"""The sample-site server alone, over real HTTP on 127.0.0.1 (no crawler involved).

These tests pin down what crawler tests rely on: discovery paths (feed, sitemaps, listing),
HTTP semantics (types, validators, 304, 404, HEAD), the one page that changes on advance(),
the syndicated wire story, the source-file templates, and the hostile pages.
"""

from __future__ import annotations

import json
import os
import re
import signal
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import brotli
import lxml.html
import pytest

from crawler.registry import load_registry
from crawler.sample_server import (
    GZIP_BOMB_CRC32,
    SampleServer,
    write_sources,
)

REPO = Path(__file__).resolve().parents[1]
UPDATED = "/outlet-a/articles/updated-story.html"
WIRE_A = "/outlet-a/articles/wire-relatives-wait-for-news-of-detainees.html"
WIRE_B = "/outlet-b/articles/wire-relatives-of-political-prisoners-wait-for-news.html"
UNDATED = "/outlet-a/articles/quienes-defienden-a-los-presos-politicos.html"
NGO_JULY_EN = "/ngo/en/2024/07/political-prisoners-july-2024.html"
SITEMAP_NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
FICTION = "Fictional sample data for crosstally tests"


@dataclass
class Fetched:
    status: int
    headers: Message
    body: bytes
    url: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch(
    url: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    follow: bool = True,
) -> Fetched:
    """urllib without proxies (an http_proxy variable must not reroute 127.0.0.1)."""
    handlers: list[urllib.request.BaseHandler] = [urllib.request.ProxyHandler({})]
    if not follow:
        handlers.append(_NoRedirect())
    opener = urllib.request.build_opener(*handlers)
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with opener.open(request, timeout=10) as response:
            return Fetched(response.status, response.headers, response.read(), response.url)
    except urllib.error.HTTPError as error:
        with error:
            return Fetched(error.code, error.headers, error.read(), error.url or url)


def links(page: Fetched) -> list[str]:
    """Absolute same-host links of an HTML page, without fragments."""
    doc = lxml.html.fromstring(page.body)
    host = urlsplit(page.url).netloc
    found = []
    for href in doc.xpath("//a/@href"):
        absolute = urljoin(page.url, href).split("#")[0]
        if urlsplit(absolute).netloc == host:
            found.append(absolute)
    return found


def crawl(base: str) -> dict[str, Fetched]:
    """Every page reachable from / plus the discovery documents, honouring robots.txt."""
    disallowed = ("/outlet-b/private/", "/_sample/", "/hostile/disallowed")
    seen: dict[str, Fetched] = {}
    queue = [
        base + "/",
        base + "/robots.txt",
        base + "/ngo/feed.xml",
        *sitemap_urls(base),
        base + "/outlet-a/sitemap.xml",
        base + "/outlet-a/sitemap-news.xml",
        base + "/outlet-a/sitemap-pages.xml",
    ]
    while queue:
        url = queue.pop()
        if url in seen or urlsplit(url).path.startswith(disallowed):
            continue
        page = fetch(url)
        seen[url] = page
        if page.headers.get_content_type() == "text/html":
            queue.extend(links(page))
    return seen


def sitemap_urls(base: str) -> list[str]:
    """Follow the sitemap index to its children and return every <loc> they list."""
    index = ET.fromstring(fetch(base + "/outlet-a/sitemap.xml").body)
    urls = []
    for loc in index.findall("sm:sitemap/sm:loc", SITEMAP_NS):
        child = ET.fromstring(fetch(loc.text or "").body)
        urls += [u.text or "" for u in child.findall("sm:url/sm:loc", SITEMAP_NS)]
    return urls


def paragraphs(page: Fetched, container_xpath: str) -> list[str]:
    doc = lxml.html.fromstring(page.body)
    return [p.text_content().strip() for p in doc.xpath(container_xpath + "//p")]


@pytest.fixture(scope="module")
def server() -> Iterator[SampleServer]:
    """Shared, read-only server; tests that advance() start their own."""
    with SampleServer() as running:
        yield running


@pytest.fixture
def fresh_server() -> Iterator[SampleServer]:
    with SampleServer() as running:
        yield running


# --------------------------------------------------------------------------- discovery


def test_url_and_port(server: SampleServer) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", server.url)
    assert server.url.endswith(f":{server.port}")


def test_robots_txt(server: SampleServer) -> None:
    page = fetch(server.url + "/robots.txt")
    assert page.status == 200
    assert page.headers["Content-Type"] == "text/plain; charset=utf-8"
    lines = page.text.splitlines()
    assert lines[0] == "User-agent: *"
    for rule in ("Disallow: /outlet-b/private/", "Disallow: /_sample/"):
        assert rule in lines
    assert "Disallow: /hostile/disallowed" in lines


def test_ngo_feed_parses_and_every_link_answers(server: SampleServer) -> None:
    page = fetch(server.url + "/ngo/feed.xml")
    assert page.headers["Content-Type"] == "application/rss+xml"
    channel = ET.fromstring(page.body).find("channel")
    assert channel is not None
    items = channel.findall("item")
    assert 4 <= len(items) <= 6
    for item in items:
        link = item.findtext("link") or ""
        assert link.startswith(server.url + "/ngo/")
        assert item.findtext("guid") == link
        published = parsedate_to_datetime(item.findtext("pubDate") or "")
        assert (2024, 3) <= (published.year, published.month) <= (2024, 7)
        assert item.findtext("description")
        article = fetch(link)
        assert article.status == 200
        assert article.headers["Content-Type"] == "text/html; charset=utf-8"
    languages = {fetch(i.findtext("link") or "").text.split('lang="')[1][:2] for i in items}
    assert languages == {"en", "es"}


def test_sitemap_index_children_and_every_url(server: SampleServer) -> None:
    index = fetch(server.url + "/outlet-a/sitemap.xml")
    assert index.headers["Content-Type"] == "application/xml"
    assert ET.fromstring(index.body).tag == f"{{{SITEMAP_NS['sm']}}}sitemapindex"
    news = ET.fromstring(fetch(server.url + "/outlet-a/sitemap-news.xml").body)
    for entry in news.findall("sm:url", SITEMAP_NS):
        assert entry.findtext("news:news/news:publication_date", namespaces=SITEMAP_NS)
        assert entry.findtext("news:news/news:title", namespaces=SITEMAP_NS)
    pages = ET.fromstring(fetch(server.url + "/outlet-a/sitemap-pages.xml").body)
    undated = [
        u for u in pages.findall("sm:url", SITEMAP_NS) if u.findtext("sm:loc", "", SITEMAP_NS)
    ]
    assert any(u.find("sm:lastmod", SITEMAP_NS) is None for u in undated)
    urls = sitemap_urls(server.url)
    assert server.url + UPDATED in urls and server.url + UNDATED in urls
    articles = [u for u in urls if "/outlet-a/articles/" in u]
    assert 4 <= len(articles) <= 6
    assert all(fetch(u).status == 200 for u in urls)


def test_listing_pagination_reaches_last_page(server: SampleServer) -> None:
    url: str | None = server.url + "/outlet-b/news/"
    listing_pages, articles, all_links = [], [], set()
    while url:
        page = fetch(url)
        assert page.status == 200
        listing_pages.append(url)
        found = links(page)
        all_links.update(found)
        articles += [u for u in found if re.search(r"/outlet-b/articles/[^/]+\.html$", u)]
        next_links = lxml.html.fromstring(page.body).xpath('//a[@rel="next"]/@href')
        url = urljoin(url, next_links[0]) if next_links else None
    assert [urlsplit(u).path for u in listing_pages] == [
        "/outlet-b/news/",
        "/outlet-b/news/page/2/",
        "/outlet-b/news/page/3/",
    ]
    assert len(set(articles)) == 6
    assert all(fetch(u).status == 200 for u in set(articles))
    # Loop for the crawler's guard: a later page links back to page 1 (and page/1/ redirects).
    assert server.url + "/outlet-b/news/" in all_links
    back = fetch(server.url + "/outlet-b/news/page/1/", follow=False)
    assert back.status == 301
    assert back.headers["Location"] == server.url + "/outlet-b/news/"
    # Robots-disallowed draft: linked from page 1, and served if a crawler ignores robots.
    assert server.url + "/outlet-b/private/draft.html" in all_links
    assert fetch(server.url + "/outlet-b/private/draft.html").status == 200


# --------------------------------------------------------------------------- HTTP semantics


def test_conditional_requests_and_head(server: SampleServer) -> None:
    url = server.url + NGO_JULY_EN
    first = fetch(url)
    etag = first.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{64}"', etag)
    last_modified = first.headers["Last-Modified"]
    assert parsedate_to_datetime(last_modified).year == 2024
    again = fetch(url, headers={"If-None-Match": etag})
    assert again.status == 304 and again.body == b""
    assert again.headers["ETag"] == etag
    assert fetch(url, headers={"If-None-Match": '"other"'}).status == 200
    assert fetch(url, headers={"If-Modified-Since": last_modified}).status == 304
    assert fetch(url, headers={"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"}).status == 200
    head = fetch(url, method="HEAD")
    assert head.status == 200 and head.body == b""
    assert head.headers["Content-Length"] == str(len(first.body))
    assert head.headers["ETag"] == etag


def test_unknown_and_escaping_paths_are_404(server: SampleServer) -> None:
    for path in (
        "/nope.html",
        "/ngo/../sources/sample-ngo.yaml",
        "/%2e%2e/sample_server.py",
        "/revisions/2" + UPDATED,
        "/.hidden",
    ):
        page = fetch(server.url + path)
        assert page.status == 404, path
        assert page.headers["Content-Type"] == "text/html; charset=utf-8"
        assert "<html" in page.text


def test_quiet_by_default_and_logs_when_verbose(capfd: pytest.CaptureFixture[str]) -> None:
    with SampleServer() as quiet:
        fetch(quiet.url + "/nope")
        fetch(quiet.url + "/robots.txt")
    assert capfd.readouterr().err == ""
    with SampleServer(verbose=True) as loud:
        fetch(loud.url + "/robots.txt")
    assert "GET /robots.txt" in capfd.readouterr().err


def test_directory_without_slash_redirects(server: SampleServer) -> None:
    page = fetch(server.url + "/ngo", follow=False)
    assert page.status == 301
    assert page.headers["Location"] == server.url + "/ngo/"


def test_requested_paths_keep_the_query(fresh_server: SampleServer) -> None:
    fetch(fresh_server.url + "/outlet-a/?utm_source=x")
    fetch(fresh_server.url + "/robots.txt", method="HEAD")
    assert fresh_server.requested_paths == ["/outlet-a/?utm_source=x", "/robots.txt"]


def test_every_site_page_has_the_expected_markup(server: SampleServer) -> None:
    pages = crawl(server.url)
    html_pages = {u: p for u, p in pages.items() if p.headers.get_content_type() == "text/html"}
    assert len(html_pages) >= 25
    for url, page in html_pages.items():
        assert page.status == 200, url
        assert page.headers["Content-Type"] == "text/html; charset=utf-8"
        assert FICTION in page.text, url
        doc = lxml.html.fromstring(page.body)
        assert doc.get("lang") in ("en", "es"), url
        assert doc.xpath("//title") and doc.xpath('//meta[@name="description"]'), url
        assert doc.xpath('//link[@rel="canonical"]/@href'), url
        assert "/hostile/" not in page.text, url  # hostile pages are not linked from the sites
    canonicals = [
        lxml.html.fromstring(p.body).xpath('//link[@rel="canonical"]/@href')[0]
        for u, p in html_pages.items()
        if "/articles/" in u
    ]
    tracked = [c for c in canonicals if "utm_source=rss&utm_medium=feed" in c]
    assert 0 < len(tracked) < len(canonicals)
    assert all(fetch(c).body == pages[c.split("?")[0]].body for c in tracked)


def test_articles_are_150_to_500_words_with_byline_and_date(server: SampleServer) -> None:
    pages = crawl(server.url)
    articles = {u: p for u, p in pages.items() if re.search(r"/(articles|ngo/e[ns])/", u)}
    assert len(articles) == 6 + 6 + 6
    for url, page in articles.items():
        doc = lxml.html.fromstring(page.body)
        body = " ".join(p.text_content() for p in doc.xpath("//article//p"))
        assert 150 <= len(body.split()) <= 600, url  # body 150–500 plus kicker/byline lines
        assert doc.xpath('//meta[@property="og:title"]'), url
        has_date = doc.xpath('//meta[@property="article:published_time"]') or (
            "datePublished" in page.text
        )
        assert has_date or url.endswith(UNDATED), url


def test_the_undated_page_has_no_date_anywhere(server: SampleServer) -> None:
    page = fetch(server.url + UNDATED)
    assert not re.search(r"\b(19|20)\d\d\b", page.text)
    assert "<time" not in page.text and "datePublished" not in page.text
    assert "published_time" not in page.text
    assert not re.search(r"enero|febrero|marzo|abril|mayo|junio|julio|agosto", page.text)


def test_ngo_july_release_carries_the_reference_figures(server: SampleServer) -> None:
    text = " ".join(paragraphs(fetch(server.url + NGO_JULY_EN), "//article"))
    for phrase in (
        "As of July 15, 2024, Venezuela holds 301 political prisoners.",
        "Of those, 152 are military personnel and 149 are civilians.",
        "27 of them are women and the other 274 are men.",
        "2024 has so far seen 114 arbitrary arrests on political grounds, minus 12 people",
        "so 102 arrests are tied to it",
        "Rivas said",
    ):
        assert phrase in text


# --------------------------------------------------------------------------- revisions


def test_advance_changes_only_the_updated_article(fresh_server: SampleServer) -> None:
    base = fresh_server.url
    before = crawl(base)
    assert "rose to 14" not in before[base + UPDATED].text
    assert "At least 11 people were detained" in before[base + UPDATED].text
    assert fresh_server.revision == 1
    fresh_server.advance()
    assert fresh_server.revision == 2
    after = crawl(base)
    assert after.keys() == before.keys()
    changed = {u for u in before if before[u].body != after[u].body}
    assert changed == {base + UPDATED}
    old, new = before[base + UPDATED], after[base + UPDATED]
    assert old.headers["ETag"] != new.headers["ETag"]
    assert parsedate_to_datetime(new.headers["Last-Modified"]) > parsedate_to_datetime(
        old.headers["Last-Modified"]
    )
    assert "Update: the number of detainees rose to 14" in " ".join(paragraphs(new, "//article"))
    assert '"dateModified"' in new.text and '"dateModified"' not in old.text
    for url in before.keys() - changed:
        assert before[url].headers["ETag"] == after[url].headers["ETag"], url
    # A client holding the old validators now gets the new page, not a 304.
    revalidated = fetch(base + UPDATED, headers={"If-None-Match": old.headers["ETag"]})
    assert revalidated.status == 200 and revalidated.body == new.body


def test_advance_over_http_and_status(fresh_server: SampleServer) -> None:
    status = fetch(fresh_server.url + "/_sample/status")
    assert status.headers["Content-Type"] == "application/json"
    assert json.loads(status.body) == {"revision": 1}
    assert fetch(fresh_server.url + "/_sample/advance").status == 405
    posted = fetch(fresh_server.url + "/_sample/advance", method="POST")
    assert posted.status == 204
    assert fresh_server.revision == 2
    assert json.loads(fetch(fresh_server.url + "/_sample/status").body) == {"revision": 2}
    assert "rose to 14" in fetch(fresh_server.url + UPDATED).text


# --------------------------------------------------------------------------- wire story


def test_wire_story_shares_its_paragraphs_across_outlets(server: SampleServer) -> None:
    page_a, page_b = fetch(server.url + WIRE_A), fetch(server.url + WIRE_B)
    body_a = paragraphs(page_a, '//div[@class="story-body"]')
    body_b = paragraphs(page_b, '//div[@class="entry-content"]')
    assert body_a == body_b
    assert len(" ".join(body_a).split()) >= 150
    assert "more than 300 political prisoners, according to the Observatorio" in body_a[1]
    doc_a, doc_b = lxml.html.fromstring(page_a.body), lxml.html.fromstring(page_b.body)
    title_a, title_b = doc_a.findtext(".//h1"), doc_b.findtext(".//h1")
    assert title_a != title_b and title_a.lower() == title_b.lower()
    assert "Agencia Sur" in page_a.text and "Agencia Sur" in page_b.text
    published_b = doc_b.xpath('//meta[@property="article:published_time"]/@content')[0]
    assert f'"datePublished": "{published_b}"' in page_a.text


# --------------------------------------------------------------------------- sources and CLI


def test_write_sources_renders_the_templates(tmp_path: Path) -> None:
    base = "http://127.0.0.1:4321"
    written = write_sources(base + "/", tmp_path / "sources")
    assert sorted(p.name for p in written) == [
        "sample-ngo.yaml",
        "sample-outlet-a.yaml",
        "sample-outlet-b.yaml",
    ]
    for path in written:
        text = path.read_text("utf-8")
        assert "{base_url}" not in text
        assert base + "/" in text and base + "//" not in text
    registry = load_registry(tmp_path / "sources")
    assert registry["sample-outlet-a"].config.discovery.sitemaps == [base + "/outlet-a/sitemap.xml"]
    assert registry["sample-ngo"].config.role == "primary"
    listing = registry["sample-outlet-b"].config.discovery.listings[0]
    assert listing.url == base + "/outlet-b/news/"


def test_command_line_serves_until_sigterm(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "crawler.sample_server", "--write-sources", str(tmp_path)]
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(2)]
        match = re.fullmatch(r"Sample sites at (http://127\.0\.0\.1:\d+)\n", lines[-1])
        assert match, lines
        assert json.loads(fetch(match.group(1) + "/_sample/status").body) == {"revision": 1}
        assert len(list(tmp_path.glob("*.yaml"))) == 3
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=5) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


# --------------------------------------------------------------------------- hostile pages


def test_hostile_feed_links_every_hostile_page(server: SampleServer) -> None:
    feed = ET.fromstring(fetch(server.url + "/hostile/feed.xml").body)
    linked = {urlsplit(i.findtext("link") or "").path for i in feed.iter("item")}
    expected_status = {"/hostile/404": 404, "/hostile/500": 500, "/hostile/redirect-loop": 302}
    assert len(linked) == 17
    for path in sorted(linked - {"/hostile/slow", "/hostile/big"}):
        page = fetch(server.url + path, follow=False)
        assert page.status == expected_status.get(path, 200), path


def test_hostile_redirect_loop(server: SampleServer) -> None:
    first = fetch(server.url + "/hostile/redirect-loop", follow=False)
    second = fetch(first.headers["Location"], follow=False)
    assert first.status == second.status == 302
    assert second.headers["Location"] == server.url + "/hostile/redirect-loop"


def test_hostile_big_declares_20_mib(server: SampleServer) -> None:
    head = fetch(server.url + "/hostile/big", method="HEAD")
    assert head.headers["Content-Length"] == str(20 * 2**20)
    assert head.headers["Content-Type"] == "text/html; charset=utf-8"


def test_hostile_gzip_bomb_is_small_and_valid(server: SampleServer) -> None:
    page = fetch(server.url + "/hostile/gzip-bomb")
    assert page.headers["Content-Encoding"] == "gzip"
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert len(page.body) < 2 * 2**20
    crc, size = struct.unpack("<II", page.body[-8:])
    assert size == 2**30
    prefix = zlib.decompressobj(31).decompress(page.body, 4 * 2**20)
    assert len(prefix) == 4 * 2**20 and not prefix.strip(b"\0")
    zeros, expected = bytes(2**20), 0
    for _ in range(1024):
        expected = zlib.crc32(zeros, expected)
    assert crc == GZIP_BOMB_CRC32 == expected


def test_hostile_brotli_bomb_is_small_and_valid(server: SampleServer) -> None:
    page = fetch(server.url + "/hostile/brotli-bomb")
    assert page.headers["Content-Encoding"] == "br"
    assert len(page.body) < 10 * 1024
    prefix = brotli.Decompressor().process(page.body, output_buffer_limit=4 * 2**20)
    assert len(prefix) >= 2**20 and not prefix.strip(b"\0")


def test_hostile_mislabelled_bodies(server: SampleServer) -> None:
    pdf = fetch(server.url + "/hostile/pdf-as-html")
    assert pdf.body.startswith(b"%PDF-") and pdf.body.rstrip().endswith(b"%%EOF")
    assert pdf.headers["Content-Type"] == "text/html; charset=utf-8"
    binary = fetch(server.url + "/hostile/binary-as-html").body
    assert len(binary) == 64 * 1024
    with pytest.raises(UnicodeDecodeError):
        binary.decode("utf-8")
    wrong = fetch(server.url + "/hostile/wrong-charset")
    assert "charset=utf-8" in wrong.headers["Content-Type"]
    with pytest.raises(UnicodeDecodeError):
        wrong.body.decode("utf-8")
    assert "compañía" in wrong.body.decode("latin-1")
    bare = fetch(server.url + "/hostile/no-charset")
    assert bare.headers["Content-Type"] == "text/html"
    assert "charset" not in bare.text.lower() and "¿Dónde están?" in bare.text


def test_hostile_text_shapes(server: SampleServer) -> None:
    malformed = fetch(server.url + "/hostile/malformed").text
    assert "</div></div></span>" in malformed and "hay 301 presos políticos" in malformed
    empty = fetch(server.url + "/hostile/empty")
    assert empty.status == 200 and empty.body == b""
    line = fetch(server.url + "/hostile/long-line").body
    assert len(line) == 2**20 and b"\n" not in line
    xxe = fetch(server.url + "/hostile/xxe-feed.xml")
    assert xxe.headers["Content-Type"] == "application/rss+xml"
    assert '<!ENTITY xxe SYSTEM "file:///etc/passwd">' in xxe.text and "&xxe;" in xxe.text
    laughs = fetch(server.url + "/hostile/billion-laughs.xml").text
    assert "<!ENTITY lol9" in laughs and "&lol9;" in laughs
    assert fetch(server.url + "/hostile/disallowed").status == 200


def test_stop_does_not_wait_for_the_slow_page() -> None:
    running = SampleServer()
    running.start()
    outcome: list[object] = []

    def request_slow() -> None:
        try:
            outcome.append(fetch(running.url + "/hostile/slow").status)
        except OSError as error:  # the connection is dropped when the server stops
            outcome.append(error)

    client = threading.Thread(target=request_slow, daemon=True)
    client.start()
    deadline = time.monotonic() + 5
    while "/hostile/slow" not in running.requested_paths and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    running.stop()
    client.join(timeout=2)
    assert time.monotonic() - started < 1.5
    assert not client.is_alive() and outcome and outcome[0] != 200
