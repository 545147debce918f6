"""Finding article URLs: RSS/Atom feeds, sitemaps (indexes, news sitemaps) and listing pages.

Pure functions of (bytes or text, base URL) so they are tested offline against golden
strings. XML from the web is parsed with a parser that never resolves entities, never
loads a DTD and never touches the network (no XXE, no billion laughs), and refuses
huge trees.
"""

from __future__ import annotations

import logging
import re
import struct
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Literal

from lxml import etree
from parsel import Selector
from scrapy.utils.gz import gunzip
from w3lib.html import get_base_url

from crawler.urls import resolve

logger = logging.getLogger(__name__)
Kind = Literal["feed", "sitemap", "page", "other"]
FEED_ROOTS = frozenset({"rss", "feed", "RDF"})
SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
_XML_START = re.compile(rb"^\s*(<\?xml|<rss|<feed|<urlset|<sitemapindex|<rdf:RDF)", re.I)
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<!--)", re.I)
# What an XML document that cannot be parsed claims to be, from its first tags.
_FEED_TAG = re.compile(rb"<(!DOCTYPE\s+)?(rss|feed|rdf:RDF)\b", re.I)
_SITEMAP_TAG = re.compile(rb"<(!DOCTYPE\s+)?(urlset|sitemapindex)\b", re.I)
FEED_CONTENT_TYPES = ("rss", "atom", "rdf")
GZIP_MAGIC = b"\x1f\x8b"
BINARY_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"RIFF", b"\x7fELF")


class DiscoveryError(ValueError):
    """A feed or sitemap that cannot be read; the message says why."""


class TooLarge(DiscoveryError):
    """A gzip body that inflates beyond the size limit (a decompression bomb)."""


@dataclass(frozen=True)
class Discovered:
    """One URL found in a feed or sitemap, with the dates listed next to it."""

    url: str
    # Publication date as the feed or news sitemap states it (RSS pubDate, Atom
    # published, news:publication_date): a fallback for the article's own date.
    published: date | None = None
    # Last modification (sitemap lastmod, Atom updated): only used for the age limit.
    modified: date | None = None

    @property
    def newest_date(self) -> date | None:
        return self.modified or self.published


@dataclass(frozen=True)
class Sitemap:
    is_index: bool
    # Child sitemaps when is_index, else pages.
    entries: list[Discovered]


@dataclass(frozen=True)
class Listing:
    articles: list[str]
    next_pages: list[str]


def safe_xml_parser() -> etree.XMLParser:
    """The only way web XML is parsed here (see the module docstring)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(body: bytes) -> etree._Element:
    """Parse leniently (real feeds carry stray ``&nbsp;`` and the like), but refuse a
    document that hits a parser resource limit (entity bombs) and say when recovery
    may have dropped part of it."""
    parser = safe_xml_parser()
    try:
        root = etree.fromstring(body.lstrip(), parser=parser)
    except etree.XMLSyntaxError as error:
        raise DiscoveryError(f"not well-formed XML: {error}") from None
    if root is None:
        raise DiscoveryError("not XML: no root element")
    fatal = [e for e in parser.error_log if e.level == etree.ErrorLevels.FATAL]
    for error in fatal:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            raise DiscoveryError(f"refused: {error.message} (line {error.line})")
    if fatal:
        logger.warning("XML recovered from %d error(s), first: %s", len(fatal), fatal[0].message)
    return root


def local_name(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def sniff_kind(body: bytes, content_type: str | None) -> Kind:
    """What a response is, from its first bytes first and its Content-Type second:
    servers label feeds text/html and pages text/plain often enough."""
    head = body[:2048]
    if looks_binary(head):
        return "other"
    if _XML_START.match(head):
        try:
            root_name = local_name(parse_xml(body))
        except DiscoveryError:
            root_name = ""
        if root_name in FEED_ROOTS:
            return "feed"
        if root_name in SITEMAP_ROOTS:
            return "sitemap"
        if root_name == "html":
            return "page"
        if not root_name:
            # Unreadable (an entity bomb, a truncated file): still the feed or sitemap it
            # claims to be, so that it fails as bad_feed / bad_sitemap with the parser's
            # reason instead of as a page that is "not HTML".
            claimed = _claimed_xml_kind(head, content_type)
            if claimed != "other":
                return claimed
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype in ("text/html", "application/xhtml+xml") or _HTML_START.match(head):
        return "page"
    return "other"


def _claimed_xml_kind(head: bytes, content_type: str | None) -> Kind:
    if _FEED_TAG.search(head):
        return "feed"
    if _SITEMAP_TAG.search(head):
        return "sitemap"
    ctype = (content_type or "").split(";")[0].strip().lower()
    if any(name in ctype for name in FEED_CONTENT_TYPES):
        return "feed"
    return "other"


def gunzip_body(body: bytes, max_size: int) -> bytes:
    """The body with a gzip wrapper removed, never inflated beyond ``max_size`` bytes.

    Sitemaps are often served as .xml.gz files: a gzip body without Content-Encoding,
    which Scrapy's size limit on decompression does not cover. A body that is not gzip is
    returned as is. Raises :class:`TooLarge` for a bomb, :class:`DiscoveryError` for a
    broken gzip stream.
    """
    if body[:2] != GZIP_MAGIC:
        return body
    try:
        return gunzip(body, max_size=max_size)
    except ValueError:  # Scrapy's _DecompressionMaxSizeExceeded
        raise TooLarge(f"the gzip body inflates beyond {max_size} bytes") from None
    except (OSError, EOFError, struct.error) as error:
        raise DiscoveryError(f"broken gzip body: {error}") from None


def looks_binary(head: bytes) -> bool:
    """PDFs, images, archives and other non-text bodies, whatever their Content-Type."""
    if head.startswith(BINARY_MAGIC):
        return True
    sample = head[:1024]
    if not sample or sample.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text
        return False
    controls = sum(1 for byte in sample if byte < 9 or 13 < byte < 32)
    return controls / len(sample) > 0.05


def parse_feed(body: bytes, base_url: str) -> list[Discovered]:
    """Items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, in document order."""
    root = parse_xml(body)
    if local_name(root) not in FEED_ROOTS:
        raise DiscoveryError(f"not a feed: root element is <{local_name(root)}>")
    found: list[Discovered] = []
    for element in root.iter():
        name = local_name(element)
        if name == "item":
            entry = _rss_item(element, base_url)
        elif name == "entry":
            entry = _atom_entry(element, base_url)
        else:
            continue
        if entry is not None:
            found.append(entry)
    return found


def _children(element: etree._Element) -> dict[str, etree._Element]:
    """First child per local name (namespaces vary between feeds, names do not)."""
    children: dict[str, etree._Element] = {}
    for child in element:
        children.setdefault(local_name(child), child)
    return children


def _text(element: etree._Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _rss_item(item: etree._Element, base_url: str) -> Discovered | None:
    children = _children(item)
    href = _text(children.get("link"))
    guid = children.get("guid")
    if not href and guid is not None and guid.get("isPermaLink", "true").lower() == "true":
        href = _text(guid)
    url = resolve(base_url, href) if href else None
    if url is None:
        return None
    published = parse_date(_text(children.get("pubDate")) or _text(children.get("date")))
    return Discovered(url=url, published=published)


def _atom_entry(entry: etree._Element, base_url: str) -> Discovered | None:
    href = ""
    for child in entry:
        if local_name(child) == "link" and child.get("rel", "alternate") == "alternate":
            href = child.get("href", "")
            break
    url = resolve(base_url, href) if href else None
    if url is None:
        return None
    children = _children(entry)
    return Discovered(
        url=url,
        published=parse_date(_text(children.get("published"))),
        modified=parse_date(_text(children.get("updated"))),
    )


def parse_sitemap(body: bytes, base_url: str) -> Sitemap:
    """A sitemap index (child sitemaps) or a URL set, including Google news sitemaps."""
    root = parse_xml(body)
    root_name = local_name(root)
    if root_name not in SITEMAP_ROOTS:
        raise DiscoveryError(f"not a sitemap: root element is <{root_name}>")
    entry_name = "sitemap" if root_name == "sitemapindex" else "url"
    entries = []
    for element in root:
        if local_name(element) != entry_name:
            continue
        children = _children(element)
        url = resolve(base_url, _text(children.get("loc")))
        if url is None:
            continue
        news = children.get("news")
        published = None
        if news is not None:
            published = parse_date(_text(_children(news).get("publication_date")))
        modified = parse_date(_text(children.get("lastmod")))
        entries.append(Discovered(url=url, published=published, modified=modified))
    return Sitemap(is_index=root_name == "sitemapindex", entries=entries)


def parse_listing(
    html: str, page_url: str, link_pattern: str, next_pattern: str | None = None
) -> Listing:
    """Article links (matching ``link_pattern``) and next-page links of a listing page.

    Patterns are searched in the absolute URL. Without ``next_pattern``, rel="next"
    links are followed. Each URL is given once, in page order.
    """
    selector = Selector(text=html)
    base = get_base_url(html, page_url)
    article_re, next_re = re.compile(link_pattern), re.compile(next_pattern or r"(?!)")
    articles: dict[str, None] = {}
    next_pages: dict[str, None] = {}
    for anchor in selector.css("a[href]"):
        url = resolve(base, anchor.attrib["href"])
        if url is None:
            continue
        rel = anchor.attrib.get("rel", "").lower().split()
        if next_re.search(url) or (next_pattern is None and "next" in rel):
            next_pages.setdefault(url)
        elif article_re.search(url):
            articles.setdefault(url)
    if next_pattern is None:
        for href in selector.css('link[rel~="next"]::attr(href)').getall():
            url = resolve(base, href)
            if url is not None:
                next_pages.setdefault(url)
    next_pages.pop(page_url, None)
    return Listing(articles=list(articles), next_pages=list(next_pages))


def parse_date(value: str) -> date | None:
    """The calendar date a feed or sitemap states, as the publisher wrote it (its own
    time zone, not converted to UTC): RFC 822 (RSS) or ISO 8601 (Atom, sitemaps)."""
    value = value.strip()
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        pass
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value)
    if match:
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            return None
    return None


def too_old(entry: Discovered, max_age_days: int, today: date) -> bool:
    """Entries without any date are never too old: the page itself will tell."""
    newest = entry.newest_date
    return newest is not None and newest < today - timedelta(days=max_age_days)
