"""Feeds, sitemaps and listings, parsed from golden strings (no network)."""

from __future__ import annotations

import gzip
import time
from datetime import date

import pytest
from lxml import etree

from crawler.discovery import (
    Discovered,
    DiscoveryError,
    looks_binary,
    parse_date,
    parse_feed,
    parse_listing,
    parse_sitemap,
    parse_xml,
    sniff_kind,
    too_old,
)

BASE = "https://ngo.example.org/"

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Comunicados</title>
    <item>
      <title>301 presos politicos</title>
      <link>https://ngo.example.org/es/301.html?utm_source=rss</link>
      <pubDate>Tue, 16 Jul 2024 22:00:00 -0400</pubDate>
    </item>
    <item>
      <title>Relative link, date in dc:date</title>
      <link>/es/relativo.html</link>
      <dc:date>2024-06-01T10:00:00Z</dc:date>
    </item>
    <item>
      <title>Only a permalink guid</title>
      <guid isPermaLink="true">https://ngo.example.org/es/guid.html</guid>
    </item>
    <item><title>No link at all</title><guid isPermaLink="false">tag:1</guid></item>
  </channel>
</rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Statements</title>
  <entry>
    <title>One</title>
    <link rel="self" href="https://ngo.example.org/api/1"/>
    <link rel="alternate" href="https://ngo.example.org/en/one.html"/>
    <published>2024-07-16T10:00:00-04:00</published>
    <updated>2024-07-18T10:00:00-04:00</updated>
  </entry>
  <entry>
    <title>Two</title>
    <link href="two.html"/>
    <updated>2024-05-02</updated>
  </entry>
</feed>"""

SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://ngo.example.org/sitemap-news.xml</loc>
    <lastmod>2024-07-25T10:00:00-04:00</lastmod></sitemap>
  <sitemap><loc>https://ngo.example.org/sitemap-2019.xml</loc></sitemap>
</sitemapindex>"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://ngo.example.org/a.html</loc>
    <lastmod>2024-07-26</lastmod>
    <news:news>
      <news:publication><news:name>NGO</news:name><news:language>es</news:language>
      </news:publication>
      <news:publication_date>2024-07-25T10:00:00-04:00</news:publication_date>
      <news:title>A</news:title>
    </news:news>
  </url>
  <url><loc>https://ngo.example.org/b.html</loc></url>
</urlset>"""

LISTING = """<!DOCTYPE html><html><head><base href="https://news.example.org/">
<link rel="next" href="/news/page/2/"></head><body>
<nav><a href="/">Inicio</a> <a href="/news/">Noticias</a></nav>
<article><a href="/articles/one.html">One</a> <a href="/articles/one.html#more">More</a></article>
<article><a href="articles/two.html?utm_source=home">Two</a></article>
<a href="mailto:tips@example.org">Tips</a>
<nav class="pagination"><a href="/news/page/2/" class="next">Siguiente</a></nav>
</body></html>"""


def test_rss_items_in_order_with_dates() -> None:
    entries = parse_feed(RSS, BASE)
    assert entries == [
        Discovered("https://ngo.example.org/es/301.html?utm_source=rss", date(2024, 7, 16)),
        Discovered("https://ngo.example.org/es/relativo.html", date(2024, 6, 1)),
        Discovered("https://ngo.example.org/es/guid.html"),
    ]


def test_atom_entries_use_the_alternate_link() -> None:
    one, two = parse_feed(ATOM, "https://ngo.example.org/feed/")
    assert one == Discovered(
        "https://ngo.example.org/en/one.html", date(2024, 7, 16), date(2024, 7, 18)
    )
    assert two == Discovered("https://ngo.example.org/feed/two.html", None, date(2024, 5, 2))


def test_rdf_feed() -> None:
    rdf = b"""<?xml version="1.0"?>
    <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
             xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="x"><title>t</title></channel>
      <item rdf:about="https://ngo.example.org/r.html"><link>https://ngo.example.org/r.html</link>
        <dc:date>2024-01-02</dc:date></item>
    </rdf:RDF>"""
    assert parse_feed(rdf, BASE) == [Discovered("https://ngo.example.org/r.html", date(2024, 1, 2))]


def test_sitemap_index_lists_child_sitemaps() -> None:
    sitemap = parse_sitemap(SITEMAP_INDEX, BASE)
    assert sitemap.is_index
    assert [e.url for e in sitemap.entries] == [
        "https://ngo.example.org/sitemap-news.xml",
        "https://ngo.example.org/sitemap-2019.xml",
    ]
    assert sitemap.entries[0].modified == date(2024, 7, 25)


def test_news_sitemap_gives_publication_dates() -> None:
    sitemap = parse_sitemap(NEWS_SITEMAP, BASE)
    assert not sitemap.is_index
    assert sitemap.entries == [
        Discovered("https://ngo.example.org/a.html", date(2024, 7, 25), date(2024, 7, 26)),
        Discovered("https://ngo.example.org/b.html"),
    ]


def test_wrong_document_kinds_are_errors() -> None:
    with pytest.raises(DiscoveryError, match="not a sitemap: root element is <rss>"):
        parse_sitemap(RSS, BASE)
    with pytest.raises(DiscoveryError, match="not a feed: root element is <urlset>"):
        parse_feed(NEWS_SITEMAP, BASE)
    with pytest.raises(DiscoveryError):
        parse_feed(b"", BASE)


def test_external_entities_are_never_read(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    xxe = f"""<?xml version="1.0"?>
    <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>
    <rss version="2.0"><channel><item><title>&xxe;</title>
    <link>https://ngo.example.org/x.html</link></item></channel></rss>""".encode()
    assert b"TOP-SECRET" not in etree.tostring(parse_xml(xxe))
    assert parse_feed(xxe, BASE) == [Discovered("https://ngo.example.org/x.html")]


def test_entity_expansion_bomb_is_not_expanded() -> None:
    levels = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    ]
    bomb = f"""<?xml version="1.0"?><!DOCTYPE rss [{"".join(levels)}]>
    <rss version="2.0"><channel><item><title>&lol9;</title>
    <link>https://ngo.example.org/b.html</link></item></channel></rss>""".encode()
    started = time.perf_counter()
    with pytest.raises(DiscoveryError, match="refused: Maximum entity amplification"):
        parse_feed(bomb, BASE)
    assert time.perf_counter() - started < 1


def test_stray_html_entities_are_survived() -> None:
    feed = RSS.replace(b"<title>Comunicados</title>", b"<title>A&nbsp;B</title>")
    assert len(parse_feed(feed, BASE)) == 3


def test_listing_links_and_pagination() -> None:
    listing = parse_listing(
        LISTING, "https://news.example.org/news/", r"/articles/[^/]+\.html", r"/news/page/\d+/$"
    )
    assert listing.articles == [
        "https://news.example.org/articles/one.html",
        "https://news.example.org/articles/two.html?utm_source=home",
    ]
    assert listing.next_pages == ["https://news.example.org/news/page/2/"]


def test_listing_without_next_pattern_follows_rel_next() -> None:
    listing = parse_listing(LISTING, "https://news.example.org/news/", r"/articles/")
    assert listing.next_pages == ["https://news.example.org/news/page/2/"]


def test_listing_never_lists_itself_as_next() -> None:
    html = '<a href="/news/page/2/">2</a><a href="/news/page/3/">3</a>'
    listing = parse_listing(html, "https://x.org/news/page/2/", r"/articles/", r"/news/page/\d+/")
    assert listing.next_pages == ["https://x.org/news/page/3/"]


@pytest.mark.parametrize(
    ("body", "content_type", "kind"),
    [
        (RSS, "text/html", "feed"),
        (ATOM, None, "feed"),
        (NEWS_SITEMAP, "text/xml", "sitemap"),
        (SITEMAP_INDEX, "application/xml", "sitemap"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "text/plain", "page"),
        (b"<p>fragment</p>", "text/html; charset=utf-8", "page"),
        (b"%PDF-1.4 ...", "text/html", "other"),
        (bytes(range(256)) * 4, "text/html", "other"),
        (b'{"json": true}', "application/json", "other"),
        (b"", "text/html", "page"),
    ],
)
def test_sniff_kind(body: bytes, content_type: str | None, kind: str) -> None:
    assert sniff_kind(body, content_type) == kind


def test_gzip_and_utf16_are_told_apart() -> None:
    assert looks_binary(gzip.compress(b"<urlset/>"))
    assert not looks_binary("<html>é</html>".encode("utf-16"))


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("Tue, 16 Jul 2024 22:00:00 -0400", date(2024, 7, 16)),
        ("2024-07-16T23:30:00-04:00", date(2024, 7, 16)),
        ("2024-07-16T23:30:00Z", date(2024, 7, 16)),
        ("2024-07-16", date(2024, 7, 16)),
        ("2024-07-16 garbage", date(2024, 7, 16)),
        ("yesterday", None),
        ("", None),
        ("2024-13-45", None),
    ],
)
def test_parse_date_keeps_the_publisher_calendar_date(raw: str, parsed: date | None) -> None:
    assert parse_date(raw) == parsed


def test_age_limit_uses_the_newest_listed_date() -> None:
    today = date(2024, 8, 1)
    assert too_old(Discovered("u", published=date(2024, 1, 1)), 30, today)
    assert not too_old(Discovered("u", date(2024, 1, 1), modified=date(2024, 7, 30)), 30, today)
    assert not too_old(Discovered("u"), 30, today)
