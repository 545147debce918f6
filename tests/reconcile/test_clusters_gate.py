"""Reconciliation's flags on the story clusters (tests/reconcile/clusters) may only get better.

Every part is gated on its own figures from ``baseline.json``: flag recall and flag precision
may not fall, compatible pairs flagged may not rise. The blind parts (E, F) are gated too: a
floor reveals nothing of their stories, and a fall there is the first sign of a rule fitted
to the parts its author read. Raise the floors after an improvement with
``python -m review.reconcile.evaluate --json tests/reconcile/clusters/baseline.json``.
"""

from __future__ import annotations

import json

import pytest

from review.reconcile.evaluate import CLUSTERS_DIR, evaluate_part, parts_in

BASELINE = json.loads((CLUSTERS_DIR / "baseline.json").read_text(encoding="utf-8"))
TOLERANCE = 1e-9


def test_every_part_is_gated() -> None:
    assert set(parts_in(CLUSTERS_DIR)) == set(BASELINE)


@pytest.mark.parametrize("part", sorted(BASELINE))
def test_flags_do_not_get_worse(part: str) -> None:
    floor = BASELINE[part]
    got = evaluate_part(CLUSTERS_DIR, part).metrics()
    worse = [
        f"{name}: {got[name]:.3f} (was {floor[name]:.3f})"
        for name in ("flag_recall", "flag_precision")
        if got[name] < floor[name] - TOLERANCE
    ]
    if got["compatible_flagged"] > floor["compatible_flagged"] + TOLERANCE:
        worse.append(
            f"compatible_flagged: {got['compatible_flagged']:.3f} "
            f"(was {floor['compatible_flagged']:.3f})"
        )
    assert not worse, f"part {part}: " + "; ".join(worse)
