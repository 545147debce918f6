"""Quality on the project's own held-out documents (invented, annotated without looking at the
extractor) may only go up: a floor that catches rules fitted to the shared corpus alone."""

from __future__ import annotations

import json

import pytest

from extract.evaluate import HELDOUT_DIR, corpus_dir, evaluate, scorer_path
from tests.conftest import need

BASELINE = json.loads((HELDOUT_DIR / "baseline.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def heldout_metrics() -> dict[str, dict[str, float]]:
    scorer = scorer_path(corpus_dir())
    need(scorer.exists(), f"the shared scorer is not at {scorer}")
    metrics, _ = evaluate(HELDOUT_DIR, splits=("heldout",), scorer=scorer)
    return metrics


@pytest.mark.parametrize("lang", sorted(BASELINE))
def test_heldout_scores_do_not_fall_below_the_floor(heldout_metrics, lang: str) -> None:
    floor = BASELINE[lang]
    got = heldout_metrics[lang]
    fallen = {k: (got.get(k), v) for k, v in floor.items() if got.get(k, 0.0) + 1e-9 < v}
    assert not fallen, f"{lang}: metric (now, floor) fell: {fallen}"
