"""Qualified counts as closed integer intervals, so "more than 300" can agree with 301.

A source rarely states a bare number: "más de 300", "unos 300", "hasta 300". Comparing the
numbers alone would call "more than 300" and 301 a conflict and "more than 300" and 290 an
agreement; comparing the sets of counts each statement allows gets both right.

Semantics (v is the stated value; counts are whole, non-negative numbers):

=========== ====================== =====================================================
qualifier   interval               why
=========== ====================== =====================================================
exact       [v, v]                 also used when no qualifier was extracted
more_than   [v + 1, ∞)             "more than 300" excludes 300 itself
at_least    [v, ∞)
about       [⌊0.9·v⌋, ⌈1.1·v⌉]     ±10 %: "about 300" is 270..330; "about 5" is 4..6
up_to       [0, v]
less_than   [0, max(v - 1, 0)]
=========== ====================== =====================================================
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

INF = math.inf
ABOUT_TOLERANCE = 0.10


class Interval(NamedTuple):
    """Closed interval [lo, hi] of whole counts; ``hi`` may be infinity.

    A tuple, so a million of them compare and hash at C speed.
    """

    lo: float
    hi: float

    def overlaps(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def plus(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def minus(self, other: Interval) -> Interval:
        return Interval(max(self.lo - other.hi, 0), max(self.hi - other.lo, 0))

    @property
    def is_point(self) -> bool:
        return self.lo == self.hi

    def __str__(self) -> str:
        return _text(self)

    def to_json(self) -> list[int | None]:
        """JSON has no infinity: an open upper end is ``null``."""
        return [int(self.lo), None if self.hi == INF else int(self.hi)]


@lru_cache(maxsize=1 << 16)  # checks spell out the same few thousand intervals millions of times
def _text(interval: Interval) -> str:
    if interval.is_point:
        return _fmt(interval.lo)
    return f"[{_fmt(interval.lo)}, {_fmt(interval.hi)}]"


def _fmt(number: float) -> str:
    return "∞" if number == INF else str(int(number))


def from_qualified(value: int, qualifier: str | None) -> Interval:
    """The interval of counts a statement "<qualifier> <value>" allows."""
    if qualifier in (None, "", "exact"):
        return Interval(value, value)
    if qualifier == "more_than":
        return Interval(value + 1, INF)
    if qualifier == "at_least":
        return Interval(value, INF)
    if qualifier == "about":
        return Interval(
            math.floor(value * (1 - ABOUT_TOLERANCE)), math.ceil(value * (1 + ABOUT_TOLERANCE))
        )
    if qualifier == "up_to":
        return Interval(0, value)
    if qualifier == "less_than":
        return Interval(0, max(value - 1, 0))
    raise ValueError(f"unknown qualifier {qualifier!r}")


def intersection(intervals: Iterable[Interval]) -> Interval | None:
    """The counts every interval allows, or None when they cannot all be true."""
    lo, hi = -INF, INF
    for interval in intervals:
        lo, hi = max(lo, interval.lo), min(hi, interval.hi)
    if lo > hi or lo == -INF:
        return None
    return Interval(lo, hi)


def total(intervals: Iterable[Interval]) -> Interval:
    """Interval sum: the counts a sum of qualified parts can come to."""
    lo = hi = 0.0
    for interval in intervals:
        lo, hi = lo + interval.lo, hi + interval.hi
    return Interval(lo, hi)
