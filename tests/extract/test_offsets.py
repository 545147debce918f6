"""Every span indexes the text: quote == text[start:end], mentions are the names."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.persons import fold
from extract.result import DocResult, InputDoc


def check_offsets(result: DocResult) -> None:
    text = result.text
    for count in result.counts:
        assert text[count.start : count.end] == count.quote
        assert count.quote and str(count.value) not in ("0", "1")
        for start, end in count.spans:
            assert 0 <= start < end <= len(text)
    for arrest in result.arrests:
        assert text[arrest.start : arrest.end] == arrest.quote
    for date_ in result.dates:
        assert text[date_.start : date_.end] == date_.text
    for person in result.persons:
        for start, end in person.mentions:
            mention = fold(text[start:end])  # "Maria Corina Machado" names "María Corina Machado"
            assert mention and set(mention.split()) <= set(fold(person.name).split())
    for index, count in enumerate(result.counts):
        assert count.part_of is None or 0 <= count.part_of < len(result.counts) != index


def _documents(corpus: Path) -> list[dict[str, object]]:
    rows = []
    for name in ("dev.jsonl", "seed.jsonl"):
        path = corpus / name
        if path.exists():
            rows += [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return rows


def test_offsets_over_the_whole_corpus(corpus, extractor) -> None:
    docs = [
        InputDoc(
            id=str(d["id"]),
            text=str(d["text"]),
            lang=str(d["lang"]),
            published=date.fromisoformat(str(d["published"])),
        )
        for d in _documents(corpus)
    ]
    for result in extractor.extract_many(docs):
        check_offsets(result)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_offsets_on_cut_and_joined_corpus_paragraphs(corpus, extractor, data) -> None:
    """Property: whatever slice of the corpus's paragraphs is extracted, spans stay exact."""
    docs = _documents(corpus)
    doc = data.draw(st.sampled_from(docs))
    paragraphs = str(doc["text"]).split("\n\n")
    start = data.draw(st.integers(0, len(paragraphs) - 1))
    end = data.draw(st.integers(start + 1, len(paragraphs)))
    separator = data.draw(st.sampled_from(["\n\n", "\n", " "]))
    text = separator.join(paragraphs[start:end])
    published = data.draw(st.sampled_from([None, str(doc["published"])]))
    result = extractor.extract(
        InputDoc(
            id="p",
            text=text,
            lang=str(doc["lang"]),
            published=date.fromisoformat(published) if published else None,
        )
    )
    check_offsets(result)
