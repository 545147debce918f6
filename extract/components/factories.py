"""The factory functions and component classes (see the table in the package docstring)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extract.arrests import ArrestReader
from extract.attribution import SourceFinder
from extract.claims import attribute, date_claims, link_totals, locate, merge_claims
from extract.counts import CountReader
from extract.dates import DateFinder
from extract.doctext import text_of
from extract.lexicon import Lexicon, load_lexicon
from extract.numbers import NumberFinder
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
    "crosstally_arrests",
)
_CONFIG = {"lexicon_path": None}


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
        doc._.ct_dates = self.finder.find(text_of(doc), doc._.ct_published)
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
    def __init__(self, nlp: Language, lexicon_path: str | None) -> None:
        self.lexicon = _lexicon(nlp, lexicon_path)
        self.reader = CountReader(self.lexicon)

    def __call__(self, doc: Doc) -> Doc:
        candidates = self.reader.read(doc, doc._.ct_numbers or [], doc._.ct_dates or [])
        claims = merge_claims(candidates)
        if claims:
            sources = SourceFinder(self.lexicon, doc, doc._.ct_persons or [], doc._.ct_runs or [])
            link_totals(claims, doc, self.lexicon)
            attribute(claims, doc, sources)
            locate(claims, doc, self.lexicon)
            date_claims(claims, doc, doc._.ct_dates or [], self.lexicon, doc._.ct_published)
        doc._.ct_counts = claims
        return doc


class ArrestsComponent:
    def __init__(self, nlp: Language, lexicon_path: str | None) -> None:
        self.reader = ArrestReader(_lexicon(nlp, lexicon_path))

    def __call__(self, doc: Doc) -> Doc:
        doc._.ct_arrests = self.reader.read(doc, doc._.ct_persons or [], doc._.ct_dates or [])
        return doc


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
    requires=["token.dep", "doc.sents"],
    default_config=_CONFIG,
)
def make_counts(nlp: Language, name: str, lexicon_path: str | None) -> CountsComponent:
    return CountsComponent(nlp, lexicon_path)


@Language.factory(
    "crosstally_arrests",
    assigns=["doc._.ct_arrests"],
    requires=["token.dep", "doc.sents"],
    default_config=_CONFIG,
)
def make_arrests(nlp: Language, name: str, lexicon_path: str | None) -> ArrestsComponent:
    return ArrestsComponent(nlp, lexicon_path)
