"""KeptDates answers what comparing a date with every kept date answers (days, months,
years, undated), which is how the engine keeps one flag per disagreement."""

from __future__ import annotations

import random

import pytest

from review.reconcile.dates import days
from review.reconcile.overlaps import KeptDates


def _date(rng: random.Random) -> str | None:
    year = rng.choice(["2023", "2024"])
    kind = rng.random()
    if kind < 0.05:
        return None
    if kind < 0.15:
        return year
    month = f"{rng.randint(1, 12):02d}"
    if kind < 0.35:
        return f"{year}-{month}"
    return f"{year}-{month}-{rng.randint(1, 28):02d}"


def _naive(kept: list, span) -> bool:
    return any(span is None or k is None or span.overlaps(k) for k in kept)


@pytest.mark.parametrize("seed", range(200))
def test_same_answer_as_comparing_every_kept_date(seed):
    rng = random.Random(seed)
    kept_dates = KeptDates()
    kept: list = []
    for _ in range(rng.randint(1, 60)):
        span = days(_date(rng))
        assert kept_dates.overlaps(span) == _naive(kept, span)
        if rng.random() < 0.5:
            kept_dates.add(span)
            kept.append(span)
