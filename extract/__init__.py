"""crosstally's extraction stage: persons, dates, counts and arrests from monitors' texts.

The Python API (what ``crosstally extract`` and storage build on)::

    from extract import EXTRACTOR_VERSION, Extractor, InputDoc
    for result in Extractor().extract_many([InputDoc(id="1", text="...", published=day)]):
        result.to_json()          # the JSON Lines contract
        result.counts[0].spans    # every mention of a figure, for provenance

Models and lexicons are per language (``extract/lang/<lang>.yaml``).
"""

from __future__ import annotations

from extract.result import (
    ArrestResult,
    CountResult,
    DateResult,
    DocResult,
    InputDoc,
    PersonResult,
)
from extract.version import EXTRACTOR_VERSION


def __getattr__(name: str) -> object:
    # the pipeline imports spaCy: load it only when the Extractor is asked for
    if name in ("Extractor", "ExtractionError", "load_pipeline"):
        from extract import pipeline

        return getattr(pipeline, name)
    if name == "identify_language":
        from extract.language import identify_language

        return identify_language
    raise AttributeError(name)


__all__ = [
    "EXTRACTOR_VERSION",
    "ArrestResult",
    "CountResult",
    "DateResult",
    "DocResult",
    "ExtractionError",
    "Extractor",
    "InputDoc",
    "PersonResult",
    "identify_language",
    "load_pipeline",
]
