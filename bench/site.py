"""A generated news site on 127.0.0.1: article pages, a sitemap index, robots.txt.

Why not the project's SampleServer: the end-to-end benchmark needs thousands of pages, not the
two dozen hand-written ones, and a server that costs next to nothing per request so that the
crawl's own cost is what gets measured. Pages are rendered once, after the port is known
(sitemaps and canonical links need absolute URLs), in the layout of the sample site's outlets
(WordPress-style meta tags for some, JSON-LD NewsArticle for others), with a navigation bar,
related-article links (so a crawler that follows links has links to follow), share widgets and
a footer around the article body. HTTP/1.1 keep-alive, one thread per connection.
"""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import ClassVar

from bench.generate import Article

HTML = "text/html; charset=utf-8"
XML = "application/xml"
TEXT = "text/plain; charset=utf-8"
SITEMAP_CHUNK = 500
RELATED = (1, 7, 31)  # related links: articles i+1, i+7, i+31 (mod n)
ARTICLE_PATTERN = r"/articles/\d{4}/[^/]+\.html$"
LABELS = {
    "en": ("Home", "Nation", "Regions", "Human rights", "Related stories", "Share", "By"),
    "es": ("Portada", "Nacional", "Regiones", "Derechos humanos", "Lea también", "Compartir",
           "Por"),
}  # fmt: skip


def article_path(item: Article) -> str:
    return f"/articles/{item.published.year}/{item.slug}.html"


def render_article(item: Article, base_url: str, related: Sequence[Article]) -> bytes:
    """One article page; its body text is the article's title and paragraphs."""
    home, nation, regions, rights, also, share, by = LABELS[item.lang]
    url = base_url + article_path(item)
    published = f"{item.published.isoformat()}T09:00:00-04:00"
    title = html.escape(item.title)
    if item.id % 2:
        dated = (
            f'<meta property="article:published_time" content="{published}">\n'
            f'<meta name="author" content="{html.escape(item.author)}">'
        )
    else:
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": item.title,
            "inLanguage": item.lang,
            "mainEntityOfPage": url,
            "author": {"@type": "Person", "name": item.author},
            "publisher": {"@type": "NewsMediaOrganization", "name": item.publisher},
            "datePublished": published,
        }
        dated = f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
    paragraphs = "\n".join(f"    <p>{html.escape(p)}</p>" for p in item.paragraphs)
    links = "\n".join(
        f'    <li><a href="{article_path(other)}">{html.escape(other.title)}</a></li>'
        for other in related
    )
    page = f"""<!DOCTYPE html>
<html lang="{item.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} | {html.escape(item.publisher)}</title>
<meta name="description" content="{html.escape(item.paragraphs[0][:150])}">
<link rel="canonical" href="{url}">
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="og:url" content="{url}">
{dated}
<style>body{{font-family:Georgia,serif;margin:0}}main{{max-width:46rem;margin:0 auto}}</style>
</head>
<body class="single-post">
<header class="site-header">
  <p class="site-title"><a href="/">{html.escape(item.publisher)}</a></p>
  <nav class="main-navigation"><a href="/">{home}</a> <a href="/#nacional">{nation}</a>
  <a href="/#regiones">{regions}</a> <a href="/#ddhh">{rights}</a></nav>
</header>
<main id="main">
<article class="post">
  <header class="entry-header">
    <h1 class="entry-title">{title}</h1>
    <p class="byline">{by} <span class="author">{html.escape(item.author)}</span> ·
    <time datetime="{published}">{item.published.isoformat()}</time></p>
  </header>
  <div class="entry-content">
{paragraphs}
  </div>
</article>
<aside class="related">
  <h2>{also}</h2>
  <ul>
{links}
  </ul>
</aside>
<div class="sharedaddy">{share}: <a href="/#facebook">Facebook</a> · <a href="/#x">X</a> ·
<a href="/#whatsapp">WhatsApp</a></div>
</main>
<footer class="site-footer">
  <p>© {html.escape(item.publisher)}</p>
  <p class="fictional-notice">Fictional sample data for crosstally benchmarks</p>
</footer>
</body>
</html>
"""
    return page.encode("utf-8")


def render_site(items: Sequence[Article], base_url: str) -> dict[str, tuple[bytes, str]]:
    """Every path of the site -> (body, content type)."""
    pages: dict[str, tuple[bytes, str]] = {}
    count = len(items)
    for item in items:
        related = [items[(item.id + step) % count] for step in RELATED if count > 1]
        pages[article_path(item)] = (render_article(item, base_url, related), HTML)
    sitemaps = []
    for number, start in enumerate(range(0, count, SITEMAP_CHUNK), start=1):
        entries = "".join(
            f"<url><loc>{base_url}{article_path(item)}</loc>"
            f"<lastmod>{item.published.isoformat()}</lastmod></url>\n"
            for item in items[start : start + SITEMAP_CHUNK]
        )
        path = f"/sitemaps/articles-{number}.xml"
        pages[path] = (_urlset(entries), XML)
        sitemaps.append(f"<sitemap><loc>{base_url}{path}</loc></sitemap>\n")
    index = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "".join(sitemaps)
        + "</sitemapindex>\n"
    )
    pages["/sitemap.xml"] = (index.encode(), XML)
    robots = f"User-agent: *\nDisallow: /private/\nSitemap: {base_url}/sitemap.xml\n"
    pages["/robots.txt"] = (robots.encode(), TEXT)
    home = "".join(
        f'<li><a href="{article_path(i)}">{html.escape(i.title)}</a></li>' for i in items[:50]
    )
    pages["/"] = (f"<!DOCTYPE html><html><body><ul>{home}</ul></body></html>".encode(), HTML)
    return pages


def _urlset(entries: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + entries + "</urlset>\n"
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server
    NOT_FOUND: ClassVar[bytes] = b"<!DOCTYPE html><html><body>Not found</body></html>"

    def do_GET(self) -> None:
        self._reply(head=False)

    def do_HEAD(self) -> None:
        self._reply(head=True)

    def _reply(self, head: bool) -> None:
        path = self.path.split("?", 1)[0]
        found = self.server.pages.get(path)
        status, (body, content_type) = (200, found) if found else (404, (self.NOT_FOUND, HTML))
        with self.server.lock:
            self.server.requests += 1
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", "Tue, 01 Jul 2025 12:00:00 GMT")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: thousands of requests."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.pages: dict[str, tuple[bytes, str]] = {}
        self.requests = 0
        self.lock = threading.Lock()


class SiteServer:
    """``with SiteServer(articles) as site: site.base_url ...`` serves them until the block ends."""

    def __init__(self, items: Sequence[Article]) -> None:
        self.items = list(items)
        self._server = _Server()
        host, port = self._server.server_address[:2]
        self.base_url = f"http://{host}:{port}"
        self._server.pages = render_site(self.items, self.base_url)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def requests(self) -> int:
        return self._server.requests

    def reset_requests(self) -> None:
        with self._server.lock:
            self._server.requests = 0

    @property
    def sitemap_url(self) -> str:
        return f"{self.base_url}/sitemap.xml"

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
