"""Named persons: every person named in a text, once, with all the places they are mentioned.

The small spaCy models miss and mislabel names (a surname tagged ORG, a city tagged PERSON,
a name cut in half), so the model's entities are only one piece of evidence. Candidates are
runs of capitalized words found by a regular expression over the text ("Ana María de la
Torre", "Omar Farid el-Masri"); titles and roles are removed from their start ("President",
"Journalist", "el sindicalista"); runs naming institutions or places are rejected by the
lexicon's stopwords; and a run is a person when the model says so or the context does (a role
before it, an age or "who" after it, a speech verb next to it, a list with other persons).
Later mentions ("Vega", "De la Torre") resolve to the full name first written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from extract.doctext import sentence_of, text_of
from extract.folding import fold
from extract.gazetteer import for_lexicon
from extract.lexicon import Lexicon, alternation

_UPPER = "".join(chr(c) for c in range(0x41, 0x250) if chr(c).isupper())
_LETTER = r"[^\W\d_]"
_POSSESSIVE = re.compile(r"['’]s?$")


def _word_pattern(particles: str) -> str:
    """One word of a name: an initial ("J."), or a capitalized word, possibly hyphenated or
    after a particle ("el-Masri", "O'Neill", "Mehr-Azad")."""
    return (
        rf"(?:[{_UPPER}]\.(?=\s)|(?:(?:{particles})[-'’])?[{_UPPER}]"
        rf"(?:{_LETTER}|['’](?={_LETTER}))*(?:-{_LETTER}+)*)"
    )


@dataclass(frozen=True, slots=True)
class NameRun:
    """A run of capitalized words, with the char span of each word (connectors included)."""

    words: tuple[tuple[int, int], ...]
    stripped_title: bool = False
    after_institution: bool = False  # split off right after an organisation word

    @property
    def start(self) -> int:
        return self.words[0][0]

    @property
    def end(self) -> int:
        return self.words[-1][1]


@dataclass(slots=True)
class PersonEntity:
    """One person: the name as first written, and every mention (char spans)."""

    name: str
    key: tuple[str, ...]
    mentions: list[tuple[int, int]] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.mentions[0][0]


class PersonFinder:
    """Finds persons in a parsed Doc using the lexicon's titles, roles and stopwords."""

    def __init__(self, lexicon: Lexicon, stop_words: frozenset[str]) -> None:
        self.lex = lexicon
        self.stop_words = stop_words
        # institution and place words: a run containing one names no person
        self.stop_names = lexicon.name_stopwords | lexicon.org_words
        connectors = "|".join(
            re.escape(c).replace(r"\ ", " ") for c in sorted(lexicon.connectors, key=len)[::-1]
        )
        word = _word_pattern(alternation(lexicon.name_particles))
        self.run_re = re.compile(
            rf"(?<![\w@#'’.-]){word}(?:[ \u00a0]+(?:(?:{connectors})[ \u00a0]+)*{word})*"
        )
        # between two listed names: "X and Y", "X, Y", "X y su hija Y"
        self.list_joiner = re.compile(
            rf"^\s*(?:,|,?\s+(?:{alternation(lexicon.conjunctions)}))\s+"
            rf"(?P<words>(?:[^\W\d_][\w-]*\s+){{0,3}})$",
            re.IGNORECASE,
        )
        self.word_re = re.compile(r"\S+")
        # "de X" standing alone: a preposition or connector right before a word, and no
        # capitalised word (or connector and one) right after it
        self.after_preposition = re.compile(
            rf"\b(?:{alternation(lexicon.name_place_prepositions | lexicon.connectors)})\s+$",
            re.IGNORECASE,
        )
        self.alone_after = re.compile(
            rf"(?![\w-])(?!\s+(?:(?:{alternation(lexicon.connectors)})\s+)?[{_UPPER}])",
            re.IGNORECASE,
        )

    # -- candidates --

    def runs(self, text: str) -> list[NameRun]:
        """Every capitalized run, with leading function words, titles and roles removed."""
        out = []
        for match in self.run_re.finditer(text):
            words = [
                (m.start() + match.start(), m.end() + match.start())
                for m in self.word_re.finditer(match.group(0))
            ]
            if words and self._saint_place(text, words[0]):
                continue  # "en Santa Cruz de la Sierra", "con San Antonio del Táchira"
            run = self._trim(text, words)
            if (
                run
                and len(run.words) >= 3
                and (self._place_elsewhere(text, run) or self._place_first(text, run))
            ):
                run = self._trim(text, list(run.words[1:]))  # "(cerca de) Miraflores Ana Ruiz"
            if run:
                out.append(run)
        return out

    def _place_elsewhere(self, text: str, run: NameRun) -> bool:
        """The run's first word stands alone elsewhere after a preposition ("palacio de
        Miraflores,", "dirigente de Vente."): a place or a body, glued here to a name that
        follows it."""
        start, end = run.words[0]
        word = text[start:end]
        if word.lower() in self.lex.connectors or word.lower() in self.lex.org_words:
            return False  # "El Centro de X ... del centro": the body named again, not a place
        # the word's other occurrences, each checked for a preposition right before it (one
        # scan for a plain word, not one for the long alternation at every position)
        for found in re.finditer(re.escape(word), text, re.IGNORECASE):
            if found.start() == start:
                continue
            if self.after_preposition.search(text, max(0, found.start() - 40), found.start()) and (
                self.alone_after.match(text, found.end())
            ):
                return True
        return False

    def _saint_place(self, text: str, first: tuple[int, int]) -> bool:
        """A saint's title that opens a place's name ("Santa Cruz", "San Antonio"), read as
        such after a place preposition, not stripped off as a title before a person's name."""
        start, end = first
        before = text[max(0, start - 12) : start].split()
        return (
            bool(before)
            and text[start:end].lower() in self.lex.place_first
            and before[-1].lower() in self.lex.name_place_prepositions
        )

    def _place_first(self, text: str, run: NameRun) -> bool:
        """ "fue arrestado en Matanzas Félix Navarro": after a place preposition, a first word
        the gazetteer knows as a place is the place, glued to the name that follows it."""
        start, end = run.words[0]
        before = text[max(0, start - 12) : start].split()
        if not before or before[-1].lower() not in self.lex.name_place_prepositions:
            return False
        return for_lexicon(self.lex).names_place(text[start:end])

    def _trim(self, text: str, words: list[tuple[int, int]]) -> NameRun | None:
        stripped = False
        while words:
            lowered = [_bare(text[s:e]).lower() for s, e in words]
            drop = self._leading_title(lowered)
            if drop:
                stripped = True
            elif (
                lowered[0] in self.stop_words
                or lowered[0] in self.lex.connectors
                or lowered[0] in self.lex.countries
                or (  # a heading: "Detención de X", "Arrest of X"
                    lowered[0] in self.lex.arrest_words
                    and len(lowered) > 2
                    and lowered[1] in self.lex.org_connectors
                )
            ):
                drop = 1
            if not drop:
                break
            words = words[drop:]
        while words and text[words[-1][0] : words[-1][1]] in self.lex.connectors:
            words = words[:-1]
        if not words:
            return None
        last_start, last_end = words[-1]
        bare = _bare(text[last_start:last_end])
        words[-1] = (last_start, last_start + len(bare))
        return NameRun(tuple(words), stripped)

    def _leading_title(self, lowered: Sequence[str]) -> int:
        """How many leading words form a title, role or kinship noun (0 if none); a title
        may open with the place it is of ("Istanbul Mayor X", "Minsk City Judge X")."""
        table = for_lexicon(self.lex)
        for lead in range(1, min(3, len(lowered) - 1)):
            if all(table.names_place(w) for w in lowered[:lead]):
                rest = self._title_only(lowered[lead:])
                if rest:
                    return lead + rest
        return self._title_only(lowered)

    def _title_only(self, lowered: Sequence[str]) -> int:
        for size in range(min(self.lex.max_title_words, len(lowered)), 0, -1):
            phrase = " ".join(lowered[:size])
            if phrase in self.lex.titles or (
                size == 1 and (phrase in self.lex.roles or phrase in self.lex.kinship)
            ):
                return size
        return 0

    def name_words(self, text: str, run: NameRun) -> list[str]:
        return [text[s:e] for s, e in run.words if text[s:e] not in self.lex.connectors]

    def is_institution(self, text: str, run: NameRun) -> bool:
        """Runs that name organisations or places, never persons."""
        words = [_bare(text[s:e]) for s, e in run.words]
        lowered = [w.lower() for w in words]
        if lowered[0] in self.lex.place_first:
            return True
        if any(w in self.stop_names for w in lowered):
            return True
        if any(len(w) > 1 and w.isupper() for w in words):
            return True
        return bool(self.lex.countries_re.search(text[run.start : run.end]))

    # -- evidence --

    def pieces(self, text: str, run: NameRun) -> list[NameRun]:
        """A run split at institution words and acronyms: "Gobierno de Luis Prado" and
        "NGO-Watch Irina Kozak" hold a name after the institution."""
        out: list[NameRun] = []
        current: list[tuple[int, int]] = []
        governed = after_org = False
        for start, end in [*run.words, (-1, -1)]:
            word = _bare(text[start:end]) if start >= 0 else ""
            lower = word.lower()
            breaker = start < 0 or (
                lower in self.stop_names
                or (len(word) > 1 and word[:2].isupper() and not word.endswith("."))
                or lower in self.lex.countries
            )
            if not breaker:
                current.append((start, end))
                continue
            while current and text[current[0][0] : current[0][1]] in self.lex.connectors:
                current = current[1:]
            while current and text[current[-1][0] : current[-1][1]] in self.lex.connectors:
                current = current[:-1]
            if current:
                first = not out and current[0] == run.words[0]
                out.append(
                    NameRun(tuple(current), (run.stripped_title and first) or governed, after_org)
                )
            current = []
            after_org = lower in self.lex.org_words
            # "el Gobierno de Luis Prado", "the government of X": a leader's name follows
            governed = (
                lower in self.lex.authorities
                and end < run.end
                and text[end : end + 5].split()[0] in self.lex.connectors
            )
        return out

    def find(self, doc: Doc, runs: list[NameRun]) -> list[PersonEntity]:
        text = text_of(doc)
        person_chars = _labelled_chars(doc, frozenset(self.lex.grammar.person_labels))
        candidates: list[tuple[NameRun, bool]] = []
        pieces = [piece for whole in runs for piece in self.pieces(text, whole)]
        for run in pieces:
            if len(self.name_words(text, run)) < 2 or self.is_institution(text, run):
                continue
            span = doc.char_span(run.start, run.end, alignment_mode="expand")
            if span is None:
                continue
            if not run.stripped_title and _after_word(text, run, self.lex.name_articles):
                continue  # "denuncias sobre la Chivo Wallet": a thing's name
            if not run.stripped_title and _after_word(text, run, self.lex.org_kinds):
                continue  # "the watchdog Citizen Control", "el diario Apple Daily"
            cue = run.stripped_title or self._context_cue(doc, span)
            if self._place_context(doc, span) and not cue:
                continue
            model_says = any(i in person_chars for i in range(run.start, run.end))
            if run.after_institution and not run.stripped_title:
                continue  # "Colectivo Voces Libres": still the organisation's name
            candidates.append((run, cue or model_says))
        accepted = {run.start for run, ok in candidates if ok}
        for run, ok in candidates:  # names listed with accepted names are names too
            if not ok and self._listed_with(text, run, accepted, candidates):
                accepted.add(run.start)
        persons: list[PersonEntity] = []
        for run, _ in candidates:
            if run.start in accepted:
                self._add(persons, text, run)
        self._aliases(persons, text, pieces)
        for person in persons:
            person.mentions.sort()
        return persons

    def _context_cue(self, doc: Doc, span: Span) -> bool:
        lex = self.lex
        sent_start = sentence_of(span).start if doc.has_annotation("SENT_START") else 0
        before = [t.lower_ for t in doc[max(sent_start, span.start - 3) : span.start]]
        if before and before[-1] in lex.connectors and not any(w in lex.kinship for w in before):
            pass  # "coordinador de Voluntad Popular": a role's complement is its body
        elif any(w in lex.roles or w in lex.kinship or w in lex.titles for w in before):
            return True
        if before and before[-1] in lex.speech_after:
            return True  # "said Irina Kozak"
        root, verb = span.root, span.root.head
        passive = root.dep_ in ("nsubjpass", "nsubj:pass") or (
            root.dep_ == "nsubj" and "Part" in verb.morph.get("VerbForm")
        )
        if passive and (verb.lower_ in lex.arrest_words or verb.lemma_.lower() in lex.arrest_words):
            return True  # "X, the 2023 laureate, was detained": only persons are detained
        after = doc[span.end : span.end + 8]
        if not len(after):
            return False
        first = after[0].lower_
        if first in lex.speech_after:
            return True
        for token in after[:3]:  # "X was detained", "X fue detenida": only persons are
            if token.lower_ in lex.arrest_words and token.pos_ in ("VERB", "ADJ"):
                return True
            if token.pos_ not in ("AUX", "ADV"):
                break
        if first in (",", "("):
            rest = [t for t in after[1:] if not t.is_space]
            if rest and rest[0].like_num and len(rest) > 1 and rest[1].text in (",", ")", "."):
                return True  # "Ana Ruiz, 44,"
            words = [t.lower_ for t in rest[:7]]
            if words and words[0] in lex.relative_pronouns:
                return True  # "X, who ...", "X, quien ..."
            if words and (words[0] in lex.speech_after or words[0] in lex.arrest_words):
                return True  # "X, dijo", "X, encarcelada desde 2021"
            if len(words) > 2 and words[0] in lex.age_prepositions and words[2] in lex.age_after:
                return True
            if _apposition_then_relative(doc[span.end + 1 : span.end + 14], lex):
                return True  # "X, the 2023 laureate, who was ...": "who" is said of persons
            return any(w in lex.roles or w in lex.kinship for w in words[:6]) and bool(
                words
                and (words[0] in self.stop_words or words[0] in lex.roles or words[0] in lex.titles)
            )
        return False

    def _place_context(self, doc: Doc, span: Span) -> bool:
        before = [t.lower_ for t in doc[max(0, span.start - 2) : span.start]]
        if not before:
            return False
        return before[-1] in self.lex.name_place_prepositions or any(
            w in self.lex.place_before for w in before
        )

    def _listed_with(
        self,
        text: str,
        run: NameRun,
        accepted: set[int],
        candidates: list[tuple[NameRun, bool]],
    ) -> bool:
        for other, _ in candidates:
            if other.start not in accepted or other is run:
                continue
            between = (
                text[other.end : run.start]
                if other.end <= run.start
                else text[run.end : other.start]
            )
            match = self.list_joiner.match(between)
            if match and len(between) < 40:
                words = match.group("words").lower().split()
                if all(
                    w in self.lex.roles or w in self.lex.kinship or w in self.stop_words
                    for w in words
                ):
                    return True  # "X and Y", "X and its candidate Y", "X y su hija Y"
        return False

    def _add(self, persons: list[PersonEntity], text: str, run: NameRun) -> None:
        key = tuple(fold(w) for w in self.name_words(text, run))
        for person in persons:
            if set(key) <= set(person.key) or (
                len(person.key) >= 2 and set(person.key) <= set(key)
            ):
                person.mentions.append((run.start, run.end))
                return
        persons.append(PersonEntity(text[run.start : run.end], key, [(run.start, run.end)]))

    def _aliases(self, persons: list[PersonEntity], text: str, runs: list[NameRun]) -> None:
        """Shorter mentions ("Vega", "Prado Salas") of a person named in full."""
        known = {m for p in persons for m in p.mentions}
        for run in runs:
            words = self.name_words(text, run)
            if (run.start, run.end) in known or not words:
                continue
            key = tuple(fold(w) for w in words)
            matches = [p for p in persons if _contiguous(key, p.key) and key != p.key[:1]]
            if not matches:
                continue
            before = [p for p in matches if p.start < run.start]
            person = (before or matches)[-1]
            person.mentions.append((run.start, run.end))


def _after_word(text: str, run: NameRun, words: frozenset[str] | set[str]) -> bool:
    """Whether the run follows one of ``words`` directly: an article ("la Chivo Wallet", "the
    Apple Daily") or a kind of organisation ("the watchdog X")."""
    before = text[max(0, run.start - 30) : run.start]
    previous = before.split()
    return bool(previous) and before.endswith(" ") and previous[-1].lower() in words


def _apposition_then_relative(rest: Sequence[Token], lexicon: Lexicon) -> bool:
    """A noun phrase set off by commas, then a personal relative pronoun ("X, the 2023
    laureate, who ...", "X, dirigente sindical, quien ..."): the name is a person's."""
    for k, token in enumerate(rest[:12]):
        if token.pos_ in ("VERB", "AUX") or token.text in (".", ";", ":", "("):
            return False
        if token.text == ",":
            return k > 0 and k + 1 < len(rest) and rest[k + 1].lower_ in lexicon.relative_pronouns
    return False


def _contiguous(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    size = len(part)
    return any(whole[i : i + size] == part for i in range(len(whole) - size + 1))


def _bare(word: str) -> str:
    """A word without a trailing possessive ("Vega's" -> "Vega")."""
    if len(word) > 2 and word[-1] in "s'’" and ("'" in word or "’" in word):
        return _POSSESSIVE.sub("", word)
    return word


def _labelled_chars(doc: Doc, labels: frozenset[str]) -> set[int]:
    chars: set[int] = set()
    for ent in doc.ents:
        if ent.label_ in labels:
            chars.update(range(ent.start_char, ent.end_char))
    return chars
