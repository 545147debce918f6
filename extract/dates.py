"""Date expressions, resolved against the document's publication date.

The rules follow the annotation guide: "yesterday"/"ayer"/"anoche" are the day before
publication; "last Monday", "on Tuesday", "el pasado martes" are the most recent such weekday
strictly before publication; "hace diez días" counts back; "the following day" and "el mismo
día" follow the previous day date in the text; a day and month without a year is the latest
past occurrence. Partial dates keep their precision ("2024-07", "2024"), never a fake day.

Candidate strings are found by the language file's patterns. Dates written with month names
are read by those patterns' groups; all-numeric dates ("17/07/2024"), whose day/month order
depends on the language, go to dateparser with the language fixed (never auto-detected), on
the matched string only (a bounded input of at most ``MAX_CANDIDATE`` characters), cached on
(text, lang, reference).
"""

from __future__ import annotations

import functools
import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from extract.lexicon import Lexicon
from extract.numbers import NumberFinder
from extract.partialdate import last_day

if TYPE_CHECKING:
    from dateparser.date import DateDataParser
    from spacy.tokens import Doc, Token

MAX_CANDIDATE = 64
WINDOW = 48  # characters around a trigger word in which the date patterns are tried
_ISO = re.compile(r"(?:19|20)\d\d-\d\d-\d\d")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
DAY, WEEK, MONTH, YEAR = "day", "week", "month", "year"
YEAR_CLASS = "YEAR"  # the trigger class of a four-digit year
# kinds that need only a year from the reference date (so a partial one serves)
YEAR_ONLY_KINDS = frozenset({"day_month", "month", "month_last"})


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression; ``value`` is None when it cannot be resolved (no reference date)."""

    start: int
    end: int
    text: str
    kind: str
    value: str | None
    precision: str | None
    offset: int | None = None  # days from the anchor, for "the following day" / "el mismo día"
    # resolved against a partial publication date ("2025-05"): its year is inferred, not known
    approximate: bool = False

    @property
    def day(self) -> date | None:
        if self.precision == DAY and self.value:
            return date.fromisoformat(self.value)
        return None


_DATELINE_HEAD = re.compile(r"^\s*[A-ZÀ-Þ][\w'’. ]{1,40},\s*$")
_DATELINE_TAIL = re.compile(r"^\s*(?:\([^)\n]{1,20}\))?\s*(?:[-–—]|\.-)")


def in_dateline(text: str, mention: DateMention) -> bool:
    """ "GUATEMALA CITY, July 30 — Police arrested ...": the day the story was filed, which
    dates no event it tells."""
    line = text.rfind("\n", 0, mention.start) + 1
    return bool(
        _DATELINE_HEAD.match(text[line : mention.start])
        and _DATELINE_TAIL.match(text[mention.end : mention.end + 25])
    )


class DateFinder:
    """Finds and resolves the date expressions of one language."""

    def __init__(self, lexicon: Lexicon, numbers: NumberFinder) -> None:
        self.lexicon = lexicon
        self.numbers = numbers
        table = lexicon.dates
        self.months = {k.lower(): v for k, v in table.months.items()}
        self.weekdays = {k.lower(): v for k, v in table.weekdays.items()}
        self.day_words = {k.lower(): v for k, v in table.day_words.items()}
        self.unit_days = {k.lower(): v for k, v in table.unit_days.items()}
        self.anchors = {k.lower(): v for k, v in table.anchors.items()}
        self.directions = {k.lower(): v for k, v in table.anchor_directions.items()}
        self.year_offsets = {k.lower(): v for k, v in table.year_offsets.items()}
        self.week_words = {k.lower(): v for k, v in table.week_words.items()}
        number_words = list(lexicon.number_values) + list(lexicon.number_articles)
        fill = {
            "MONTH": _names(self.months, table.capitalized),
            "WEEKDAY": _names(self.weekdays, table.capitalized),
            "DAYWORD": _phrases(self.day_words),
            "UNIT": _phrases(self.unit_days),
            "ANCHOR": _phrases(self.anchors),
            "DIRECTION": _phrases(self.directions or {"(?!x)x": 0}),
            "YEAROFF": _phrases(self.year_offsets),
            "WEEKWORD": _phrases(self.week_words or ["(?!x)x"]),
            "NUM": r"\d{1,3}|" + _phrases(number_words),
        }
        self.patterns = [
            (p.kind, re.compile(_fill(p.regex, fill), re.IGNORECASE)) for p in table.patterns
        ]
        # Every pattern contains a word of one of these classes (or a year), and only runs
        # near one: a day-month pattern near a month name, not near every year or weekday.
        classes = {
            "MONTH": list(self.months),
            "WEEKDAY": list(self.weekdays),
            "UNIT": list(self.unit_days),
            "DAYWORD": [p.split()[-1] for p in self.day_words],
            "ANCHOR": [p.split()[-1] for p in self.anchors],
            "YEAROFF": [p.split()[-1] for p in self.year_offsets],
            "WEEKWORD": [p.split()[-1] for p in self.week_words],
        }
        self.trigger_classes: dict[str, set[str]] = {}
        for name, words in classes.items():
            for word in words:
                self.trigger_classes.setdefault(word, set()).add(name)
        self.needs = [_needs(p.regex, classes) for p in table.patterns]

    def _hits(self, text: str) -> dict[str, list[int]]:
        """Where each trigger class occurs: a ``str.find`` per trigger word (C speed)
        instead of a Python look at every word, and the years by regex."""
        lowered = text.lower()
        hits: dict[str, list[int]] = {YEAR_CLASS: [m.start() for m in _YEAR.finditer(text)]}
        for trigger, names in self.trigger_classes.items():
            position = lowered.find(trigger)
            while position >= 0:
                end = position + len(trigger)
                before = lowered[position - 1] if position else " "
                after = lowered[end] if end < len(lowered) else " "
                if not before.isalnum() and not after.isalnum():
                    for name in names:
                        hits.setdefault(name, []).append(position)
                position = lowered.find(trigger, end)
        return hits

    @staticmethod
    def _windows(hits: list[int], size: int) -> list[tuple[int, int]]:
        """Stretches of text around the hits, merged where they overlap."""
        windows: list[tuple[int, int]] = []
        for hit in sorted(hits):
            start, end = max(0, hit - WINDOW), min(size, hit + WINDOW + 12)
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
            else:
                windows.append((start, end))
        return windows

    def find(
        self, text: str, published: date | None, partial: str | None = None
    ) -> list[DateMention]:
        """Every date expression in ``text``, in order, resolved where possible. With only a
        partial publication date (``partial``, "2025-05"), a date without a year takes the
        year it most likely has before the end of that month or year (marked approximate);
        a relative day ("yesterday") stays unresolved."""
        approximate = last_day(partial) if published is None and partial else None
        matches: list[tuple[int, int, int, str, re.Match[str]]] = []
        seen: set[tuple[int, int, int]] = set()
        hits = self._hits(text)
        windows: dict[tuple[str, ...], list[tuple[int, int]]] = {}
        for order, (kind, pattern) in enumerate(self.patterns):
            needs = self.needs[order]
            if needs not in windows:
                near = [hit for name in needs for hit in hits.get(name, ())]
                windows[needs] = self._windows(near, len(text))
            for window_start, window_end in windows[needs]:
                for match in pattern.finditer(text, window_start, window_end):
                    start, end = match.span("x") if "x" in pattern.groupindex else match.span()
                    if (start, end, order) not in seen:
                        seen.add((start, end, order))
                        matches.append((start, -(end - start), order, kind, match))
        matches.sort(key=lambda m: m[:3])
        found: list[DateMention] = []
        last_end = -1
        anchor: date | None = None
        for start, negative_length, _, kind, match in matches:
            if start < last_end:
                continue
            end = start - negative_length
            guessed = approximate is not None and kind in YEAR_ONLY_KINDS
            reference = approximate if guessed else published
            value, precision = self._resolve(kind, match, reference, anchor)
            if kind == "day_month" and value and not match.group("year"):
                value = self._named_weekday(text, start, value)
            offset = self._offset(kind, match)
            mention = DateMention(
                start, end, text[start:end], kind, value, precision, offset, guessed and bool(value)
            )
            if found and _names_its_weekday(found[-1], mention, text):
                # "el lunes 18 de enero de 2021", "on Monday, January 18": one date, the
                # written one; the weekday only confirms it (or, with no year, picks it)
                weekday = found.pop()
                mention = DateMention(
                    weekday.start, end, text[weekday.start : end], kind, value, precision,
                    offset, mention.approximate,
                )  # fmt: skip
            found.append(mention)
            anchor = mention.day or anchor
            last_end = end
        return found

    def _resolve(
        self, kind: str, match: re.Match[str], published: date | None, anchor: date | None
    ) -> tuple[str | None, str | None]:
        groups = {k: v for k, v in match.groupdict().items() if v}
        resolver = _RESOLVERS[kind]
        try:
            return resolver(self, groups, published, anchor)
        except (ValueError, KeyError, OverflowError):
            return None, None

    # -- resolvers, one per pattern kind (a lookup table, see _RESOLVERS) --

    def _day_month(
        self, g: dict[str, str], published: date | None, anchor: date | None
    ) -> tuple[str | None, str | None]:
        """ "17 July 2024", "17 de julio", "October 3 last year": a missing year is the latest
        past occurrence (the guide's rule)."""
        month, day = self.months[g["month"].lower()], int(g["day"])
        if "year" in g:
            year = int(g["year"])
        elif published is None:
            return None, None
        elif "yearoff" in g:
            year = published.year + self.year_offsets[_space(g["yearoff"])]
        elif date(published.year, month, day) <= published:
            year = published.year
        else:
            year = published.year - 1
        return date(year, month, day).isoformat(), DAY

    def _month_year(
        self, g: dict[str, str], published: date | None, anchor: date | None
    ) -> tuple[str | None, str | None]:
        month, year = self.months[g["month"].lower()], int(g["year"])
        return f"{year:04d}-{month:02d}", MONTH

    def _numeric(
        self, g: dict[str, str], published: date | None, anchor: date | None
    ) -> tuple[str | None, str | None]:
        """ "17/07/2024", "17.07.2024", "2024-07-17": dateparser, with the language's day and
        month order. The string carries its year, so no reference date is needed (and one
        parser per language serves every document). ISO dates need no parser at all."""
        if _ISO.fullmatch(g["x"]):
            return date.fromisoformat(g["x"]).isoformat(), DAY
        direct = read_numeric(g["x"], self.lexicon.dates.numeric_order)
        if direct:
            return direct, DAY
        return parse_absolute(g["x"], self.lexicon.lang, "") or (None, None)

    def _month_last(
        self, g: dict[str, str], published: date | None, anchor: date | None
    ) -> tuple[str | None, str | None]:
        if published is None:
            return None, None
        month = self.months[(g.get("month") or g["month2"]).lower()]
        year = published.year if month < published.month else published.year - 1
        return f"{year:04d}-{month:02d}", MONTH

    def _month(
        self, g: dict[str, str], published: date | None, anchor: date | None
    ) -> tuple[str | None, str | None]:
        if published is None:
            return None, None
        month = self.months[g["month"].lower()]
        year = published.year if month <= published.month else published.year - 1
        return f"{year:04d}-{month:02d}", MONTH

    def _year(
        self, g: dict[str, str], published: date | None, anchor: date | None
    ) -> tuple[str | None, str | None]:
        return f"{int(g['year']):04d}", YEAR

    def _ago(
        self, g: dict[str, str], published: date | None, anchor: date | None
    ) -> tuple[str | None, str | None]:
        count = self.numbers.value_of(g["num"])
        if published is None or count is None:
            return None, None
        days = count * self.unit_days[g["unit"].lower()]
        return (published - timedelta(days=days)).isoformat(), DAY

    def _weekday(
        self, g: dict[str, str], published: date | None, anchor: date | None
    ) -> tuple[str | None, str | None]:
        """The most recent such weekday strictly before publication."""
        if published is None:
            return None, None
        back = (published.weekday() - self.weekdays[g["weekday"].lower()]) % 7 or 7
        return (published - timedelta(days=back)).isoformat(), DAY

    def _weekday_this(
        self, g: dict[str, str], published: date | None, anchor: date | None
    ) -> tuple[str | None, str | None]:
        """ "este lunes" / "this Monday": the most recent such weekday, publication day included."""
        if published is None:
            return None, None
        back = (published.weekday() - self.weekdays[g["weekday"].lower()]) % 7
        return (published - timedelta(days=back)).isoformat(), DAY

    def _day_word(
        self, g: dict[str, str], published: date | None, anchor: date | None
    ) -> tuple[str | None, str | None]:
        if published is None:
            return None, None
        offset = self.day_words[_space(g["rel"])]
        return (published + timedelta(days=offset)).isoformat(), DAY

    def _week_word(
        self, g: dict[str, str], published: date | None, anchor: date | None
    ) -> tuple[str | None, str | None]:
        """ "last week", "la semana anterior": a week before publication, never a known day
        (an arrest dated so has no day; a figure so dated is an earlier one)."""
        if published is None:
            return None, None
        offset = self.week_words[_space(g["week"])]
        return (published + timedelta(days=offset)).isoformat(), WEEK

    def _named_weekday(self, text: str, start: int, value: str) -> str:
        """ "on Monday, 13 May" in a text of 12 May 2024: the weekday names the year, here the
        coming one (a hearing), not the last 13 May (a Saturday)."""
        before = text[max(0, start - 16) : start].lower()
        named = [
            d
            for w, d in self.weekdays.items()
            if re.search(rf"\b{re.escape(w)}\W*(?:el\s+)?$", before)
        ]
        if not named:
            return value
        day = date.fromisoformat(value)
        for shift in (0, 1, -1):
            try:
                candidate = day.replace(year=day.year + shift)
            except ValueError:
                continue
            if candidate.weekday() == named[0]:
                return candidate.isoformat()
        return value

    def _offset(self, kind: str, match: re.Match[str]) -> int | None:
        """Days from the previous day date for an anchored expression ("the next day",
        "seis días más tarde"), None for every other kind."""
        if kind == "anchor":
            return self.anchors.get(_space(match.group("anchor")))
        if kind == "anchor_count":
            count = self.numbers.value_of(match.group("num"))
            if count is None:
                return None
            unit = self.unit_days[_space(match.group("unit"))]
            return count * unit * self.directions[_space(match.group("direction"))]
        return None

    def _anchor(
        self, g: dict[str, str], published: date | None, anchor: date | None
    ) -> tuple[str | None, str | None]:
        if anchor is None:
            return None, None
        return (anchor + timedelta(days=self.anchors[_space(g["anchor"])])).isoformat(), DAY

    def _anchor_count(
        self, g: dict[str, str], published: date | None, anchor: date | None
    ) -> tuple[str | None, str | None]:
        count = self.numbers.value_of(g["num"])
        if anchor is None or count is None:
            return None, None
        days = count * self.unit_days[_space(g["unit"])] * self.directions[_space(g["direction"])]
        return (anchor + timedelta(days=days)).isoformat(), DAY


_RESOLVERS = {
    "day_month": DateFinder._day_month,
    "numeric": DateFinder._numeric,
    "month_year": DateFinder._month_year,
    "month_last": DateFinder._month_last,
    "month": DateFinder._month,
    "year": DateFinder._year,
    "ago": DateFinder._ago,
    "weekday": DateFinder._weekday,
    "weekday_this": DateFinder._weekday_this,
    "day_word": DateFinder._day_word,
    "anchor": DateFinder._anchor,
    "anchor_count": DateFinder._anchor_count,
    "week_word": DateFinder._week_word,
}

_PERIODS = {"day": DAY, "week": DAY, "month": MONTH, "year": YEAR}


_NUMERIC = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")


_WEEKDAY_KINDS = frozenset({"weekday", "weekday_this"})
_WRITTEN_DAY_KINDS = frozenset({"day_month", "numeric"})  # a day written out, not counted
_BETWEEN_WEEKDAY_AND_DATE = re.compile(r"[\s,]*(?:(?:el|the)\s+)?")


def _names_its_weekday(weekday: DateMention, mention: DateMention, text: str) -> bool:
    """Whether ``weekday`` is the weekday written right before the day ``mention`` names."""
    return (
        weekday.kind in _WEEKDAY_KINDS
        and mention.precision == DAY
        and mention.kind in _WRITTEN_DAY_KINDS
        and _BETWEEN_WEEKDAY_AND_DATE.fullmatch(text[weekday.end : mention.start]) is not None
    )


def read_numeric(text: str, order: str | None) -> str | None:
    """ "05/10/2016" in the language's declared order (DMY or MDY), or None when there is
    none, the shape is another, or the day and month do not fit that order (dateparser,
    which may swap them, then decides). Same answers as dateparser (tested), at a
    thousandth of its cost: a page of statistics is full of such dates."""
    match = _NUMERIC.fullmatch(text)
    if match is None or order not in ("DMY", "MDY"):
        return None
    first, _, second, year = match.groups()
    day, month = (first, second) if order == "DMY" else (second, first)
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


@functools.lru_cache(maxsize=4096)
def parse_absolute(text: str, lang: str, reference: str) -> tuple[str, str] | None:
    """dateparser on one candidate string, language fixed: (ISO value, precision) or None.

    ``reference`` is the publication date (ISO) that day-month strings resolve against, or ""
    when the string carries its own year. Inputs longer than ``MAX_CANDIDATE`` are refused, so
    each call is bounded.
    """
    if not text or len(text) > MAX_CANDIDATE:
        return None
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"}
    if reference:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(reference)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = _parser(lang, tuple(sorted(settings.items()))).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    precision = _PERIODS.get(data.period or "day", DAY)
    found = data.date_obj.date()
    value = {
        DAY: found.isoformat(),
        MONTH: f"{found.year:04d}-{found.month:02d}",
        YEAR: f"{found.year:04d}",
    }
    return value[precision], precision


@functools.lru_cache(maxsize=64)
def _parser(lang: str, settings: tuple[tuple[str, object], ...]) -> DateDataParser:
    from dateparser.date import DateDataParser  # imported lazily: it is slow to import

    return DateDataParser(languages=[lang], settings=dict(settings))


def _needs(regex: str, classes: dict[str, list[str]]) -> tuple[str, ...]:
    """The trigger classes near which a pattern can match: those of its placeholders
    ({MONTH}, {WEEKDAY}...), plus years when it spells one; every class when it has neither
    (a pattern in a new language file that no trigger covers must still run everywhere)."""
    names = {name for name in re.findall(r"\{([A-Z]+)\}", regex) if name in classes}
    if "(?:19|20)" in regex:
        names.add(YEAR_CLASS)
    return tuple(sorted(names or {*classes, YEAR_CLASS}))


def _space(text: str) -> str:
    return " ".join(text.lower().split())


def _names(table: dict[str, int], capitalized: bool) -> str:
    names = sorted(table, key=len, reverse=True)
    if capitalized:  # "May" is a month, "may" is not
        names = [n[:1].upper() + n[1:] for n in names]
        return "(?-i:" + "|".join(re.escape(n) for n in names) + ")"
    return "(?:" + "|".join(re.escape(n) for n in names) + ")"


def _phrases(words: object) -> str:
    items = sorted({str(w) for w in words}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items) + ")"


def _fill(template: str, fill: dict[str, str]) -> str:
    return re.sub(r"\{([A-Z]+)\}", lambda m: fill[m.group(1)], template)


def date_governors(doc: Doc, mention: DateMention) -> set[Token]:
    """The words a date's phrase hangs on, through a preposition ("said on Monday": "on" and
    "said"): where a date is read as the day something was told rather than done."""
    tokens = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if tokens is None:
        return set()
    heads = {t.head for t in tokens if not tokens.start <= t.head.i < tokens.end}
    return heads | {h.head for h in heads if h.pos_ == "ADP" and h.head.i != h.i}
