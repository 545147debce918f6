"""The bridge from stored documents to the extractor, shared by `extract --pending` and workers.

It turns a :class:`~extract.result.DocResult` into the JSON contract plus every evidence span
of repeated figures (``spans``), which is what :func:`extract.storage.store_extraction` keeps.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from extract.result import DocResult, InputDoc
from extract.version import EXTRACTOR_VERSION


def extractor_version() -> str:
    return EXTRACTOR_VERSION


def _as_date(value: str | None) -> date | None:
    if not value or len(value) != 10:
        return None  # a month or year alone cannot anchor "yesterday"
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


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
                published=_as_date(d.get("published")) or d.get("fetched"),
                url=d.get("url"),
            )
            for d in documents
        ]
        for result in extractor.extract_many(inputs):
            yield storable(result)

    return run
