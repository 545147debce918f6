"""One article page (HTML) to the fields of a document version, each with its provenance.

Main text, title and byline come from trafilatura through extract.html, so that ``crosstally
extract`` on a saved page reads the very text stored here; the language comes from
extract.language, the identifier the extractor uses too. The publication date is taken
from what the publisher declares (JSON-LD, then meta tags), then guessed by htmldate, then
taken from the feed or sitemap that listed the page; ``published_source`` says which,
because an analyst weighs a declared date and a guessed one differently.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime
from typing import Any, Literal

from parsel import Selector

from crawler.urls import canonicalize, in_domains, resolve
from extract.html import extract_main_text
from extract.language import LanguageSource, detect_language, primary_subtag

DateSource = Literal["jsonld", "meta", "htmldate", "feed", "sitemap", "none"]
ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "blogposting", "report", "reportagenewsarticle", "pressrelease"}
)
# Meta tags that declare a publication date, by the attribute that names them.
DATE_META = {
    "property": ("article:published_time", "og:article:published_time", "og:published_time"),
    "name": (
        "article:published_time",
        "dc.date",
        "dc.date.issued",
        "dc.date.created",
        "dcterms.date",
        "dcterms.issued",
        "dcterms.created",
        "date",
        "pubdate",
        "publishdate",
        "publish-date",
        "parsely-pub-date",
        "sailthru.date",
    ),
    "itemprop": ("datepublished",),
}
_PARTIAL_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?=$|[T\s+Z]|-\d\d:)")
EARLIEST_YEAR = 1990


@dataclass(frozen=True)
class ListedDate:
    """The date a feed or news sitemap gave for the page (the last-resort date)."""

    value: date
    source: Literal["feed", "sitemap"]


@dataclass(frozen=True)
class ArticleFields:
    canonical_url: str
    title: str | None
    byline: str | None
    text: str
    text_sha256: str
    # Partial date ("2024", "2024-07", "2024-07-17"), never a made-up full date.
    published_at: str | None
    published_source: DateSource
    language: str | None
    language_source: LanguageSource | None


def extract_article(
    html: str,
    final_url: str,
    *,
    languages: Sequence[str] = (),
    allowed_domains: Sequence[str] = (),
    listed: ListedDate | None = None,
) -> ArticleFields | None:
    """The document fields of one page, or None when it has no main text."""
    text, extracted = extract_main_text(html, final_url)
    if not text:
        return None
    selector = Selector(text=html)
    published_at, published_source = find_published(html, selector, final_url, listed)
    language, language_source = detect_language(text, html_lang(selector), languages)
    return ArticleFields(
        canonical_url=find_canonical(selector, final_url, allowed_domains),
        title=_clean(getattr(extracted, "title", None)) or _fallback_title(selector),
        byline=_clean(getattr(extracted, "author", None)),
        text=text,
        text_sha256=text_digest(text),
        published_at=published_at,
        published_source=published_source,
        language=language,
        language_source=language_source,
    )


def decode_html(body: bytes, content_type: str | None) -> tuple[str, str]:
    """Decode a page as browsers do (BOM, then HTTP charset, then <meta>), except that
    a page declared UTF-8 but not valid UTF-8 is read as Windows-1252: servers mislabel
    Latin-1 pages often, and replacement characters in a quote would damage evidence."""
    from w3lib.encoding import html_to_unicode

    encoding, text = html_to_unicode(content_type, body)
    if "\ufffd" in text and encoding.replace("-", "").lower() in ("utf8", "utf8sig"):
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return body.decode("cp1252", errors="replace"), "cp1252"
    return text, encoding


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def find_canonical(selector: Selector, final_url: str, allowed_domains: Sequence[str]) -> str:
    """rel=canonical when it points inside the source's domains, else the final URL;
    tracking parameters and fragment removed either way.

    A canonical link to another site marks syndicated copy (a wire story carried by an
    outlet): the page on this site is still this site's document, so its own URL wins.
    """
    for href in selector.css('link[rel~="canonical"]::attr(href)').getall():
        url = resolve(final_url, href)
        if url and (not allowed_domains or in_domains(url, list(allowed_domains))):
            return canonicalize(url)
    return canonicalize(final_url)


def find_published(
    html: str, selector: Selector, final_url: str, listed: ListedDate | None
) -> tuple[str | None, DateSource]:
    declared = _jsonld_date(selector)
    if declared:
        return declared, "jsonld"
    declared = _meta_date(selector)
    if declared:
        return declared, "meta"
    guessed = _htmldate(html, final_url)
    if guessed:
        return guessed, "htmldate"
    if listed is not None:
        return listed.value.isoformat(), listed.source
    return None, "none"


def _jsonld_date(selector: Selector) -> str | None:
    fallback = None
    for script in selector.css('script[type="application/ld+json"]::text').getall():
        try:
            data = json.loads(script, strict=False)
        except ValueError:
            continue
        for item in _jsonld_items(data):
            value = partial_date(str(item.get("datePublished") or ""))
            if not value:
                continue
            types_ = item.get("@type")
            names = types_ if isinstance(types_, list) else [types_]
            if any(str(name).lower() in ARTICLE_TYPES for name in names):
                return value
            fallback = fallback or value
    return fallback


def _jsonld_items(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for element in data:
            yield from _jsonld_items(element)
    elif isinstance(data, dict):
        yield data
        yield from _jsonld_items(data.get("@graph", []))


def _meta_date(selector: Selector) -> str | None:
    for attribute, names in DATE_META.items():
        for element in selector.xpath(f"//*[@{attribute}]"):
            if element.attrib[attribute].strip().lower() not in names:
                continue
            raw = element.attrib.get("content") or element.attrib.get("datetime")
            raw = raw or " ".join(element.css("::text").getall())
            value = partial_date(raw)
            if value:
                return value
    return None


def _htmldate(html: str, final_url: str) -> str | None:
    from htmldate import find_date

    try:
        return find_date(html, extensive_search=False, original_date=True, url=final_url)
    except (ValueError, TypeError):
        return None


def partial_date(raw: str | None) -> str | None:
    """ "2024-07-17T10:00:00Z" -> "2024-07-17"; "2024-07" stays "2024-07"; RFC 822 dates
    are read too. Implausible dates (before 1990, month 13) give None."""
    if not raw or not raw.strip():
        return None
    match = _PARTIAL_DATE.match(raw)
    if match is None:
        try:
            return parsedate_to_datetime(raw.strip()).date().isoformat()
        except (TypeError, ValueError, IndexError):
            return None
    year, month, day = match.groups()
    if int(year) < EARLIEST_YEAR:
        return None
    try:
        if day:
            return date(int(year), int(month), int(day)).isoformat()
        if month:
            return date(int(year), int(month), 1).strftime("%Y-%m")
    except ValueError:
        return None
    return year


def html_lang(selector: Selector) -> str | None:
    """Primary subtag of <html lang> ("es-VE" -> "es")."""
    raw = selector.xpath("/html/@lang").get() or selector.xpath("/html/@xml:lang").get()
    return primary_subtag(raw)


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def _fallback_title(selector: Selector) -> str | None:
    return _clean(
        selector.css('meta[property="og:title"]::attr(content)').get()
        or selector.css("title::text").get()
    )
