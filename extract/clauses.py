"""Reading the clause around a number: its noun phrase, predicate, event words and range.

The counts reader (:mod:`extract.counts`) decides from these pieces whether a number counts
people; here they are only found. Every word list comes from the language file.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span, Token

from extract.distractors import lower_at
from extract.doctext import clause_breaks
from extract.lexicon import Lexicon

_NP_POS = frozenset({"NOUN", "PROPN", "ADJ"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "nsubj:pass", "dobj", "obj", "attr", "appos"})


class Clauses:
    """The clause readers of one language."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon

    def range(self, doc: Doc, span: Span) -> tuple[int, bool]:
        """ "between 200 and 300", "entre 200 y 300", "200-300": (where the noun starts, for
        the lower bound; whether this is the upper bound)."""
        lex = self.lex
        joiner_after = lower_at(doc, span.end)
        if joiner_after in lex.range_joiners and span.end + 1 < len(doc):
            upper = doc[span.end + 1]
            opened = lower_at(doc, span.start - 1) in lex.range_starts
            if plain_number(upper) and (opened or joiner_after in lex.bare_range_joiners):
                return upper.i + 1, False
        joiner_before = lower_at(doc, span.start - 1)
        if (
            joiner_before in lex.range_joiners
            and span.start >= 2
            and plain_number(doc[span.start - 2])
        ):
            opened = lower_at(doc, span.start - 3) in lex.range_starts
            return 0, opened or joiner_before in lex.bare_range_joiners
        return 0, False

    def date_tokens(self, doc: Doc) -> set[int]:
        """Tokens inside date expressions (not words of a subject), once per document."""
        cached = doc.user_data.get("ct_date_tokens")
        if cached is None:
            cached = set()
            for mention in doc._.ct_dates or []:
                span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
                if span is not None:
                    cached.update(range(span.start, span.end))
            doc.user_data["ct_date_tokens"] = cached
        return cached

    def clause(self, doc: Doc, span: Span, sent: Span) -> tuple[int, int]:
        """The clause around a number: back to ";" or a line break, on to ";", ":" or "."."""
        left, right = clause_breaks(doc)
        before = bisect_left(left, span.start) - 1
        start = max(sent.start, left[before] + 1 if before >= 0 else 0)
        after = bisect_left(right, span.end)
        end = min(sent.end, right[after] if after < len(right) else len(doc))
        return start, end

    def noun_phrase(self, doc: Doc, k: int, end: int, start_partitive: bool = False) -> list[Token]:
        """The noun phrase from token ``k``: modifiers, nouns, complements ("cases of arrests")."""
        phrase: list[Token] = []
        while k < end and len(phrase) < 8:
            token = doc[k]
            lower = token.lower_
            is_noun = token.pos_ in _NP_POS or lower in self.lex.strong or lower in self.lex.weak
            participle = (
                self.lex.grammar.participles_after_nouns
                and phrase
                and "Part" in token.morph.get("VerbForm")
            )
            if is_noun or participle or token.text in ("-", "–") or token.pos_ in ("DET", "NUM"):
                after_link = phrase and phrase[-1].pos_ in ("ADP", "CCONJ")
                if token.pos_ == "DET" and not after_link and not (not phrase and start_partitive):
                    break  # "2,240 a month earlier": the number does not count "a month"
                phrase.append(token)
            elif token.pos_ in ("ADP", "CCONJ") and (
                lower in self.lex.partitive or lower in self.lex.conjunctions
            ):
                if not phrase or (k + 1 < end and (doc[k + 1].pos_ in _NP_POS | {"DET"})):
                    phrase.append(token)
                else:
                    break
            elif (token.pos_ == "ADV" and not phrase and lower in self.lex.modifiers) or (
                token.text == "," and phrase and k + 1 < end and doc[k + 1].pos_ in _NP_POS
            ):
                phrase.append(token)
            else:
                break
            k += 1
        while phrase and (phrase[-1].pos_ in ("ADP", "CCONJ", "DET") or phrase[-1].text in ",-–"):
            phrase.pop()
        return phrase

    def predicate(self, right: list[Token]) -> list[str]:
        """ "... are women", "... son personas mayores", "... were minors": the predicate."""
        for index, token in enumerate(right[:3]):
            if token.lemma_.lower() in self.lex.copulas or token.lower_ in self.lex.copulas:
                for k, other in enumerate(right[index + 1 : index + 4], start=index + 1):
                    if other.lower_ in self.lex.strong or other.lower_ in self.lex.weak:
                        words = [other.text]
                        for modifier in right[k + 1 : k + 3]:
                            if modifier.pos_ not in ("ADJ", "NOUN"):
                                break
                            words.append(modifier.text)
                        return words
                    if other.pos_ in ("VERB",):
                        break
        return []

    def terms(
        self, phrase: list[Token], right: list[Token], left: list[Token], nouns: list[Token]
    ) -> list[str]:
        """Event words of the clause (detained, released, illnesses...), nearest first."""
        found: list[str] = []
        head_verbs = [verb for verb in map(governing_verb, nouns) if verb is not None]
        for token in [*phrase[1:], *head_verbs, *right, *reversed(left)]:
            found.extend(self._event_words(token))
        return unique(found)[:5]

    def _event_words(self, token: Token) -> tuple[str, ...]:
        """The token's words if it is an event term (with its modifiers: "military personnel"),
        memoised per document: windows of neighbouring figures overlap."""
        cache = token.doc.user_data.setdefault("ct_event_words", {})
        found = cache.get(token.i)
        if found is None:
            found = ()
            lower = token.lower_
            strong = lower in self.lex.strong
            if not (token.is_punct or token.like_num or token.pos_ == "PROPN") and (
                strong or self.lex.events.has(lower, token.lemma_.lower())
            ):
                modifiers = (
                    tuple(c.text for c in token.lefts if c.dep_ in ("amod", "compound", "nmod"))
                    if strong
                    else ()
                )
                found = (*modifiers, token.text)
            cache[token.i] = found
        return found


def plain_number(token: Token) -> bool:
    """A number that can bound a range of people (not a year like "desde 2018 y 245")."""
    text = token.text
    return token.like_num and not (len(text) == 4 and text.isdigit() and 1900 <= int(text) <= 2100)


def governing_verb(noun: Token) -> Token | None:
    """The verb a counted noun is subject or object of, through "a total of" and lists."""
    token = noun
    for _ in range(4):
        if token.dep_ in _SUBJECT_DEPS and token.head.pos_ == "VERB":
            return token.head
        if token.dep_ not in ("pobj", "prep", "nmod", "appos", "conj", "compound", "case"):
            return None
        token = token.head
    return None


def predicate_words(right: list[Token], dates: set[int]) -> list[str]:
    """What an elliptical figure is said to be or do: "cumplían penas por robo"."""
    words = []
    for token in right[:6]:
        if token.is_punct or token.like_num or token.i in dates:
            break
        if token.pos_ in ("VERB", "NOUN", "ADJ"):
            words.append(token.text)
    return words


def unique(words: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for word in words:
        if word.lower() not in seen:
            seen.add(word.lower())
            out.append(word)
    return out
