"""Cheap access to a Doc's text and sentences.

``Doc.text`` and ``Token.sent`` are rebuilt from the tokens on every access; the components
read them hundreds of times per document, so they are computed once and kept in
``doc.user_data`` (plain Python objects, dropped with the Doc).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.attrs import IDX
from spacy.tokens import Doc, Span, Token

_TEXT = "ct_text"
_SENTS = "ct_sents"
_BREAKS = "ct_breaks"
_BREAK_CHARS = re.compile(r"[;\n]|[.:](?=\s|$)")


def text_of(doc: Doc) -> str:
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Record the text a Doc was made from (what ``doc.text`` would rebuild)."""
    doc.user_data[_TEXT] = text


def sentence_of(token: Token | Span) -> Span:
    """The sentence of a token or span (``.sent`` without rescanning the document). Only the
    boundaries are kept on the Doc: a Span there would tie the Doc in a reference cycle."""
    doc = token.doc
    index = token.i if isinstance(token, Token) else token.start
    bounds = doc.user_data.get(_SENTS)
    if bounds is None:
        sents = [(s.start, s.end) for s in doc.sents]
        bounds = doc.user_data[_SENTS] = ([start for start, _ in sents], sents)
    starts, sents = bounds
    start, end = sents[bisect_right(starts, index) - 1]
    return doc[start:end]


def span_text(span: Span) -> str:
    return text_of(span.doc)[span.start_char : span.end_char]


def clause_breaks(doc: Doc) -> tuple[list[int], list[int]]:
    """Token indices that end a clause: (looking left: ";" and line breaks; looking right:
    also ":" and "."), computed once per document from the text, not token by token."""
    breaks = doc.user_data.get(_BREAKS)
    if breaks is None:
        starts = doc.to_array(IDX).tolist()
        left: list[int] = []
        right: list[int] = []
        for match in _BREAK_CHARS.finditer(text_of(doc)):
            i = bisect_right(starts, match.start()) - 1
            if right and right[-1] == i:
                continue
            right.append(i)
            if match.group(0) in (";", "\n"):
                left.append(i)
        breaks = doc.user_data[_BREAKS] = (left, right)
    return breaks
