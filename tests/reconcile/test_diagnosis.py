"""The failure counts name the stage that failed, on a real reconciled cluster."""

from __future__ import annotations

from pathlib import Path

from review.reconcile.diagnosis import Diagnosis
from review.reconcile.evaluate import CLUSTERS_DIR, load_part, reconcile_cluster


def _run(tmp_path: Path):
    docs, _ = load_part(CLUSTERS_DIR, "own")
    return reconcile_cluster([d for d in docs if d["cluster"] == "own-c1"], tmp_path)


def test_missed_and_false_flags_get_their_causes(tmp_path: Path) -> None:
    run = _run(tmp_path)
    assert run.flags, "own-c1 raises its conflict"
    gold = {
        "cluster": "own-c1",
        "flags": [
            # a figure the text does not hold
            {"kind": "conflict", "values": [{"doc": "own-c1-d1", "value": 999}]},
            # a part against the other originator's total: different slices
            {
                "kind": "conflict",
                "values": [{"doc": "own-c1-d1", "value": 200}, {"doc": "own-c1-d2", "value": 95}],
            },
        ],
        # the true conflict declared compatible: the raised flag is false and holds it
        "compatible": [
            {"values": [{"doc": "own-c1-d1", "value": 240}, {"doc": "own-c1-d2", "value": 95}]}
        ],
    }
    diagnosis = Diagnosis()
    diagnosis.add(run, gold)
    assert diagnosis.missed == {
        "conflict: a value was not extracted": 1,
        "conflict: slices differ": 1,
    }
    assert list(diagnosis.false) == [
        "conflict [2 originator(s), as-of stated]: holds a compatible pair"
    ]
    assert diagnosis.facts["claims"] == len(run.result.facts)
    report = diagnosis.report()
    assert "a value was not extracted" in report and "own-c1" not in report
