"""HTML to the main text of a page (trafilatura), the text every offset then indexes.

The crawl stores this text (its digest identifies a document version) and ``crosstally
extract`` on an HTML file reads the same, so a figure found in a stored page and in the
same page given on the command line is at the same offsets.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

_TAG = re.compile(r"<\s*(?:html|body|p|div|article|head|br|span|h[1-6])\b", re.IGNORECASE)
# Extracted texts shorter than this are double-checked in trafilatura's precision mode.
CONFIRM_BELOW_CHARS = 200


class HtmlError(ValueError):
    """A page from which no main text could be extracted."""


class MainText(NamedTuple):
    """A page's main text ("" when it has none) and trafilatura's metadata document
    (title, author; None when trafilatura found nothing at all)."""

    text: str
    metadata: Any


def looks_like_html(text: str) -> bool:
    """Whether a file's content is HTML rather than plain text."""
    return bool(_TAG.search(text[:4096]))


def main_text(html: str, url: str | None = None) -> str:
    """The article text of a page, no boilerplate (``HtmlError`` when it has none)."""
    text = extract_main_text(html, url).text
    if not text:
        raise HtmlError("no main text found in the HTML")
    return text


def extract_main_text(html: str, url: str | None = None) -> MainText:
    """trafilatura's main text with tables, or "" for pages that have none: a headline
    alone is not an article, and a short text must survive precision mode, because the
    recall fallback turns a page without an article (a gallery, an index) into its menu."""
    extracted = _extract(html, url, favor_precision=False)
    text = (getattr(extracted, "text", None) or "").strip()
    title = _squash(getattr(extracted, "title", None))
    if not _has_body(text, title):
        return MainText("", extracted)
    if len(text) < CONFIRM_BELOW_CHARS:
        confirmed = _extract(html, url, favor_precision=True)
        if not _has_body(getattr(confirmed, "text", None), title):
            return MainText("", extracted)
    return MainText(text, extracted)


def _has_body(text: str | None, title: str | None) -> bool:
    squashed = _squash(text)
    return squashed is not None and squashed != title


def _squash(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def _extract(html: str, url: str | None, *, favor_precision: bool) -> Any:
    import trafilatura  # imported lazily: only HTML input needs it

    return trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=favor_precision,
    )
