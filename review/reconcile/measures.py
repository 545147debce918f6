"""The measure lexicon: which claims count the same thing, read from ``measures.yaml``.

A measure key names what is counted and where ("political_prisoners/Venezuela"; cumulative
measures add their counting period, "arbitrary_arrests/Venezuela/2024"). Spanish and English
subjects map to the same key, so "presos políticos" and "political prisoners" are compared.
Breakdowns ("27 militares") keep the parent's key and add a slice on an axis, so they can be
summed against the total instead of being mistaken for a conflicting total.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from crosstally.errors import ConfigError
from review.reconcile.textnorm import fold, phrase_pattern

LEXICON_PATH = Path(__file__).with_name("measures.yaml")
UNSPECIFIED_PLACE = "unspecified"


@dataclass(frozen=True)
class Classified:
    """What a subject (and place) counts: base measure, slice, place and period."""

    base: str | None
    breakdown: str | None = None
    place: str | None = None
    period: str | None = None

    @property
    def key(self) -> str | None:
        if self.base is None:
            return None
        parts = [self.base, self.place or UNSPECIFIED_PLACE]
        if self.period:
            parts.append(self.period)
        return "/".join(parts)


@dataclass(frozen=True)
class ArithmeticCues:
    max_span: int
    operator: dict[str, re.Pattern[str]]
    result: dict[str, re.Pattern[str]]


class Lexicon:
    """Compiled view of the data file; build once with :func:`load_lexicon`."""

    def __init__(self, data: dict[str, Any]) -> None:
        try:
            self.measures: dict[str, dict[str, Any]] = data["measures"]
            self._measure_of: dict[str, str] = {}
            for key, spec in self.measures.items():
                for terms in spec["terms"].values():
                    for term in terms:
                        self._measure_of[fold(term)] = key
            self._axis: dict[str, str] = {}
            self._breakdown_of: dict[str, str] = {}
            for name, spec in data.get("breakdowns", {}).items():
                self._axis[name] = spec["axis"]
                for term in spec["terms"]:
                    self._breakdown_of[fold(term)] = name
            self._place_of = {
                fold(alias): place
                for place, aliases in data.get("places", {}).items()
                for alias in [place, *aliases]
            }
            self._period = re.compile(data.get("period_pattern", r"\b(?:19|20)\d{2}\b"))
            self.arithmetic = _cues(data.get("arithmetic", {}))
        except (KeyError, TypeError, AttributeError) as error:
            raise ConfigError(f"measure lexicon is malformed: {error!r}") from None
        self._measure_re = phrase_pattern(list(self._measure_of))
        self._breakdown_re = phrase_pattern(list(self._breakdown_of))
        self._place_re = phrase_pattern(list(self._place_of))

    def is_cumulative(self, measure_key: str) -> bool:
        spec = self.measures.get(measure_key.split("/", 1)[0], {})
        return bool(spec.get("cumulative", False))

    def label(self, measure_key: str) -> str:
        base, _, rest = measure_key.partition("/")
        label = self.measures.get(base, {}).get("label", base)
        return f"{label} ({rest})" if rest else label

    def axis(self, breakdown: str | None) -> str | None:
        return None if breakdown is None else self._axis.get(breakdown)

    def classify(self, subject: str | None, place: str | None, period: str | None = None):
        """Cached: a million claims share a few hundred subject spellings."""
        return self._classify(subject or "", place or "", period or "")

    @cache  # noqa: B019 - one lexicon per process; the cache lives as long as it does
    def _classify(self, subject: str, place: str, period: str) -> Classified:
        folded = fold(subject)
        found = self._measure_re.search(folded) if self._measure_re else None
        base = self._measure_of[found.group(0)] if found else None
        rest = folded if found is None else folded[: found.start()] + folded[found.end() :]
        slices = sorted(
            {self._breakdown_of[m.group(0)] for m in self._breakdown_re.finditer(rest)}
            if self._breakdown_re
            else set()
        )
        breakdown = "+".join(slices) if slices else None
        canonical_place = self.place(place) if place else self._alias_in(folded)
        if base and not period and self.is_cumulative(base):
            year = self._period.search(folded)
            period = year.group(0) if year else ""
        if base and not self.is_cumulative(base):
            period = ""
        return Classified(base, breakdown, canonical_place, period or None)

    def place(self, text: str) -> str | None:
        """Canonical place for a stated place; an unknown place is kept as written."""
        return self._alias_in(fold(text)) or (text.strip() or None)

    def _alias_in(self, folded: str) -> str | None:
        found = self._place_re.search(folded) if self._place_re else None
        return self._place_of[found.group(0)] if found else None

    def __hash__(self) -> int:
        return id(self)


def _cues(data: dict[str, Any]) -> ArithmeticCues:
    operator, result = {}, {}
    for op in ("subtract", "add"):
        spec = data.get(op, {})
        operator[op] = phrase_pattern(spec.get("operator", []))
        result[op] = phrase_pattern(spec.get("result", []))
    return ArithmeticCues(int(data.get("max_span", 300)), operator, result)


def load_lexicon(path: Path | None = None) -> Lexicon:
    path = path or LEXICON_PATH
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"cannot read measure lexicon {path}: {error}") from None
    return Lexicon(data)


@cache
def default_lexicon() -> Lexicon:
    return load_lexicon()
