"""Numbers as written: digits with either thousands separator, and number words.

Monitors' texts write ``2,310`` and ``2.310`` for the same figure, spell small numbers out
(``Thirty-one``, ``veintinueve``) and use collective nouns (``two dozen``, ``una veintena``).
:class:`NumberFinder` finds all of them with two regular expressions over the text (no
per-token work) and a small grammar that turns a run of number words into integers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.lexicon import Lexicon

# 2,310 / 2.310 / 40,000 / 275 ; not part of 48.5, 12.3, 10:00, 120/2021, G20 or 5M
_DIGITS = re.compile(
    r"(?<![\w.,$€£¥/:+])(?P<n>\d{1,3}(?P<sep>[.,])\d{3}(?:(?P=sep)\d{3})*|\d+)(?![\w]|[.,:/]\d)"
)


@dataclass(frozen=True, slots=True)
class NumberMention:
    """One number in the text, with its value and where it was written."""

    start: int
    end: int
    value: int
    text: str
    in_words: bool
    implied_qualifier: str | None = None


# word classes of the number grammar
_UNIT, _TEEN, _TENS, _HUNDREDS, _HUNDRED, _BIG, _COLLECTIVE, _ARTICLE = range(8)


class NumberFinder:
    """Finds the numbers of one language (words come from the lexicon)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.kinds: dict[str, tuple[int, int]] = {}
        for word, value in lexicon.number_values.items():
            if value >= 100:
                kind = _HUNDREDS
            elif value >= 20 and value % 10 == 0:
                kind = _TENS
            elif value >= 10:
                kind = _TEEN
            else:
                kind = _UNIT
            self.kinds[word] = (kind, value)
        for word, value in lexicon.number_scales.items():
            self.kinds[word] = (_HUNDRED if value == 100 else _BIG, value)
        for word, value in lexicon.number_collectives.items():
            self.kinds[word] = (_COLLECTIVE, value)
        words = _alternation(self.kinds)
        heads = _alternation({**lexicon.number_scales, **lexicon.number_collectives})
        articles = _alternation(lexicon.number_articles)
        joiners = _alternation(lexicon.number_joiners)
        self.words_re = re.compile(
            rf"(?<![\w-])(?:(?:{articles})\s+(?=(?:{heads})(?![\w-])))?(?:{words})"
            rf"(?:(?:\s+(?:{joiners})\s+|\s+|-)(?:{words}))*(?![\w-])",
            re.IGNORECASE,
        )
        self.scale_after = re.compile(rf"\s+(?P<s>{heads})(?![\w-])", re.IGNORECASE)

    def find(self, text: str) -> list[NumberMention]:
        found = [self._digits(match, text) for match in _DIGITS.finditer(text)]
        taken = [(m.start, m.end) for m in found]
        for match in self.words_re.finditer(text):
            found.extend(
                mention
                for mention in self._words(match)
                if not any(s < mention.end and mention.start < e for s, e in taken)
            )
        found.sort(key=lambda m: m.start)
        return found

    def value_of(self, words: str) -> int | None:
        """The value of a short number phrase ("diez", "a dozen", "12"), or None."""
        words = words.strip()
        if words.replace(",", "").replace(".", "").isdigit():
            return int(words.replace(",", "").replace(".", ""))
        match = self.words_re.fullmatch(words)
        if not match:
            return 1 if words.lower() in self.lexicon.number_articles else None
        parsed = self._words(match)
        return parsed[0].value if len(parsed) == 1 else None

    def _digits(self, match: re.Match[str], text: str) -> NumberMention:
        raw = match.group("n")
        value = int(raw.replace(",", "").replace(".", ""))
        end = match.end()
        scale = self.scale_after.match(text, end)
        if scale:
            kind, factor = self.kinds[scale.group("s").lower()]
            if kind in (_HUNDRED, _BIG, _COLLECTIVE):
                value *= factor
                end = scale.end()
        return NumberMention(match.start(), end, value, text[match.start() : end], False)

    def _words(self, match: re.Match[str]) -> list[NumberMention]:
        """Split a run of number words into numbers ("seven and eight" is two)."""
        text, base = match.group(0), match.start()
        out: list[NumberMention] = []
        acc: _Accumulator | None = None
        for word_match in re.finditer(r"[^\s-]+", text):
            word = word_match.group(0).lower()
            if word not in self.kinds:
                if word in self.lexicon.number_articles:
                    if acc:
                        out.append(acc.mention(text, base, self.lexicon))
                    acc = _Accumulator(word_match.start(), word_match.end(), current=1)
                    acc.last = _ARTICLE
                continue  # a joiner ("and", "y") only links the words around it
            kind, value = self.kinds[word]
            if acc is None or not _extends(acc.last, kind):
                if acc:
                    out.append(acc.mention(text, base, self.lexicon))
                acc = _Accumulator(word_match.start(), word_match.end())
            acc.add(kind, value, word)
            acc.end = word_match.end()
        if acc:
            out.append(acc.mention(text, base, self.lexicon))
        # a bare "million" is not a number (and "HK$1 million" was money)
        return [m for m in out if not (m.value >= 1_000_000 and " " not in m.text.strip())]


class _Accumulator:
    """The number being read: ``total`` holds thousands and up, ``current`` the rest."""

    def __init__(self, start: int, end: int, current: int = 0) -> None:
        self.start, self.end = start, end
        self.total, self.current = 0, current
        self.last: int | None = None
        self.collective: str | None = None

    def add(self, kind: int, value: int, word: str) -> None:
        if kind == _BIG:
            self.total += (self.current or 1) * value
            self.current = 0
        elif kind in (_HUNDRED, _COLLECTIVE):
            self.current = (self.current or 1) * value
            if kind == _COLLECTIVE:
                self.collective = word
        else:
            self.current = value if self.last == _ARTICLE else self.current + value
        self.last = kind

    def mention(self, text: str, base: int, lexicon: Lexicon) -> NumberMention:
        qualifier = lexicon.collective_qualifiers.get(self.collective or "")
        return NumberMention(
            base + self.start,
            base + self.end,
            self.total + self.current,
            text[self.start : self.end],
            True,
            qualifier,
        )


def _extends(last: int | None, kind: int) -> bool:
    """Whether a number word of ``kind`` continues a number whose last word was ``last``."""
    if last is None:
        return False
    follows = {
        _UNIT: {_TENS, _HUNDRED, _HUNDREDS, _BIG},
        _TEEN: {_HUNDRED, _HUNDREDS, _BIG},
        _TENS: {_HUNDRED, _HUNDREDS, _BIG},
        _HUNDREDS: {_BIG},
        _HUNDRED: {_UNIT, _TEEN, _TENS, _ARTICLE},
        _BIG: {_UNIT, _TEEN, _TENS, _HUNDREDS, _HUNDRED, _ARTICLE},
        _COLLECTIVE: {_UNIT, _TEEN, _TENS, _ARTICLE},
    }
    return last in follows[kind]


def _alternation(words: object) -> str:
    items = sorted({str(w) for w in words}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(re.escape(w) for w in items) or "(?!x)x"
