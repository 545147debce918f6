"""Fixtures for the extraction tests: one Extractor per session, and the shared corpus.

Every test text here is invented for the test; the annotated corpus is only read (never
copied) by the offsets property test and the evaluation gate, which skip without it locally
and fail without it under CI.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from extract.evaluate import corpus_dir
from extract.result import DocResult, InputDoc
from tests.conftest import need

Run = Callable[..., DocResult]


@pytest.fixture(scope="session")
def extractor():
    from extract.pipeline import Extractor

    return Extractor(["en", "es"])


@pytest.fixture(scope="session")
def run(extractor) -> Run:
    """run(text, lang="en", published="2024-07-17") -> DocResult."""

    def _run(text: str, lang: str = "en", published: str | None = "2024-07-17") -> DocResult:
        day = date.fromisoformat(published) if published else None
        return extractor.extract(InputDoc(id="t", text=text, lang=lang, published=day))

    return _run


@pytest.fixture(scope="session")
def corpus() -> Path:
    path = corpus_dir()
    need((path / "dev.jsonl").exists(), f"annotated corpus not found in {path}")
    return path


def counts_by_value(result: DocResult) -> dict[int, object]:
    return {c.value: c for c in result.counts}
