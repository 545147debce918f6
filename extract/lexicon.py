"""One language's lexicon: the YAML data file under ``extract/lang/`` as a typed, compiled object.

Every word list the extraction rules consult lives in the data file, so supporting a new
language means writing ``extract/lang/xx.yaml`` (with the spaCy model name in it) and nothing
else. The file is validated once by pydantic, then its lists are turned into sets and compiled
regular expressions that the spaCy components share (:func:`load_lexicon` caches one per
language and path).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

LANG_DIR = Path(__file__).resolve().parent / "lang"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NumberWords(_Model):
    words: dict[str, int]
    scales: dict[str, int]
    collectives: dict[str, int]
    collective_qualifiers: dict[str, str] = Field(default_factory=dict)
    articles: list[str]
    joiners: list[str]


class Qualifiers(_Model):
    before: dict[str, list[str]]
    after: dict[str, list[str]] = Field(default_factory=dict)
    fillers: list[str] = Field(default_factory=list)
    # a qualifier word that is also a preposition, and the verbs it completes there
    # ("complained about 30 arrests": about the arrests, not roughly 30)
    prepositions: dict[str, list[str]] = Field(default_factory=dict)


class Distractors(_Model):
    time_units: list[str]
    age_before: list[str]
    # phrases that make the number after them an age limit: "younger than 16", "menores de 18"
    age_limits: list[str] = Field(default_factory=list)
    legal_before: list[str]
    currency_before: list[str]
    currency_after: list[str]
    percent_after: list[str]
    clock_after: list[str]
    rate_after: list[str]
    multiplier_after: list[str]
    range_joiners: list[str]
    range_starts: list[str]
    unit_modifiers: list[str]
    # articles that make the number after them a label, not a count ("el 236 del código")
    label_articles: list[str] = Field(default_factory=list)
    # superlative adverbs of a ranking ("the 100 most influential women", "las 100 mujeres
    # más influyentes"): a list's length, not people counted
    superlatives: list[str] = Field(default_factory=list)
    # phrases before a small number that make it a time of day ("a las once")
    clock_before: list[str] = Field(default_factory=list)


class Subjects(_Model):
    strong: list[str]
    weak: list[str]
    partitive: list[str]
    modifiers: list[str]
    pronouns: list[str]
    antecedents: list[str]
    copulas: list[str]
    counting_verbs: list[str]
    event_verbs: list[str]


class WordList(_Model):
    words: list[str]
    stems: list[str] = Field(default_factory=list)


class NonTarget(_Model):
    modifiers: list[str]
    verbs: list[str]
    before: list[str]
    after: list[str]


class Context(_Model):
    possessives: list[str]
    anaphoric: list[str]
    breakdown: list[str]
    as_of: list[str]
    clause_breaks: list[str]
    conjunctions: list[str]
    determiners: list[str]
    bare_range_joiners: list[str]


class Relations(_Model):
    """How one text relates its figures to each other, as cue phrases."""

    # before a part that need not partition its total: "including 61 women"
    subset: list[str]
    # before a figure taken away from a total: "minus 12", "de ellas 12 ... por lo que"
    subtract: list[str]
    # before the result of stated arithmetic: "so 102", "por lo que 102"
    result: list[str]
    # after a part, before the total it belongs to: "102 of a total of 114"
    out_of: list[str]
    # before an earlier figure the text compares with: "up from 250", "frente a los 305"
    history: list[str]
    # words of a slice that closes a list of parts: "12 in other regions"
    remainder: list[str]
    # verbs by which a figure names its parts: "the figure included 200 men"
    include_verbs: list[str]
    # "<by> <axis>," opening a sentence of parts: "By region, 143 ..."
    by_axis: list[str]
    # "of the total": a part of the whole, not of the last figure
    total_words: list[str] = Field(default_factory=list)
    # a table heading that announces a breakdown ("by sex", "desglose", "as follows")
    breakdown_headings: list[str] = Field(default_factory=list)
    # the axes a heading may break a figure down by ("by sex", "por región")
    axis_nouns: list[str] = Field(default_factory=list)
    # "three further arrests", "tres capturas más": an addition to a count, not a count
    increment: list[str] = Field(default_factory=list)


class Periods(_Model):
    """Cues of the period a flow is counted over ("arrests since January 24")."""

    since: list[str]
    # cues of ``since`` that also mean other things ("a reply from the Bureau"): a period
    # only with a date right after them, never an undated event
    since_before_dates: list[str] = Field(default_factory=list)
    during: list[str]
    between: list[str]
    # the period runs from the start of the reference year: "so far this year"
    to_date: list[str]
    # a year before the reference: "last year", "el año pasado"
    last_year: list[str]
    # a count tied to an event rather than a calendar period: "in connection with the protests"
    event: list[str] = Field(default_factory=list)
    # "during the protests", "durante el paro": a preposition and an event noun
    event_prepositions: list[str] = Field(default_factory=list)
    event_nouns: list[str] = Field(default_factory=list)
    # "over the same period", "en el mismo periodo": the period of the figure before
    same: list[str] = Field(default_factory=list)


class Attribution(_Model):
    according_to: list[str]
    verbs: list[str]
    first_person: list[str]
    org_pronouns: list[str]
    org_connectors: list[str]
    loose_connectors: list[str]
    person_pronouns: list[str]
    org_anaphors: list[str]
    authorities: list[str]
    generic_sources: list[str]
    document_words: list[str]
    # what one party says another alleged ("the group's assertion that ..."): its owner speaks
    claim_nouns: list[str] = Field(default_factory=list)
    # lemmas of verbs whose object is spoken to ("inform the House"): never the text's voice
    addressing_verbs: list[str] = Field(default_factory=list)
    org_words: list[str]
    # roles by which a person speaks for an organisation: "its director, X"
    spokesperson_roles: list[str] = Field(default_factory=list)


class Persons(_Model):
    titles: list[str]
    roles: list[str]
    kinship: list[str]
    connectors: list[str]
    place_first: list[str]
    place_prepositions: list[str]
    stopwords: list[str]
    place_words: list[str]
    place_before: list[str]
    age_after: list[str]
    age_prepositions: list[str]
    relative_pronouns: list[str]
    name_particles: list[str]
    speech_after: list[str]
    # articles: a capitalised run right after one names a thing ("la Chivo Wallet", "the
    # Apple Daily"), never a person
    articles: list[str] = Field(default_factory=list)
    # kinds of organisation a writer puts right before its name ("the watchdog X", "el diario
    # X"): the run after one names that body, never a person
    org_kinds: list[str] = Field(default_factory=list)


class Arrests(_Model):
    words: list[str]
    weak_words: list[str]
    weak_partners: list[str]
    # weak cues that report custody when their subject is the passive one ("A and B were
    # held with her"), whatever surrounds them
    passive_words: list[str] = Field(default_factory=list)
    # things a weak cue's passive subject can be when it speaks of no one ("the vigil was
    # held", "talks were held"): lemmas of events and meetings
    held_things: list[str] = Field(default_factory=list)
    # phrases that tie an arrest to one told before ("were held with her"): it shares its day
    companions: list[str] = Field(default_factory=list)
    # words before a date that make it the end of a term ("remanded until 13 March")
    until: list[str] = Field(default_factory=list)
    # relative pronouns that open what is said of a person ("X, who ...")
    relatives: list[str] = Field(default_factory=list)
    list_prepositions: list[str]
    intransitive_verbs: list[str]
    state_verbs: list[str]
    bridge_words: list[str]
    custody_prepositions: list[str]
    list_triggers: list[str]
    # lemmas of verbs that name the members of such a list ("Among the prisoners the group
    # identifies X"): the list goes on past them
    list_verbs: list[str] = Field(default_factory=list)
    # a sentence opening on one of these lists the people the sentence before says were
    # detained ("Five relatives were detained. They are her daughter, X; ...")
    list_openers: list[str] = Field(default_factory=list)
    # prepositions that join an arrest noun to whom it befell ("the arrest of", "el arresto del")
    patient_prepositions: list[str] = Field(default_factory=list)
    # words that make a participle what a verb says of its object ("dio por detenidos a X",
    # "listed X as detained")
    predicative_markers: list[str] = Field(default_factory=list)
    # third-person singular pronouns that can be what an arrest befell ("police led him
    # away", "lo subieron a otro vehículo"): they stand for the one person named before
    patient_pronouns: list[str] = Field(default_factory=list)
    # lemmas of sentencing verbs: their object is a penalty ("condenado a 74 latigazos"), so
    # a number there counts no people
    sentencing_verbs: list[str] = Field(default_factory=list)
    exclude: list[str]
    agent_verbs: list[str]
    agent_prepositions: list[str]
    place_prepositions: list[str]
    status: dict[str, str]
    # weak verbs that are arrests when reflexive ("se llevaron a X"), and the reflexive pronouns
    reflexive_cues: list[str] = Field(default_factory=list)
    reflexive_pronouns: list[str] = Field(default_factory=list)
    # auxiliaries and verbs that, in the present tense, describe a state, not the arrest
    # ("X is being held", "están detenidos"): such a cue takes only a date attached to it
    state_auxiliaries: list[str] = Field(default_factory=list)
    # cue words that always describe a state ("serving", "cumplía")
    state_words: list[str] = Field(default_factory=list)
    # a cue modified by one of these ("earlier", "anteriormente") has an unknown date
    vague_times: list[str] = Field(default_factory=list)


class DatePattern(_Model):
    kind: str
    regex: str


class Dates(_Model):
    capitalized: bool = False
    # The order of an all-numeric date ("05/10/2016"), as dateparser reads it for the
    # language; declared, such dates are read directly, else they go to dateparser.
    numeric_order: Literal["DMY", "MDY", "YMD"] | None = None
    months: dict[str, int]
    weekdays: dict[str, int]
    day_words: dict[str, int]
    unit_days: dict[str, int]
    anchors: dict[str, int]
    # "six days later", "tres días antes": the word after a counted span and its direction
    # (+1 after the previous day date in the text, -1 before it)
    anchor_directions: dict[str, int] = Field(default_factory=dict)
    year_offsets: dict[str, int]
    # a week before or after publication: "last week" (an approximate date, never a day)
    week_words: dict[str, int] = Field(default_factory=dict)
    patterns: list[DatePattern]


class Grammar(_Model):
    """What the language's spaCy model writes, and grammar facts the rules depend on."""

    participles_after_nouns: bool = False
    drops_subjects: bool = False
    passive_auxiliaries: list[str] = Field(default_factory=list)
    # "has been held", "ha sido detenido": a past event, whatever the auxiliary's tense
    perfect_auxiliaries: list[str] = Field(default_factory=list)
    # the model's named-entity labels for places, people and organisations
    place_labels: list[str] = Field(default_factory=lambda: ["GPE", "LOC"])
    person_labels: list[str] = Field(default_factory=lambda: ["PERSON", "PER"])
    org_labels: list[str] = Field(default_factory=lambda: ["ORG"])
    facility_labels: list[str] = Field(default_factory=list)
    # the model's labels for a verb's objects ("inform this House"): spoken to, not speaking
    object_deps: list[str] = Field(default_factory=lambda: ["dobj", "obj", "iobj", "dative"])
    # prepositions of a verb's addressee ("wrote to X", "pidió al Congreso")
    recipient_prepositions: list[str] = Field(default_factory=list)


class PlaceWords(_Model):
    """Words that tie a figure to a place ("in", "en") and say a name is a region's."""

    prepositions: list[str]
    region_words: list[str]
    # "in the capital": a place named by its role, no name needed
    capital_words: list[str] = Field(default_factory=list)
    # "in", "en": a name right after one of these is where something happened, which the
    # model sometimes labels an organisation when it does not know the name
    locative: list[str] = Field(default_factory=list)
    # "nationwide", "a nivel nacional": the figure is the whole country's, whatever region
    # its sentence names before it
    national: list[str] = Field(default_factory=list)


class LexiconFile(_Model):
    """The schema of ``extract/lang/xx.yaml``."""

    language: str
    model: str
    batch_size: int = 32
    grammar: Grammar = Field(default_factory=Grammar)
    numbers: NumberWords
    qualifiers: Qualifiers
    distractors: Distractors
    subjects: Subjects
    events: WordList
    non_target: NonTarget
    context: Context
    relations: Relations
    periods: Periods
    attribution: Attribution
    persons: Persons
    arrests: Arrests
    places: PlaceWords
    countries: dict[str, str]
    cities: dict[str, str] = Field(default_factory=dict)
    dates: Dates


class LexiconError(ValueError):
    """A language data file that is missing or does not follow the schema."""


def lower_set(items: Iterable[str]) -> frozenset[str]:
    return frozenset(item.lower() for item in items)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words or phrases, longest first."""
    ordered = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) or "(?!x)x"


def phrase_regex(phrases: Iterable[str], *, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """An alternation of phrases, longest first, bounded so that no word is cut."""
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    if not ordered:
        return re.compile(r"(?!x)x")
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)


class WordClass:
    """A vocabulary matched against a token's lowercased text or lemma, or by word start."""

    def __init__(self, words: Iterable[str], stems: Iterable[str] = ()) -> None:
        self.words = lower_set(words)
        self.stems = tuple(sorted(lower_set(stems)))

    def has(self, lower: str, lemma: str = "") -> bool:
        if lower in self.words or lemma in self.words:
            return True
        return bool(self.stems) and lower.startswith(self.stems)


class Lexicon:
    """The compiled form of one language file, shared by every component of a pipeline."""

    def __init__(
        self, data: LexiconFile, path: Path, foreign_org_words: frozenset[str] = frozenset()
    ) -> None:
        self.data = data
        self.path = path
        self.lang = data.language
        self.model = data.model
        self.grammar = data.grammar
        n = data.numbers
        self.number_values: dict[str, int] = {k.lower(): v for k, v in n.words.items()}
        self.number_scales = {k.lower(): v for k, v in n.scales.items()}
        self.number_collectives = {k.lower(): v for k, v in n.collectives.items()}
        self.collective_qualifiers = {k.lower(): v for k, v in n.collective_qualifiers.items()}
        self.number_articles = lower_set(n.articles)
        self.number_joiners = lower_set(n.joiners)

        q = data.qualifiers
        self.qualifier_before = {
            phrase.lower(): name for name, phrases in q.before.items() for phrase in phrases
        }
        self.qualifier_after = {
            phrase.lower(): name for name, phrases in q.after.items() for phrase in phrases
        }
        self.qualifier_prepositions = {
            word.lower(): lower_set(verbs) for word, verbs in q.prepositions.items()
        }
        fillers = "|".join(re.escape(f) for f in q.fillers) or "(?!x)x"
        body = "|".join(
            re.escape(p).replace(r"\ ", r"\s+")
            for p in sorted(self.qualifier_before, key=len, reverse=True)
        )
        # qualifier phrase at the end of the text before a number
        self.qualifier_before_re = re.compile(
            rf"(?<![\w-])(?P<q>{body})(?:\s+(?:{fillers}))?\s*[\"“«']?\s*$", re.IGNORECASE
        )
        self.qualifier_after_re = re.compile(
            r"^\s*(?P<q>"
            + "|".join(re.escape(p) for p in sorted(self.qualifier_after, key=len, reverse=True))
            + r")(?![\w])",
            re.IGNORECASE,
        )

        d = data.distractors
        self.time_units = lower_set(d.time_units)
        self.age_before = lower_set(d.age_before)
        self.age_limits_re = re.compile(
            rf"(?<![\w-])(?:{alternation(d.age_limits)})\s*$" if d.age_limits else r"(?!x)x",
            re.IGNORECASE,
        )
        self.legal_before = lower_set(d.legal_before)
        self.currency_before = lower_set(d.currency_before)
        self.currency_after = lower_set(d.currency_after)
        self.percent_after = phrase_regex(d.percent_after)
        self.clock_after = lower_set(d.clock_after)
        self.rate_after = phrase_regex(d.rate_after)
        self.multiplier_after = lower_set(d.multiplier_after)
        self.range_joiners = lower_set(d.range_joiners)
        self.range_starts = lower_set(d.range_starts)
        self.unit_modifiers = lower_set(d.unit_modifiers)
        self.label_articles = lower_set(d.label_articles)
        self.superlatives = lower_set(d.superlatives)
        self.clock_before_re = re.compile(
            rf"(?<![\w-])(?:{alternation(d.clock_before)})\s*$" if d.clock_before else r"(?!x)x",
            re.IGNORECASE,
        )

        s = data.subjects
        self.strong = lower_set(s.strong)
        self.weak = lower_set(s.weak)
        self.partitive = lower_set(s.partitive)
        self.modifiers = lower_set(s.modifiers)
        self.pronouns = lower_set(s.pronouns)
        self.antecedents = lower_set(s.antecedents)
        self.copulas = lower_set(s.copulas)
        self.counting_verbs = lower_set(s.counting_verbs)
        self.event_verbs = lower_set(s.event_verbs)
        self.events = WordClass(data.events.words, data.events.stems)

        nt = data.non_target
        self.non_target_modifiers = lower_set(nt.modifiers)
        self.non_target_verbs = lower_set(nt.verbs)
        self.non_target_before = phrase_regex(nt.before)
        # "capacity for 40,000 inmates": the phrase up to three words before the number
        self.non_target_before_end = re.compile(
            self.non_target_before.pattern + r"\W*(?:\w+\W+){0,3}$", re.IGNORECASE
        )
        self.non_target_after = phrase_regex(nt.after)

        c = data.context
        self.possessives = lower_set(c.possessives)
        self.anaphoric = lower_set(c.anaphoric)
        self.breakdown_re = phrase_regex(c.breakdown)
        self.as_of_re = phrase_regex(c.as_of)
        self.clause_breaks = lower_set(c.clause_breaks)
        self.conjunctions = lower_set(c.conjunctions)
        self.determiners = lower_set(c.determiners)
        self.bare_range_joiners = lower_set(c.bare_range_joiners)

        rel = data.relations
        self.subset_re = phrase_regex(rel.subset)
        self.subtract_re = phrase_regex(rel.subtract)
        self.result_re = phrase_regex(rel.result)
        self.out_of_re = phrase_regex(rel.out_of)
        self.history_re = phrase_regex(rel.history)
        self.remainder_words = lower_set(rel.remainder)
        self.include_verbs = lower_set(rel.include_verbs)
        self.total_words = lower_set(rel.total_words)
        by = alternation(rel.by_axis)
        axes = alternation(rel.axis_nouns)
        self.breakdown_heading_re = re.compile(
            rf"(?<![\w-])(?:(?:{by})\s+(?:{axes})|{alternation(rel.breakdown_headings)})(?![\w-])",
            re.IGNORECASE,
        )
        self.increment_words = lower_set(rel.increment)
        self.breakdown_opener_re = re.compile(
            rf"^(?:{alternation(rel.by_axis)})\s+[^\W\d_]+(?:\s+[^\W\d_]+)?\s*,", re.IGNORECASE
        )
        per = data.periods
        self.period_since_re = phrase_regex(per.since)
        self.since_before_dates = lower_set(per.since_before_dates)
        self.period_during_re = phrase_regex(per.during)
        self.period_between_re = phrase_regex(per.between)
        self.period_to_date_re = phrase_regex(per.to_date)
        self.period_last_year_re = phrase_regex(per.last_year)
        determiners = alternation(data.context.determiners)
        self.period_event_re = re.compile(
            rf"(?<![\w-])(?:{alternation(per.event)}|(?:{alternation(per.event_prepositions)})\s+"
            rf"(?:(?:{determiners})\s+)?(?:\w+\s+)?(?:{alternation(per.event_nouns)}))(?![\w-])",
            re.IGNORECASE,
        )
        self.period_same_re = phrase_regex(per.same)

        a = data.attribution
        self.according_to_re = phrase_regex(a.according_to)
        self.attribution_verbs = lower_set(a.verbs)
        self.first_person = lower_set(a.first_person)
        self.org_pronouns = lower_set(a.org_pronouns)
        self.org_connectors = a.org_connectors
        self.loose_connectors = lower_set(a.loose_connectors)
        self.person_pronouns = lower_set(a.person_pronouns)
        self.org_anaphors = lower_set(a.org_anaphors)
        self.authorities = lower_set(a.authorities)
        self.generic_sources = lower_set(a.generic_sources)
        self.document_words = lower_set(a.document_words)
        self.claim_nouns = lower_set(a.claim_nouns)
        self.addressing = lower_set(a.addressing_verbs)
        # organisations keep their names across languages ("Foro Penal" in an English wire,
        # "Human Rights Watch" in a Spanish one): every language's organisation words count
        self.org_words = lower_set(a.org_words) | foreign_org_words
        self.spokesperson_roles = lower_set(a.spokesperson_roles)

        p = data.persons
        self.titles = lower_set(p.titles)
        self.roles = lower_set(p.roles)
        self.kinship = lower_set(p.kinship)
        self.connectors = lower_set(p.connectors)
        self.place_first = lower_set(p.place_first)
        self.name_place_prepositions = lower_set(p.place_prepositions)
        self.name_stopwords = lower_set(p.stopwords)
        self.place_before = lower_set(p.place_before)
        self.place_words = lower_set(p.place_words)
        self.age_after = lower_set(p.age_after)
        self.age_prepositions = lower_set(p.age_prepositions)
        self.relative_pronouns = lower_set(p.relative_pronouns)
        self.name_articles = lower_set(p.articles)
        self.org_kinds = lower_set(p.org_kinds)
        self.name_particles = lower_set(p.name_particles)
        self.speech_after = lower_set(p.speech_after)
        self.max_title_words = max((len(t.split()) for t in self.titles), default=1)

        r = data.arrests
        self.arrest_words = lower_set(r.words)
        self.arrest_weak = lower_set(r.weak_words)
        self.arrest_partners = lower_set(r.weak_partners)
        self.arrest_passive = lower_set(r.passive_words)
        self.held_things = lower_set(r.held_things)
        self.companions_re = phrase_regex(r.companions)
        self.arrest_until = lower_set(r.until)
        self.arrest_relatives = lower_set(r.relatives)
        self.list_prepositions = lower_set(r.list_prepositions)
        self.intransitive_verbs = lower_set(r.intransitive_verbs)
        self.passive_auxiliaries = lower_set(data.grammar.passive_auxiliaries)
        self.perfect_auxiliaries = lower_set(data.grammar.perfect_auxiliaries)
        self.arrest_list_re = phrase_regex(r.list_triggers)
        self.arrest_list_verbs = lower_set(r.list_verbs)
        self.patient_prepositions = lower_set(r.patient_prepositions)
        self.predicative_markers = lower_set(r.predicative_markers)
        self.patient_pronouns = lower_set(r.patient_pronouns)
        self.sentencing_verbs = lower_set(r.sentencing_verbs)
        self.arrest_list_openers_re = re.compile(
            rf"^\s*(?:{alternation(r.list_openers)})(?![\w-])" if r.list_openers else r"(?!x)x",
            re.IGNORECASE,
        )
        self.state_verbs = lower_set(r.state_verbs)
        self.bridge_words = lower_set(r.bridge_words)
        self.custody_prepositions = lower_set(r.custody_prepositions)
        self.arrest_exclude_re = phrase_regex(r.exclude)
        self.agent_verbs = lower_set(r.agent_verbs)
        self.agent_prepositions = lower_set(r.agent_prepositions)
        self.place_prepositions = lower_set(r.place_prepositions)
        self.status_by_phrase = {k.lower(): v for k, v in r.status.items()}
        self.status_re = phrase_regex(r.status)
        self.reflexive_cues = lower_set(r.reflexive_cues)
        self.reflexive_pronouns = lower_set(r.reflexive_pronouns)
        self.state_auxiliaries = lower_set(r.state_auxiliaries)
        self.state_words = lower_set(r.state_words)
        self.vague_times = lower_set(r.vague_times)

        # a lone capitalized common noun ("Police", "ONG", "DENUNCIA") is no organisation
        self.common_org_words = (
            self.authorities
            | self.org_anaphors
            | self.generic_sources
            | self.name_stopwords - self.org_words
        )
        # an organisation's name goes on over connectors ("Committee for the Defence of ...")
        self.org_tail_re = re.compile(
            rf"\s+(?P<conn>{alternation(self.org_connectors)})\s+"
            rf"(?P<words>[A-ZÀ-Þ][\w'’-]*(?:[ ][A-ZÀ-Þ][\w'’-]*)*)"
        )
        self.determiners_re = re.compile(rf"^(?:{alternation(self.determiners)})\s+", re.IGNORECASE)
        self.place_prepositions_any = lower_set(data.places.prepositions)
        self.region_words = lower_set(data.places.region_words)
        self.capital_words = lower_set(data.places.capital_words)
        self.locative_prepositions = lower_set(data.places.locative)
        self.national_re = phrase_regex(data.places.national)
        self.countries = {k.lower(): v for k, v in data.countries.items()}
        self.countries_re = phrase_regex(self.countries)
        self.cities = {k.lower(): v for k, v in data.cities.items()}
        # where a claim is: countries, demonyms and cities, all mapped to the country
        self.places = {**{k.lower(): v for k, v in data.cities.items()}, **self.countries}
        self.place_size = max((len(k.split()) for k in self.places), default=1)
        self.dates = data.dates


def lexicon_path(lang: str) -> Path:
    return LANG_DIR / f"{lang}.yaml"


def available_languages() -> list[str]:
    """Languages with a data file: the ones the extractor can be configured for."""
    return sorted(path.stem for path in LANG_DIR.glob("*.yaml"))


# libyaml's parser when PyYAML was built with it (the wheels are): the language files are a few
# thousand entries each, which the pure-Python parser took ~0.2 s per file to read, in every
# worker process before its first document.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_lexicon(lang: str, path: str | None = None) -> Lexicon:
    """Read, validate and compile one language file (once per process and file)."""
    return _load_lexicon(lang, str(Path(path) if path else lexicon_path(lang)))


@functools.cache
def _load_lexicon(lang: str, path: str) -> Lexicon:
    file = Path(path)
    try:
        raw = yaml.load(file.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except FileNotFoundError as error:
        raise LexiconError(f"no lexicon for language {lang!r}: {file} is missing") from error
    except yaml.YAMLError as error:
        raise LexiconError(f"{file}: not valid YAML: {error}") from error
    try:
        data = LexiconFile.model_validate(raw)
    except ValidationError as error:
        raise LexiconError(f"{file}: {error}") from error
    if data.language != lang:
        raise LexiconError(f"{file} declares language {data.language!r}, expected {lang!r}")
    return Lexicon(data, file, _foreign_org_words(lang))


@functools.cache
def _foreign_org_words(lang: str) -> frozenset[str]:
    """The organisation words of every other language file in the lexicon directory."""
    words: set[str] = set()
    for other in available_languages():
        if other == lang:
            continue
        try:
            raw = yaml.load(lexicon_path(other).read_text(encoding="utf-8"), Loader=_YAML_LOADER)
            words |= {str(w).lower() for w in raw["attribution"]["org_words"]}
        except (OSError, yaml.YAMLError, KeyError, TypeError):
            continue  # that file's own loading reports what is wrong with it
    return frozenset(words)
