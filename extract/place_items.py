"""Figures given place by place in running text, after a first figure says what they count.

Reporting lists the places of a count the way it speaks of them, not as a table: "encabeza el
Distrito X (11); después vienen Y, con 8", "followed by Kazan, with more than 150, and Samara,
with 70". Each such figure is elliptical: it counts what the figure before it counted, in the
place that names it. :func:`place_item` finds the place of such an item; the count reader
accepts the figure when a count precedes it in its sentence or the one before. A bare
"Lahore 611, Rawalpindi 498" is an item too.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from extract.doctext import text_of
from extract.gazetteer import for_lexicon
from extract.lexicon import Lexicon

MAX_PLACE_WORDS = 4
QUALIFIER_REACH = 40  # characters, as the count reader's own qualifier search


def place_item(doc: Doc, span: Span, lexicon: Lexicon) -> list[Token]:
    """The place of ``span`` when it closes an item "Place, con N" / "Place, with N" or
    "Place (N)"; empty otherwise (an age in brackets after a name is no place item)."""
    k = _before_qualifier(doc, span, lexicon)
    if k < 1:
        return []
    if doc[k].text == "(":
        if span.end >= len(doc) or doc[span.end].text != ")":
            return []
        end = k
    elif doc[k].pos_ == "ADP" and doc[k - 1].text == ",":
        end = k - 1
    elif doc[k].is_title and k == span.start - 1:
        return _bare_item(doc, span, k, lexicon)
    else:
        return []
    return _trailing_place(doc, end, lexicon)


def _bare_item(doc: Doc, span: Span, k: int, lexicon: Lexicon) -> list[Token]:
    """ "...is: Lahore 611, Rawalpindi 498 and Multan 274": a place and its figure with
    nothing between them, as an item of a list (a comma, a colon or a conjunction before the
    place, and one, or the sentence's end, after the figure)."""
    place = _trailing_place(doc, k + 1, lexicon)
    if not place or place[0].i == 0:
        return []
    before = doc[place[0].i - 1]
    after = doc[span.end] if span.end < len(doc) else None
    joins = (",", ":", ";")
    opens = before.text in joins or before.lower_ in lexicon.conjunctions
    closes = after is None or after.text in (*joins, ".") or after.lower_ in lexicon.conjunctions
    return place if opens and closes else []


def _before_qualifier(doc: Doc, span: Span, lexicon: Lexicon) -> int:
    """The token before the figure and its qualifier ("con más de 150": "con")."""
    # the qualifier ends right before the figure: look only at the words just before it
    window = max(0, span.start_char - QUALIFIER_REACH)
    found = lexicon.qualifier_before_re.search(text_of(doc), window, span.start_char)
    if found is None:
        return span.start - 1
    qualifier = doc.char_span(found.start(), span.start_char, alignment_mode="expand")
    return (qualifier.start if qualifier is not None else span.start) - 1


def _trailing_place(doc: Doc, end: int, lexicon: Lexicon) -> list[Token]:
    """The place name that ends right before token ``end``: a place entity of the model, or a
    run of capitalised words the gazetteer knows, never part of a person's name."""
    last = doc[end - 1]
    if last.ent_type_ in lexicon.grammar.person_labels and (
        last.ent_iob_ == "I" or not _known(doc[end - 1 : end], lexicon)
    ):
        return []  # "Carlos Miranda (45)": an age; a lone "Lara" the model took for a name is not
    if last.ent_type_ in lexicon.grammar.place_labels:
        start = end - 1
        while start > 0 and doc[start].ent_iob_ == "I" and end - start < MAX_PLACE_WORDS:
            start -= 1
        return list(doc[start:end])
    for size in range(min(MAX_PLACE_WORDS, end), 0, -1):
        words = doc[end - size : end]
        if words[0].is_title and all(t.is_alpha for t in words) and _known(words, lexicon):
            return list(words)
    return []


def _known(words: Span, lexicon: Lexicon) -> bool:
    return for_lexicon(lexicon).names_place(words.text)
