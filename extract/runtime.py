"""The bridge from stored documents to the extractor, shared by `extract --pending` and workers.

It turns a :class:`~extract.result.DocResult` into the JSON contract plus every evidence span
of repeated figures (``spans``), which is what :func:`extract.storage.store_extraction` keeps.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from extract.partialdate import as_day, parse_partial
from extract.result import DocResult, InputDoc
from extract.version import EXTRACTOR_VERSION


def extractor_version() -> str:
    return EXTRACTOR_VERSION


def _published(value: str | None) -> date | str | None:
    """A stored publication date: a day, or a partial date kept as it is ("2008-06"). Never
    the crawl date: a page's figures hold when it says, not when it was fetched."""
    partial = parse_partial(value)
    return as_day(partial) or partial


def storable(result: DocResult) -> dict[str, Any]:
    out = result.to_json()
    for item, count in zip(out["counts"], result.counts, strict=True):
        if count.spans:
            item["spans"] = [list(span) for span in count.spans]
    return out


def extractor_function():
    """A callable (list of stored-document dicts) -> iterator of storable dicts."""
    from extract.pipeline import Extractor

    extractor = Extractor()
    languages = set(extractor.languages)

    def run(documents: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        inputs = [
            InputDoc(
                id=d["id"],
                text=d["text"],
                lang=d["lang"] if d.get("lang") in languages else None,
                published=_published(d.get("published")),
                url=d.get("url"),
            )
            for d in documents
        ]
        for result in extractor.extract_many(inputs):
            yield storable(result)

    return run
