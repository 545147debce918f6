"""Quality on prose written from real public pages (tests/extract/realprose) may only go up.

Each part is gated on its own: the A parts are read while debugging, the B parts are blind, so
a fall on a B part is the first sign of a rule fitted to what its author happened to read. The
floors in ``baseline.json`` are figures measured on this code; raise them after an improvement
(``python -m extract.evaluate --realprose`` prints the same figures).
"""

from __future__ import annotations

import json

import pytest

from extract.evaluate import (
    REALPROSE_DIR,
    corpus_dir,
    evaluate_realprose,
    realprose_parts,
    scorer_path,
)
from tests.conftest import need

BASELINE = json.loads((REALPROSE_DIR / "baseline.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def realprose_metrics() -> dict[str, dict[str, float]]:
    scorer = scorer_path(corpus_dir())
    need(scorer.exists(), f"the shared scorer is not at {scorer}")
    metrics, _ = evaluate_realprose(scorer)
    return metrics


def test_every_part_is_gated() -> None:
    assert set(realprose_parts()) == set(BASELINE)


@pytest.mark.parametrize("part", sorted(BASELINE))
def test_realprose_scores_do_not_fall_below_the_floor(realprose_metrics, part: str) -> None:
    floor = BASELINE[part]
    got = realprose_metrics[part]
    fallen = {k: (got.get(k), v) for k, v in floor.items() if got.get(k, 0.0) + 1e-9 < v}
    assert not fallen, f"{part}: metric (now, floor) fell: {fallen}"
