"""Quality gate: the scorer's per-language figures never fall below tests/eval_baseline.json.

The baseline is a floor that only moves up: after an improvement, raise it with
``python -m extract.evaluate --json tests/eval_baseline.json``; lowering it is a visible,
reviewed change. Without the annotated corpus the gate skips locally and fails under CI.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.evaluate import evaluate

BASELINE = Path(__file__).resolve().parents[1] / "eval_baseline.json"
TOLERANCE = 1e-9


@pytest.mark.slow
def test_metrics_do_not_fall_below_the_baseline(corpus: Path) -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    metrics, lines = evaluate(corpus)
    assert set(baseline) <= set(metrics), f"languages missing from the evaluation: {lines}"
    drops = [
        f"{lang} {name}: {metrics[lang][name]:.3f} < baseline {floor:.3f}"
        for lang, floors in baseline.items()
        for name, floor in floors.items()
        if metrics[lang].get(name, 0.0) < floor - TOLERANCE
    ]
    assert not drops, "\n".join(drops + [f"{lang}: {line}" for lang, line in lines.items()])
