"""HTML to the main text of a page (trafilatura), the text every offset then indexes."""

from __future__ import annotations

import re

_TAG = re.compile(r"<\s*(?:html|body|p|div|article|head|br|span|h[1-6])\b", re.IGNORECASE)


class HtmlError(ValueError):
    """A page from which no main text could be extracted."""


def looks_like_html(text: str) -> bool:
    """Whether a file's content is HTML rather than plain text."""
    return bool(_TAG.search(text[:4096]))


def main_text(html: str, url: str | None = None) -> str:
    """The article text of a page: paragraphs separated by blank lines, no boilerplate."""
    import trafilatura  # imported lazily: only HTML input needs it

    text = trafilatura.extract(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        favor_recall=True,
        deduplicate=False,
    )
    if not text or not text.strip():
        raise HtmlError("no main text found in the HTML")
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
