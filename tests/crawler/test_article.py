"""Article fields from golden HTML: one assertion group per field."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.article import (
    ListedDate,
    decode_html,
    extract_article,
    partial_date,
    text_digest,
)
from extract.language import detect_language

URL = "https://news.example.org/articles/story.html"
BODY_ES = """
<p>El Observatorio de Presos Políticos informó este martes que hay 301 presos políticos en
Venezuela, de los cuales 152 son militares y 149 civiles, según su último balance.</p>
<p>La organización señaló que la cifra incluye a personas detenidas durante las protestas
de los últimos meses en varias ciudades del país, y pidió acceso a abogados de confianza.</p>
"""
BODY_EN = """
<p>The Observatorio de Presos Políticos said on Tuesday that there are 301 political
prisoners in Venezuela, 152 of them military personnel and 149 civilians.</p>
<p>The organisation said the figure includes people detained during protests in recent
months in several cities, and asked for access to lawyers of their choosing.</p>
"""


def page(head: str = "", body: str = BODY_ES, lang: str = "es") -> str:
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
    <title>301 presos políticos | Diario</title>{head}</head><body>
    <header><nav><a href="/">Inicio</a> <a href="/news/">Noticias</a></nav></header>
    <main><article><h1>301 presos políticos en Venezuela</h1>{body}</article></main>
    <footer><p>© 2021 Diario. Todos los derechos reservados.</p></footer></body></html>"""


def extract(html: str, **kwargs):
    kwargs.setdefault("languages", ("es", "en"))
    kwargs.setdefault("allowed_domains", ("news.example.org",))
    article = extract_article(html, URL, **kwargs)
    assert article is not None
    return article


def test_title_byline_and_text() -> None:
    article = extract(page('<meta name="author" content="Ana Pérez">'))
    assert article.title == "301 presos políticos en Venezuela"
    assert article.byline == "Ana Pérez"
    assert "152 son militares y 149 civiles" in article.text
    assert "Inicio" not in article.text and "derechos reservados" not in article.text
    assert article.text_sha256 == text_digest(article.text)


def test_date_from_jsonld_wins() -> None:
    jsonld = """<script type="application/ld+json">{"@context": "https://schema.org",
      "@graph": [{"@type": "WebSite", "datePublished": "2019-01-01"},
                 {"@type": "NewsArticle", "datePublished": "2024-07-16T10:00:00-04:00"}]}
      </script><meta property="article:published_time" content="2024-07-01">"""
    article = extract(page(jsonld))
    assert (article.published_at, article.published_source) == ("2024-07-16", "jsonld")


def test_date_from_meta_tags() -> None:
    for head in (
        '<meta property="article:published_time" content="2024-07-16T10:00:00Z">',
        '<meta name="DC.date.issued" content="2024-07-16">',
        '<meta itemprop="datePublished" content="2024-07-16">',
    ):
        article = extract(page(head))
        assert (article.published_at, article.published_source) == ("2024-07-16", "meta")


def test_date_guessed_by_htmldate() -> None:
    body = '<p class="date"><time datetime="2024-07-16">16/07/2024</time></p>' + BODY_ES
    article = extract(page(body=body))
    assert (article.published_at, article.published_source) == ("2024-07-16", "htmldate")


def test_date_from_the_feed_as_a_last_resort() -> None:
    listed = ListedDate(date(2024, 7, 15), "feed")
    article = extract(page(), listed=listed)
    assert (article.published_at, article.published_source) == ("2024-07-15", "feed")


def test_no_date_anywhere() -> None:
    article = extract(page())
    assert (article.published_at, article.published_source) == (None, "none")


@pytest.mark.parametrize(
    ("raw", "partial"),
    [
        ("2024-07-16T10:00:00-04:00", "2024-07-16"),
        ("2024-07", "2024-07"),
        ("2024", "2024"),
        ("Tue, 16 Jul 2024 10:00:00 GMT", "2024-07-16"),
        ("1970-01-01", None),
        ("2024-02-30", None),
        ("16/07/2024", None),
        ("", None),
    ],
)
def test_partial_dates_keep_their_precision(raw: str, partial: str | None) -> None:
    assert partial_date(raw) == partial


def test_canonical_url_strips_tracking_and_fragment() -> None:
    head = f'<link rel="canonical" href="{URL}?utm_source=rss&amp;utm_medium=feed#top">'
    assert extract(page(head)).canonical_url == URL


def test_canonical_url_falls_back_to_the_final_url() -> None:
    assert extract(page()).canonical_url == URL


def test_offsite_canonical_is_not_this_pages_identity() -> None:
    head = '<link rel="canonical" href="https://wire.example.com/story/123">'
    assert extract(page(head)).canonical_url == URL


def test_language_from_html_lang_when_it_agrees() -> None:
    article = extract(page(lang="es-VE"))
    assert (article.language, article.language_source) == ("es", "html_lang")


def test_language_from_langid_when_html_lang_is_wrong() -> None:
    article = extract(page(body=BODY_EN, lang="es"))
    assert (article.language, article.language_source) == ("en", "langid")


def test_language_is_restricted_to_the_source_languages() -> None:
    text = "Die Organisation sagte, dass es 301 politische Gefangene gibt."
    assert detect_language(text, None, ("es", "en"))[0] in ("es", "en")
    assert detect_language(text, None, ())[0] == "de"


def test_page_without_main_text_gives_none() -> None:
    empty = page(body='<div class="gallery"><img src="a.jpg"><img src="b.jpg"></div>')
    assert extract_article(empty, URL) is None
    assert extract_article("", URL) is None


def test_short_statement_is_kept() -> None:
    short = page(body="<p>Foro Penal: 281 presos políticos al 1 de julio.</p>")
    assert extract(short).text.endswith("281 presos políticos al 1 de julio.")


def test_mislabelled_latin1_is_decoded_as_windows_1252() -> None:
    body = "<p>Según el Observatorio, la compañía…</p>".encode("cp1252")
    text, encoding = decode_html(body, "text/html; charset=utf-8")
    assert (text, encoding) == ("<p>Según el Observatorio, la compañía…</p>", "cp1252")


def test_declared_charset_is_honoured() -> None:
    body = "<p>Según</p>".encode()
    assert decode_html(body, "text/html; charset=utf-8") == ("<p>Según</p>", "utf-8")
    assert decode_html('<meta charset="iso-8859-1"><p>Seg\xfan</p>'.encode("latin-1"), None)[
        0
    ].endswith("<p>Según</p>")
