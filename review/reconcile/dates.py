"""Partial dates as intervals of days: "2024-07" is every day of July 2024.

As-of dates come with the precision the text gives ("as of July 15", "at the end of March",
"in 2024"); compared as strings, "2024-07" and "2024-07-17" would be two dates, and "2024-7"
nonsense. Compared as day intervals, a month contains its days and two figures are about the
same moment when their intervals overlap.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache
from typing import NamedTuple

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class Days(NamedTuple):
    """A closed interval of days [first, last]."""

    first: date
    last: date

    def overlaps(self, other: Days) -> bool:
        return self.first <= other.last and other.first <= self.last

    def contains(self, other: Days) -> bool:
        return self.first <= other.first and other.last <= self.last

    def before(self, other: Days) -> bool:
        """Wholly earlier: every day of this interval precedes every day of the other."""
        return self.last < other.first

    @property
    def is_day(self) -> bool:
        return self.first == self.last


@lru_cache(maxsize=1 << 16)
def days(value: str | None) -> Days | None:
    """ "2024" -> all of 2024, "2024-07" -> July, "2024-07-17" -> that day; None if invalid."""
    if not value:
        return None
    match = _PARTIAL.match(value.strip()[:10])
    if match is None:
        return None
    year = int(match.group(1))
    try:
        if match.group(3):
            day = date(year, int(match.group(2)), int(match.group(3)))
            return Days(day, day)
        if match.group(2):
            month = int(match.group(2))
            last = calendar.monthrange(year, month)[1]
            return Days(date(year, month, 1), date(year, month, last))
        return Days(date(year, 1, 1), date(year, 12, 31))
    except ValueError:
        return None


def start_of(value: str | None) -> str | None:
    """The first day of a partial date, as ISO text: the key of a period's start."""
    found = days(value)
    return found.first.isoformat() if found else None
