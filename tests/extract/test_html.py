"""One HTML-to-text path: `crosstally extract PAGE.html` reads the text the crawl stores.

A figure's offsets index the stored text, so the same page must give the same text, the
same language and the same offsets whether it arrives by crawl or on the command line.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.article import decode_html, extract_article
from crosstally.cli import cli
from extract.html import HtmlError, extract_main_text, main_text
from extract.result import InputDoc

SAMPLE_WWW = Path(__file__).resolve().parents[2] / "crawler" / "sample_site" / "www"
BASE = "http://127.0.0.1:8000/"


@pytest.mark.parametrize(
    "page",
    [
        "ngo/es/2024/07/presos-politicos-julio-2024.html",
        "ngo/en/2024/07/political-prisoners-july-2024.html",
        "outlet-b/articles/observatorio-301-presos-politicos.html",
    ],
)
def test_extract_on_a_saved_page_reads_the_text_the_crawl_stored(extractor, page: str) -> None:
    path = SAMPLE_WWW / page
    html, _encoding = decode_html(path.read_bytes(), "text/html; charset=utf-8")
    stored = extract_article(html, BASE + page, languages=("es", "en"))
    assert stored is not None

    # what `crosstally extract --pending` does with the stored document
    pending = extractor.extract(
        InputDoc(id=page, text=stored.text, lang=stored.language, url=BASE + page)
    ).to_json()
    # the page given as a file on the command line, and as HTML input to the API
    result = CliRunner().invoke(cli, ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    from_file = json.loads(result.stdout)
    from_html = extractor.extract(InputDoc(id=page, html=html)).to_json()

    assert pending["counts"], "the page should have figures to compare"
    for data in (from_file, from_html):
        assert data["text"] == stored.text  # given back for HTML input only
        assert data["language"] == stored.language
        assert data["counts"] == pending["counts"]
        assert data["arrests"] == pending["arrests"]
    for count in from_file["counts"]:
        assert stored.text[count["start"] : count["end"]] == count["quote"]


def test_main_text_keeps_tables_and_raises_without_text() -> None:
    html = (
        "<html><body><article><h1>Balance</h1><p>The monitor published its quarterly "
        "figures on Monday, broken down by state, and asked for access to detainees.</p>"
        "<table><tr><th>State</th><th>Detained</th></tr><tr><td>Zulia</td><td>45</td></tr>"
        "</table></article></body></html>"
    )
    text = main_text(html)
    assert "Zulia" in text and "45" in text
    assert extract_main_text(html).metadata.title == "Balance"
    gallery = '<html><body><div class="gallery"><img src="a.jpg"></div></body></html>'
    with pytest.raises(HtmlError):
        main_text(gallery)
    assert extract_main_text(gallery).text == ""


def test_arrest_named_in_the_next_paragraph_of_a_page(extractor) -> None:
    """Crawled text puts one paragraph a line, with no blank line between: "Entre ellas"
    still refers to the detainees of the paragraph before."""
    html = (
        "<html><body><article><h1>Detenciones</h1><p>Al menos 16 personas fueron detenidas "
        "ayer en la capital, según la ONG Voces Libres.</p><p>Entre ellas está la periodista "
        "Ana Lucía Serrano.</p></article></body></html>"
    )
    result = extractor.extract(InputDoc(id="p", html=html, published=date(2024, 6, 12)))
    assert [a.person for a in result.arrests] == ["Ana Lucía Serrano"]
