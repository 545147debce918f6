"""The measure taxonomy: what a figure counts, read from ``measures.yaml``.

A figure's measure is decided by concepts found in its words (the parse's head noun lemma,
modifiers and governing verb, and the subject), not by matching whole phrases: "people in
custody for political offences" is a political-prisoner count because it has a custody word
and a political word, whether or not anyone listed that phrase. Each measure is a stock
(people held on a date) or a flow (events over a period); the reconciler compares flows only
over the same period and looks for falls only in flows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from crosstally.errors import ConfigError
from review.reconcile.textnorm import fold

LEXICON_PATH = Path(__file__).with_name("measures.yaml")
STOCK, FLOW = "stock", "flow"
MIN_STEM = 5


@dataclass(frozen=True, slots=True)
class Measure:
    name: str
    kind: str  # stock | flow
    label: str
    # counts other people or events than any detention figure: never a slice of another
    # measure's total ("214 arrested ... and 23 police officers injured")
    apart: bool = False

    @property
    def is_flow(self) -> bool:
        return self.kind == FLOW


@dataclass(frozen=True, slots=True)
class Slice:
    """A slice of a breakdown ("women") and its axis ("sex"); axis None: an unnamed part."""

    name: str
    axis: str | None


class _Stems:
    """Word starts matched against folded words. A stem shorter than ``MIN_STEM``, or ending
    in "$", is a whole word ("men" is not the start of "menores", "detain$" not of
    "detainee"); a stem of several words ("behind bars") is a phrase."""

    def __init__(self, stems: Iterable[str]) -> None:
        whole = {fold(s[:-1]) for s in stems if s.endswith("$")}  # "detain$": not "detainee"
        folded = [fold(s) for s in stems if fold(s) and not s.endswith("$")]
        self.starts = tuple(sorted(s for s in folded if " " not in s and len(s) >= MIN_STEM))
        self.words = frozenset(s for s in folded if " " not in s and len(s) < MIN_STEM) | whole
        self.phrases = tuple(sorted(s for s in folded if " " in s))

    def present(self, words: tuple[str, ...], joined: str) -> bool:
        if self.words and not self.words.isdisjoint(words):
            return True
        if self.starts and any(w.startswith(self.starts) for w in words):
            return True
        return any(f" {p}" in joined for p in self.phrases)


class Lexicon:
    """Compiled ``measures.yaml``; build once with :func:`load_lexicon`."""

    def __init__(self, data: dict[str, Any]) -> None:
        try:
            self.concepts = {name: _Stems(stems) for name, stems in data["concepts"].items()}
            self.measures: list[tuple[Measure, tuple[str, ...]]] = []
            self.by_name: dict[str, Measure] = {}
            self.since: dict[str, str] = {}
            for spec in data["measures"]:
                measure = Measure(
                    spec["name"],
                    spec["kind"],
                    spec.get("label", spec["name"]),
                    bool(spec.get("apart", False)),
                )
                if measure.kind not in (STOCK, FLOW):
                    raise ConfigError(f"measure {measure.name}: kind must be stock or flow")
                unknown = [c for c in spec["when"] if c not in self.concepts]
                if unknown:
                    raise ConfigError(f"measure {measure.name}: unknown concepts {unknown}")
                self.measures.append((measure, tuple(spec["when"])))
                self.by_name[measure.name] = measure
                if spec.get("since"):
                    self.since[measure.name] = spec["since"]
            self.slices = [
                (Slice(name, spec["axis"]), _Stems(spec["stems"]))
                for name, spec in data.get("breakdowns", {}).items()
            ]
            self.groups = [
                (str(name), _Stems(stems)) for name, stems in data.get("groups", {}).items()
            ]
            self.remainder = _Stems(data.get("remainder_stems", []))
            self.place_words = _Stems(data.get("place_stems", []))
            self.figure_words = _Stems(data.get("figure_stems", []))
            self.partial_words = _Stems(data.get("partial_stems", []))
            self.breakdown_words = _Stems(data.get("breakdown_stems", []))
            # the measure of a figure that only says people are held: a figure the text calls
            # "the figure" counts what the one before it counted instead
            self.generic = data.get("generic_measure")
        except (KeyError, TypeError, AttributeError) as error:
            raise ConfigError(f"measure lexicon is malformed: {error!r}") from None

    def counted_since(self, measure: Measure) -> Measure:
        """The flow a stock's figure counts when the text counts it from a date."""
        name = self.since.get(measure.name)
        return self.by_name.get(name, measure) if name else measure

    def label(self, measure: str) -> str:
        found = self.by_name.get(measure.split("/", 1)[0])
        return found.label if found else measure

    def is_flow(self, measure: str) -> bool:
        found = self.by_name.get(measure.split("/", 1)[0])
        return bool(found and found.is_flow)

    def measure(self, words: tuple[str, ...]) -> Measure | None:
        return self.reading(words)[0]

    @cache  # noqa: B019 - one lexicon per process; a million claims share few word sets
    def reading(self, words: tuple[str, ...]) -> tuple[Measure | None, int]:
        """The measure words name and how many concepts the rule that named it needs (how
        much the words say: "political prisoners" says more than "held")."""
        joined = " " + " ".join(words)
        present = {name for name, stems in self.concepts.items() if stems.present(words, joined)}
        for measure, needs in self.measures:
            if present.issuperset(needs):
                return measure, len(needs)
        return None, 0

    @cache  # noqa: B019
    def slice(self, words: tuple[str, ...]) -> Slice | None:
        """The breakdown slice a part's own words name (the first listed that fits)."""
        joined = " " + " ".join(words)
        found = [s for s, stems in self.slices if stems.present(words, joined)]
        return found[0] if found else None

    @cache  # noqa: B019
    def group(self, words: tuple[str, ...]) -> str | None:
        """The group of people a figure of its own is about ("64 arrests of journalists"), by
        a slice ("58 adolescents") or a group no breakdown partitions (journalists, lawyers)."""
        named = self.slice(words)
        if named is not None:
            return named.name
        joined = " " + " ".join(words)
        return next((name for name, stems in self.groups if stems.present(words, joined)), None)

    @cache  # noqa: B019
    def names_partial(self, words: tuple[str, ...]) -> bool:
        """A table heading that lists only some slices: "the states with most cases"."""
        return self.partial_words.present(words, " " + " ".join(words))

    @cache  # noqa: B019
    def names_breakdown(self, words: tuple[str, ...]) -> bool:
        """A heading that gives the whole partition: "the district-wise breakdown of"."""
        joined = " " + " ".join(words)
        return self.breakdown_words.present(words, joined) and not self.names_partial(words)

    @cache  # noqa: B019
    def names_figure(self, words: tuple[str, ...]) -> bool:
        """Words that call a number "the figure" ("la cifra", "el registro", "the tally")."""
        return self.figure_words.present(words, " " + " ".join(words))

    @cache  # noqa: B019
    def names_place(self, words: tuple[str, ...]) -> bool:
        return self.place_words.present(words, " " + " ".join(words))

    @cache  # noqa: B019
    def names_remainder(self, words: tuple[str, ...]) -> bool:
        return self.remainder.present(words, " " + " ".join(words))

    def __hash__(self) -> int:
        return id(self)


def words_of(subject: str | None, parse: dict[str, Any] | None) -> tuple[str, ...]:
    """A claim's folded words: its parse's head, modifiers and verb, then its subject."""
    if not parse:
        return _subject_words(subject)
    words: list[str] = []
    for key in ("head", "verb"):
        value = parse.get(key)
        if isinstance(value, str):
            words.append(value)
    mods = parse.get("mods")
    if isinstance(mods, list):
        words.extend(m for m in mods if isinstance(m, str))
    if subject:
        words.append(subject)
    return tuple(dict.fromkeys(w for text in words for w in fold(text).split()))


@lru_cache(maxsize=1 << 16)  # subjects repeat across an archive's documents
def _subject_words(subject: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(fold(subject).split())) if subject else ()


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
