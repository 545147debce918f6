"""The factory functions and component classes (see the table in the package docstring)."""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Token

from extract.arrests import ArrestReader
from extract.attribution import SourceFinder
from extract.claims import merge_claims
from extract.count_dates import date_claims
from extract.count_places import locate
from extract.count_relations import relate
from extract.count_sources import Originators, attribute, originate
from extract.counts import CountReader
from extract.dates import DateFinder
from extract.doctext import text_of
from extract.lexicon import Lexicon, load_lexicon
from extract.numbers import NumberFinder
from extract.partialdate import as_day, iso
from extract.persons import PersonFinder

EXTENSIONS = (
    "ct_published",
    "ct_numbers",
    "ct_dates",
    "ct_runs",
    "ct_persons",
    "ct_counts",
    "ct_arrests",
)
# in pipeline order
COMPONENTS = (
    "crosstally_numbers",
    "crosstally_dates",
    "crosstally_persons",
    "crosstally_counts",
    "crosstally_count_relations",
    "crosstally_count_sources",
    "crosstally_count_places",
    "crosstally_count_dates",
    "crosstally_arrests",
)
_CONFIG = {"lexicon_path": None}
# runs before the model's parser: a line that opens with a list marker starts a sentence
LINE_STARTS = "crosstally_line_starts"
_LIST_MARKER = re.compile(r"^(?:[-–—•*·▪]|\d{1,3}[/.)])$")


def register_extensions() -> None:
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()


def _lexicon(nlp: Language, path: str | None) -> Lexicon:
    return load_lexicon(nlp.lang, path)


class NumbersComponent:
    def __init__(self, nlp: Language, lexicon_path: str | None) -> None:
        self.finder = NumberFinder(_lexicon(nlp, lexicon_path))

    def __call__(self, doc: Doc) -> Doc:
        doc._.ct_numbers = self.finder.find(text_of(doc))
        return doc


class DatesComponent:
    def __init__(self, nlp: Language, lexicon_path: str | None) -> None:
        lexicon = _lexicon(nlp, lexicon_path)
        # dateparser builds its parser for a language on first use, not here: numeric and
        # ISO dates are read directly, so most runs never need it and a worker process
        # should not spend a quarter of a second per language before its first document.
        self.finder = DateFinder(lexicon, NumberFinder(lexicon))

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.ct_published  # a date, a partial date ("2025-05") or None
        day = as_day(published)
        doc._.ct_dates = self.finder.find(
            text_of(doc), day, iso(published) if day is None else None
        )
        return doc


class PersonsComponent:
    def __init__(self, nlp: Language, lexicon_path: str | None) -> None:
        self.finder = PersonFinder(_lexicon(nlp, lexicon_path), frozenset(nlp.Defaults.stop_words))

    def __call__(self, doc: Doc) -> Doc:
        runs = self.finder.runs(text_of(doc))
        doc._.ct_runs = runs
        doc._.ct_persons = self.finder.find(doc, runs)
        return doc


class CountsComponent:
    """Numbers read as counts of people, one claim per distinct figure."""

    def __init__(self, nlp: Language, lexicon_path: str | None) -> None:
        self.lexicon = _lexicon(nlp, lexicon_path)
        self.reader = CountReader(self.lexicon)

    def __call__(self, doc: Doc) -> Doc:
        candidates = self.reader.read(doc, doc._.ct_numbers or [], doc._.ct_dates or [])
        doc._.ct_counts = merge_claims(candidates)
        return doc


class CountRelationsComponent:
    """Parts of a total, stated arithmetic and earlier figures among a document's claims."""

    def __init__(self, nlp: Language, lexicon_path: str | None) -> None:
        self.lexicon = _lexicon(nlp, lexicon_path)

    def __call__(self, doc: Doc) -> Doc:
        if doc._.ct_counts:
            relate(doc._.ct_counts, doc, self.lexicon)
        return doc


class CountSourcesComponent:
    """Who states each figure, and the organisation that counted it."""

    def __init__(self, nlp: Language, lexicon_path: str | None) -> None:
        self.lexicon = _lexicon(nlp, lexicon_path)

    def __call__(self, doc: Doc) -> Doc:
        claims = doc._.ct_counts
        if claims:
            sources = SourceFinder(self.lexicon, doc, doc._.ct_persons or [], doc._.ct_runs or [])
            attribute(claims, doc, sources)
            originate(claims, doc, Originators(doc, sources, self.lexicon))
        return doc


class CountPlacesComponent:
    """The country, and the region where the text ties a figure to one."""

    def __init__(self, nlp: Language, lexicon_path: str | None) -> None:
        self.lexicon = _lexicon(nlp, lexicon_path)

    def __call__(self, doc: Doc) -> Doc:
        if doc._.ct_counts:
            locate(doc._.ct_counts, doc, self.lexicon)
        return doc


class CountDatesComponent:
    """When each figure holds, where that date comes from, and a flow's period."""

    def __init__(self, nlp: Language, lexicon_path: str | None) -> None:
        self.lexicon = _lexicon(nlp, lexicon_path)

    def __call__(self, doc: Doc) -> Doc:
        if doc._.ct_counts:
            date_claims(
                doc._.ct_counts, doc, doc._.ct_dates or [], self.lexicon, doc._.ct_published
            )
        return doc


class ArrestsComponent:
    def __init__(self, nlp: Language, lexicon_path: str | None) -> None:
        self.reader = ArrestReader(_lexicon(nlp, lexicon_path))

    def __call__(self, doc: Doc) -> Doc:
        doc._.ct_arrests = self.reader.read(
            doc, doc._.ct_persons or [], doc._.ct_dates or [], as_day(doc._.ct_published)
        )
        return doc


@Language.component(LINE_STARTS)
def line_starts(doc: Doc) -> Doc:
    """ "- 18 January 2021: X detained. Y was detained with him.\n- 14 July 2021: ...": the
    parser would run the last sentence of one item into the next item, whose date then
    dates the wrong arrest. A line opening with a list marker ("-", "•", "3/", "2.") and a
    label ("14 July 2021:", "The same day:") starts a sentence: the item of a chronology, and
    so does the first word after a heading (a short line with no closing stop, then a blank
    line). Other line breaks are left to the parser (wrapped prose and lists of names keep
    theirs)."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and previous.text.count("\n") >= 2 and _after_heading(doc, token):
            token.is_sent_start = True  # "Hengaw; Sunday, 12 May 2024\n\n": a heading's date
            continue  # is the report's, and no sentence runs on from it
        if previous.is_space and "\n" in previous.text and _LIST_MARKER.match(token.text):
            head = doc[token.i + 1 : token.i + 7]
            if any(t.text == ":" for t in head):
                token.is_sent_start = True  # "- 14 July 2021: ...", "• The same day: ..."
    return doc


HEADING_CHARS = 90  # a line up to this long, without a closing stop, may be a heading


def _after_heading(doc: Doc, token: Token) -> bool:
    text = text_of(doc)  # not ``doc.text``, which rebuilds the string on every call
    line_end = text.rfind("\n", 0, token.idx)
    while line_end > 0 and text[line_end - 1] in "\n \t":
        line_end -= 1
    line_start = text.rfind("\n", 0, line_end) + 1
    line = text[line_start:line_end].strip()
    if not line or ":" in line or _LIST_MARKER.match(line.split()[0]):
        return False  # "- Civil activism: 5": a line of a table, not a heading
    return len(line) <= HEADING_CHARS and line[-1] not in '.!?;,»”"'


@Language.factory("crosstally_numbers", assigns=["doc._.ct_numbers"], default_config=_CONFIG)
def make_numbers(nlp: Language, name: str, lexicon_path: str | None) -> NumbersComponent:
    return NumbersComponent(nlp, lexicon_path)


@Language.factory("crosstally_dates", assigns=["doc._.ct_dates"], default_config=_CONFIG)
def make_dates(nlp: Language, name: str, lexicon_path: str | None) -> DatesComponent:
    return DatesComponent(nlp, lexicon_path)


@Language.factory(
    "crosstally_persons",
    assigns=["doc._.ct_persons", "doc._.ct_runs"],
    requires=["doc.ents", "token.dep"],
    default_config=_CONFIG,
)
def make_persons(nlp: Language, name: str, lexicon_path: str | None) -> PersonsComponent:
    return PersonsComponent(nlp, lexicon_path)


@Language.factory(
    "crosstally_counts",
    assigns=["doc._.ct_counts"],
    requires=["doc._.ct_numbers", "doc._.ct_dates", "token.dep", "doc.sents"],
    default_config=_CONFIG,
)
def make_counts(nlp: Language, name: str, lexicon_path: str | None) -> CountsComponent:
    return CountsComponent(nlp, lexicon_path)


@Language.factory(
    "crosstally_count_relations",
    assigns=["doc._.ct_counts"],
    requires=["doc._.ct_counts", "doc.sents", "token.dep"],
    default_config=_CONFIG,
)
def make_count_relations(
    nlp: Language, name: str, lexicon_path: str | None
) -> CountRelationsComponent:
    return CountRelationsComponent(nlp, lexicon_path)


@Language.factory(
    "crosstally_count_sources",
    assigns=["doc._.ct_counts"],
    requires=["doc._.ct_counts", "doc._.ct_persons", "doc.ents", "token.dep"],
    default_config=_CONFIG,
)
def make_count_sources(nlp: Language, name: str, lexicon_path: str | None) -> CountSourcesComponent:
    return CountSourcesComponent(nlp, lexicon_path)


@Language.factory(
    "crosstally_count_places",
    assigns=["doc._.ct_counts"],
    requires=["doc._.ct_counts", "doc.ents", "doc.sents"],
    default_config=_CONFIG,
)
def make_count_places(nlp: Language, name: str, lexicon_path: str | None) -> CountPlacesComponent:
    return CountPlacesComponent(nlp, lexicon_path)


@Language.factory(
    "crosstally_count_dates",
    assigns=["doc._.ct_counts"],
    requires=["doc._.ct_counts", "doc._.ct_dates", "doc.sents"],
    default_config=_CONFIG,
)
def make_count_dates(nlp: Language, name: str, lexicon_path: str | None) -> CountDatesComponent:
    return CountDatesComponent(nlp, lexicon_path)


@Language.factory(
    "crosstally_arrests",
    assigns=["doc._.ct_arrests"],
    requires=["token.dep", "doc.sents"],
    default_config=_CONFIG,
)
def make_arrests(nlp: Language, name: str, lexicon_path: str | None) -> ArrestsComponent:
    return ArrestsComponent(nlp, lexicon_path)
