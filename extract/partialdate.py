"""Partial dates as pages give them: "2020", "2008-06" or "2024-07-17", kept at that precision.

A page dated only by month is common (archives, listings); such a date is still the reference
that "in March" or "17 de julio" resolve against (for the year), while "yesterday" cannot be.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_PARTIAL = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")  # ASCII digits only


def parse_partial(text: str | None) -> str | None:
    """The partial date ``text`` names (YYYY, YYYY-MM or YYYY-MM-DD, a real one), or None."""
    if not text:
        return None
    value = text.strip()
    if not _PARTIAL.fullmatch(value):
        return None
    year, month, day = ([int(part) for part in value.split("-")] + [1, 1])[:3]
    try:
        date(year, month, day)
    except ValueError:
        return None
    return value


def as_day(value: str | date | None) -> date | None:
    """The day a reference date names, or None when it is a month or a year."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value) if len(value) == 10 else None


def last_day(value: str | date | None) -> date | None:
    """The last day of a partial date: what a year-less "17 de julio" is resolved before."""
    if value is None or isinstance(value, date):
        return value
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(parts[0], 12, 31)


def iso(value: str | date | None) -> str | None:
    return value.isoformat() if isinstance(value, date) else value
