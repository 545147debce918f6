"""Numbers that are not counts of people: the guide's "never annotated" list, as a table.

Each check is a named test over the number and the tokens around it; :meth:`Distractors.reason`
returns the first that applies ("year", "age", "money", ...), so a rejection can be explained.
The words they look for (time units, currency words, "Article", "aged") come from the
language file.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Span

from extract.doctext import text_of
from extract.gazetteer import for_lexicon
from extract.lexicon import Lexicon
from extract.numbers import NumberMention

_PHONE = re.compile(
    r"\+\d[\d ().\-]{6,}\d|(?<![\d,.])\d{1,4}(?:-\d{2,4}){2,}(?![\d])"
    r"|(?<![\d,.])0\d{2,3}[ \-]\d{3}[ \-]\d{2,4}(?:[ \-]\d{2,4})?(?![\d])"
)
_WORD_BEFORE = re.compile(r"([\w.º°#-]+)[ \t]*$")
Check = Callable[[Doc, Span, NumberMention], bool]


class Distractors:
    """The distractor checks of one language, in the order they are tried."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.dotted_clock = tuple(w for w in lexicon.clock_after if "." in w)  # "a.m."
        self.checks: list[tuple[str, Check]] = [
            ("value", lambda doc, span, n: n.value < 2),
            ("enumeration", self._is_enumeration),
            ("year", self._is_year),
            ("percent", self._is_percent),
            ("clock", self._is_clock),
            ("money", self._is_money),
            ("duration", self._is_duration),
            ("age", self._is_age),
            ("legal", self._is_legal),
            ("rate", self._is_rate),
            ("label", lambda doc, span, n: lower_at(doc, span.start - 1) in lexicon.label_articles),
            ("ranking", self._is_ranking),
            (
                "multiplier",
                lambda doc, span, n: lower_at(doc, span.end) in lexicon.multiplier_after,
            ),
            (
                "possessive",
                lambda doc, span, n: lower_at(doc, span.start - 1) in lexicon.possessives,
            ),
        ]

    def reason(
        self, doc: Doc, span: Span, number: NumberMention, rejected: dict[int, str]
    ) -> str | None:
        """The first check that rejects the number; ``rejected`` holds earlier rejections (the
        other end of a range shares them)."""
        for name, test in self.checks:
            if test(doc, span, number):
                return name
        # the other end of a range ("aged 18 to 35", "between one and 15 days")
        after = lower_at(doc, span.end)
        counted = after in self.lex.strong or after in self.lex.weak  # "18 y 5 detenidos"
        if lower_at(doc, span.start - 1) in self.lex.range_joiners and not counted:
            partner = _number_before(doc, span.start - 1)
            if partner is not None and rejected.get(partner) in ("age", "duration"):
                return rejected[partner]
        if lower_at(doc, span.end) in self.lex.range_joiners and span.end + 2 <= len(doc):
            nxt = doc[span.end + 1]
            if nxt.like_num and lower_at(doc, nxt.i + 1) in self.lex.time_units:
                return "duration"
        return None

    def _is_year(self, doc: Doc, span: Span, n: NumberMention) -> bool:
        return not n.in_words and n.text.isdigit() and len(n.text) == 4 and 1900 <= n.value <= 2100

    def _is_percent(self, doc: Doc, span: Span, n: NumberMention) -> bool:
        return bool(self.lex.percent_after.match(text_of(doc), n.end, n.end + 20)) or text_of(doc)[
            n.end : n.end + 2
        ].strip().startswith("%")

    def _is_clock(self, doc: Doc, span: Span, n: NumberMention) -> bool:
        following = text_of(doc)[n.end : n.end + 6].lower().lstrip()
        if lower_at(doc, span.end) in self.lex.clock_after or following.startswith(
            self.dotted_clock
        ):
            return True
        # "alrededor de las once", "a las 9": an hour, unless people are counted after it
        after = doc[span.end] if span.end < len(doc) else None
        return (
            n.value <= 24
            and bool(self.lex.clock_before_re.search(text_of(doc)[max(0, n.start - 24) : n.start]))
            and (after is None or after.pos_ not in ("NOUN", "PROPN"))
        )

    def _is_ranking(self, doc: Doc, span: Span, n: NumberMention) -> bool:
        """ "the 100 most influential women", "las 100 mujeres más influyentes"."""
        for k in (span.end, span.end + 1):
            if (
                k + 1 < len(doc)
                and doc[k].lower_ in self.lex.superlatives
                and doc[k + 1].pos_ == "ADJ"
                and (k == span.end or doc[span.end].pos_ == "NOUN")
            ):
                return True
        return False

    def _is_enumeration(self, doc: Doc, span: Span, n: NumberMention) -> bool:
        """ "1/", "2)", "(3)" or "4." opening a line: a thread or list number."""
        text = text_of(doc)
        line_start = text.rfind("\n", 0, n.start) + 1
        opening = text[line_start : n.start].strip()
        if opening in ("(", "["):
            return text[n.end : n.end + 1] in (")", "]")
        return not opening and text[n.end : n.end + 2] in ("/ ", ") ", ". ", "/\n", ")\n")

    def _is_money(self, doc: Doc, span: Span, n: NumberMention) -> bool:
        before = text_of(doc)[max(0, n.start - 4) : n.start].strip().lower()
        if before and any(before.endswith(c) for c in self.lex.currency_before):
            return True
        return any(lower_at(doc, span.end + k) in self.lex.currency_after for k in range(3))

    def _is_duration(self, doc: Doc, span: Span, n: NumberMention) -> bool:
        for k in range(span.end, min(len(doc), span.end + 3)):
            token = doc[k]
            if token.lower_ in self.lex.time_units or token.lemma_.lower() in self.lex.time_units:
                return True
            if token.text not in ("-", "–") and token.lower_ not in self.lex.unit_modifiers:
                return False
        return False

    def _is_age(self, doc: Doc, span: Span, n: NumberMention) -> bool:
        if self.lex.age_limits_re.search(text_of(doc)[max(0, n.start - 24) : n.start]):
            after = lower_at(doc, span.end)
            if not (after.isalpha() and (after in self.lex.strong or after in self.lex.weak)):
                return True  # "teenagers younger than 16", not "mayores de 60 personas"
        before = [lower_at(doc, span.start - k) for k in (1, 2)]
        if before[0] in self.lex.age_before or (
            before[0] in self.lex.range_starts and before[1] in self.lex.age_before
        ):
            return True
        if (
            before[0] == ","
            and before[1] in self.lex.age_before
            and text_at(doc, span.end) in (".", ";", ")", "")
        ):
            return True  # "la de más edad, 90.": a bare number after its age word
        # "Ana Ruiz, 44," / "Ruiz (44)"; not "Guatemala, 29; Quetzaltenango, 14" (places)
        if span.start >= 2 and doc[span.start - 1].text in (",", "("):
            name = doc[span.start - 2]
            after = text_at(doc, span.end)
            return (
                name.is_title
                and name.pos_ == "PROPN"
                and after in (",", ")", ".", ";")
                and not self._place(name)
            )
        return False

    def _place(self, token) -> bool:
        """Whether the capitalised words ending at ``token`` name a country or a region."""
        doc, k = token.doc, token.i
        while k > 0 and doc[k - 1].is_title:
            k -= 1
        name = doc[k : token.i + 1].text
        table = for_lexicon(self.lex)
        return (
            table.country(name) is not None
            or table.region(name) is not None
            or name.lower() in self.lex.countries
        )

    def _is_legal(self, doc: Doc, span: Span, n: NumberMention) -> bool:
        """ "Article 12.3", "Case No. 4821", "Ley 2030", "colony No. 7"."""
        match = _WORD_BEFORE.search(text_of(doc)[max(0, n.start - 30) : n.start].lower())
        return bool(match) and (
            match.group(1) in self.lex.legal_before
            or match.group(1).rstrip(".") in self.lex.legal_before
        )

    def _is_rate(self, doc: Doc, span: Span, n: NumberMention) -> bool:
        if self.lex.rate_after.search(text_of(doc)[max(0, n.start - 12) : n.start]):
            return True
        window = text_of(doc)[n.end : n.end + 30]
        match = self.lex.rate_after.search(window)
        return bool(match) and any(ch.isdigit() for ch in window[match.end() : match.end() + 8])


def in_phone_number(text: str, number: NumberMention) -> bool:
    """ "+44 20 7946 0000", "0212-555-12-34": looked for only around the number."""
    offset = max(0, number.start - 20)
    return any(
        m.start() < number.end - offset and number.start - offset < m.end()
        for m in _PHONE.finditer(text[offset : number.end + 20])
    )


def lower_at(doc: Doc, i: int) -> str:
    return doc[i].lower_ if 0 <= i < len(doc) else ""


def text_at(doc: Doc, i: int) -> str:
    return doc[i].text if 0 <= i < len(doc) else ""


def _number_before(doc: Doc, i: int) -> int | None:
    for k in range(i - 1, max(-1, i - 3), -1):
        if doc[k].like_num:
            j = k
            while j > 0 and doc[j - 1].like_num:
                j -= 1
            return j
    return None
