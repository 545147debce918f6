"""Archived pages made inert: structure and text kept, everything that could act or fetch gone.

The sandboxed frame and its ``sandbox`` CSP already stop scripts and block requests, but a
blocked request is still attempted by the browser. Re-serialising the page through a whitelist
(text-level tags, no attributes at all, no script/style/embedded content) means the archived
copy cannot even ask for a resource from another origin.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

KEEP = frozenset(
    {"p", "div", "span", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl",
     "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "blockquote",
     "pre", "code", "em", "strong", "b", "i", "u", "s", "small", "sub", "sup", "q", "cite",
     "abbr", "time", "article", "section", "header", "footer", "main", "aside", "nav", "figure",
     "figcaption", "a"}
)  # fmt: skip
VOID = frozenset({"br", "hr"})
# Dropped with everything inside them.
SILENCE = frozenset(
    {"script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
     "applet", "svg", "math", "canvas", "audio", "video", "picture", "source", "track", "head",
     "title", "select", "textarea", "button"}
)  # fmt: skip


class _Inert(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.silent = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in SILENCE:
            self.silent += 1
        elif not self.silent and tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.out.append(f"[image: {escape(alt)}]")
        elif not self.silent and tag in KEEP:
            self.out.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in SILENCE:
            self.silent = max(0, self.silent - 1)
        elif not self.silent and tag in KEEP and tag not in VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.silent:
            self.out.append(escape(data))


def inert_html(body: bytes, charset: str | None = None) -> str:
    try:
        text = body.decode(charset or "utf-8", errors="replace")
    except LookupError:
        text = body.decode("utf-8", errors="replace")
    parser = _Inert()
    parser.feed(text)
    parser.close()
    return (
        '<!doctype html><meta charset="utf-8"><body style="font-family:sans-serif">'
        + "".join(parser.out)
        + "</body>"
    )


def charset_of(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"'")
    return None
