"""The dates of flags already kept, asked whether a new date overlaps any of them.

The engine keeps one flag per disagreement: a conflict between two originators is dropped
when a flag between the same two is already kept on an overlapping date. An archive of a
million claims holds hundreds of thousands of such conflicts before that pruning, each
originator pair with a kept flag on most dates; comparing each new date with every kept one
costs more than the checks themselves. Kept single days go in a set (a day overlaps another
only when it is that day), months, years and undated flags are compared one by one (they are
few), so the answer is the one comparing every pair would give.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from review.reconcile.dates import Days


@dataclass
class KeptDates:
    undated: bool = False  # a kept flag without a date overlaps every date
    days: set[date] = field(default_factory=set)
    spans: list[Days] = field(default_factory=list)  # kept months and years

    def overlaps(self, span: Days | None) -> bool:
        """Whether a flag on ``span`` (None: undated) overlaps a kept one."""
        if span is None:
            return self.undated or bool(self.days) or bool(self.spans)
        if self.undated or any(span.overlaps(kept) for kept in self.spans):
            return True
        if span.is_day:
            return span.first in self.days
        return any(span.first <= day <= span.last for day in self.days)

    def add(self, span: Days | None) -> None:
        if span is None:
            self.undated = True
        elif span.is_day:
            self.days.add(span.first)
        else:
            self.spans.append(span)
