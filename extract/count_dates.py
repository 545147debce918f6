"""When a figure holds (its as-of date, and where that date comes from) and the period a flow
is counted over.

A figure's as-of date is, in order:

* ``total``: a part's, its total's (parts of a breakdown hold when their total holds);
* ``stated``: the date its sentence gives it ("as of July 15", "al 15 de julio", "En marzo
  ... 305", "between January 24 and February 9" ends on February 9), the nearest date of the
  sentence that no other figure of the sentence stands nearer to;
* ``history``: an earlier figure the text compares with and gives no date ("up from 250"):
  no as-of date, which the reconciler never compares;
* ``published``: the document's reference date, its publication date (a partial date keeps
  its precision); ``unknown`` when the page gives none (never the crawl date).

The period of a flow ("arrests in 2024", "since January 24", "so far this year") is read from
the same sentence, with cues from the language file's ``periods:`` section.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from spacy.tokens import Doc

from extract.claims import CountClaim
from extract.count_relations import HISTORY, PARTS
from extract.dates import DateMention, date_governors
from extract.doctext import sentence_of, text_of
from extract.lexicon import Lexicon

STATED, TOTAL, PUBLISHED, UNKNOWN = "stated", "total", "published", "unknown"
CUE_REACH = 30  # characters between a period cue and its date
# "since the military seized power on 1 February 2021": an event may stand between
SINCE_WORDS = 12
_YEAR_ONLY = re.compile(r"^(?:19|20)\d\d$")
# "entre el 25 y el 31 de mayo", "between 25 and 31 May": a bare first day before the end date
_RANGE_JOIN = re.compile(r"\s*(?:to|through|until|and|a|al|y|hasta|-|–)\s*", re.IGNORECASE)
# "14 y 15 de septiembre", "16-17 February", "February 16-17": two days in one date
_DAY_PAIR = re.compile(
    r"(?:^|\s)(?P<first>[0-3]?\d)\s*(?:y|and|al|-|–)\s*(?P<second>[0-3]?\d)(?!\d)", re.IGNORECASE
)
_CLOCK = re.compile(r"\b[0-2]?\d[:.h][0-5]\d\b|\b[0-2]?\d\s*(?:a\.\s?m\.|p\.\s?m\.|am|pm)", re.I)
# words of a time of day, never counted as words between a cue and its date
_CLOCK_WORDS = frozenset({"horas", "hrs", "h", "hours", "local", "time", "hora"})
_FIRST_DAY = re.compile(r"(?P<day>[0-3]?\d)\s+(?:y|and|al|to|-|–)\s+(?:el\s+)?$", re.IGNORECASE)


def date_claims(
    claims: list[CountClaim],
    doc: Doc,
    dates: list[DateMention],
    lexicon: Lexicon,
    published: date | str | None,
) -> None:
    """Set ``as_of``, ``as_of_source`` and ``period`` on every claim of one document."""
    published_on = _iso(published)
    text = text_of(doc)
    resolved = [d for d in dates if d.value]
    # "balance con corte al 10 de marzo", "As of 1 March": a statement's own date, given once
    # at its head, is when its figures hold, not the day it was put online
    reference = _balance_date(text, resolved, lexicon, published_on) or published_on
    source_of_reference = STATED if reference != published_on else PUBLISHED
    # a date the figure's own sentence gives may be later than the head's cut-off ("datos al
    # 31 de octubre ... detenidas el 2 de noviembre"), never later than publication
    latest = max(d for d in (reference, published_on) if d) if reference or published_on else None
    # "Balance ... del 1 de enero al 30 de mayo de 2025": the period a report's head gives is
    # that of its figures that name none (never a "since", which would make stocks flows)
    head_period = _head_period(text, resolved, lexicon, reference)
    positions = [c.spans[0][0] for c in claims]
    for index, claim in enumerate(claims):
        if claim.relation in PARTS and claim.part_of is not None:
            continue
        sent = sentence_of(doc[claim.token])
        sent_start, sent_end = sent.start_char, sent.end_char
        if any(c.label for c in claim.candidates):
            # "Total: 88 / Added to the list in March: 11": a table line's date is on its line
            sent_start = max(sent_start, text.rfind("\n", 0, claim.spans[0][0]) + 1)
            line_end = text.find("\n", claim.spans[0][0])
            sent_end = min(sent_end, len(text) if line_end < 0 else line_end)
        in_sentence = [d for d in resolved if sent_start <= d.start < sent_end]
        # the other figures of the sentence compete for its dates; an earlier figure the text
        # compares with ("at the end of July, up from 68") competes only after its cue
        others = [
            (p, claims[k].cue if claims[k].relation == HISTORY else None)
            for k, p in enumerate(positions)
            if k != index and sent_start <= p < sent_end
        ]
        if claim.relation == HISTORY and claim.cue is not None:
            # "1,158 at the end of August, up from 1,131": an earlier figure takes no date
            # from before its cue
            in_sentence = [d for d in in_sentence if d.start >= claim.cue]
        else:
            # ... and a date after a later figure's history cue is that figure's
            cues = [c.cue for c in claims if c.relation == HISTORY and c.cue is not None]
            in_sentence = [
                d
                for d in in_sentence
                if not any(claim.spans[0][0] < cue <= d.start for cue in cues)
            ]
        periods = _periods(text, sent_start, sent_end, in_sentence, lexicon, reference)
        period = periods[0] if periods else None
        if period is not None and claim.relation != HISTORY:
            rivals = [
                c.spans[0]
                for k, c in enumerate(claims)
                if k != index and c.relation != HISTORY and sent_start <= c.spans[0][0] < sent_end
            ]
            # "In May, 219 arrests, bringing the total for 2025 so far to 1,164": each figure
            # takes the most specific period no other figure stands nearer to
            # ("(January to April) now stands at 1,019; May and June added 683")
            period = next((p for p in periods if _closest(p["at"], claim.spans[0], rivals)), None)
        undated_event = (
            period is not None and period.get("kind") == "event" and not period.get("start")
        )
        if (period is None or undated_event) and lexicon.period_same_re.search(
            text[sent_start:sent_end]
        ):
            # "En el mismo periodo, 131 personas ...", "During these events 1,133 ...": the
            # period of the sentence before
            event = period
            period = next((c.period for c in reversed(claims[:index]) if c.period), None)
            if period is None and sent.start > 0:
                before = sentence_of(doc[sent.start - 1])
                earlier = [d for d in resolved if before.start_char <= d.start < before.end_char]
                period = _period(
                    text, before.start_char, before.end_char, earlier, lexicon, reference
                )
            period = period or event
        if period is None and head_period is not None and claim.relation != HISTORY:
            period = head_period
        claim.period = period
        own = _own_date(claim.spans[0][0], in_sentence, others, text, lexicon)
        if (
            own is not None
            and period is not None
            and period.get("end")
            and (own.start == period.get("at") or own.value == period.get("start"))
        ):
            own = None  # "from January 1 to August 31": the first day opens the period
        if (
            own is not None
            and period is not None
            and any(period is p for p in periods)  # stated in the figure's own sentence
            and period.get("start")
            and period.get("end")
            and period["start"] < own.value < period["end"]
            and len(own.value) == len(period["end"])
        ):
            # "214 arrests linked to the 31 March shutdown call, between 30 March and 2 April":
            # a day inside the stated period is an event's within it; the count runs to its end
            own = None
        if own is not None and (latest is None or own.value <= latest):
            claim.as_of, claim.as_of_source = _today_weekday(own, published_on), STATED
            day = own
            if _told_on(doc, own, lexicon):
                # "the ministry said on Monday that 45 were detained at Sunday's rally": the
                # day it was said dates the figure, not the events it counts
                untold = [d for d in in_sentence if not _told_on(doc, d, lexicon)]
                day = _own_date(claim.spans[0][0], untold, others, text, lexicon)
            if (
                period is None
                and day is not None
                and day.precision == "day"
                and (latest is None or day.value <= latest)
                and not _cued(text, day, lexicon.as_of_re)
            ):
                # "On February 17 police detained 35": the events of that day
                period = claim.period = _span(day.value, _last_day(day), day.text, "day", day.start)
        elif period is not None and period.get("end") and period["end"] < (reference or "9999"):
            claim.as_of, claim.as_of_source = period["end"], STATED
        elif claim.relation == HISTORY:
            claim.as_of, claim.as_of_source = None, HISTORY
        elif reference is not None:
            claim.as_of, claim.as_of_source = reference, source_of_reference
        else:
            claim.as_of, claim.as_of_source = None, UNKNOWN
        if claim.relation == HISTORY and claim.as_of_source == STATED:
            claim.as_of_source = HISTORY
    for claim in claims:
        total = _root_total(claims, claim)
        if total is not None:
            claim.as_of, claim.as_of_source = total.as_of, TOTAL
            claim.period = total.period
            own = _line_date(claim, text, resolved)
            if own is not None and (reference is None or own.value <= reference):
                # "Moscow: 41 (all on February 17)": a part dated on its own line
                claim.as_of, claim.as_of_source = _last_day(own), STATED
                claim.period = _span(own.value, _last_day(own), own.text, "day", own.start)


def _told_on(doc: Doc, mention: DateMention, lexicon: Lexicon) -> bool:
    """Whether the date is when something was said ("said on Monday", "informó este lunes"):
    its phrase hangs on a verb of speech, not on one of counting or of the events."""
    return any(
        head.pos_ in ("VERB", "AUX")
        and head.lemma_.lower() in lexicon.attribution_verbs
        and head.lemma_.lower() not in lexicon.counting_verbs
        for head in date_governors(doc, mention)
    )


_RELATIVE_KINDS = frozenset(
    {"ago", "weekday", "weekday_this", "day_word", "anchor", "anchor_count", "week_word"}
)
# a line of a table of figures ("Total recognised: 88")
_TABLE_LINE = re.compile(
    r"[^\S\n]*[-•·*|]?[^\S\n]*[^\n:|.]{1,60}[:|][^\S\n]*[\d.,]+[^\S\n]*(?:\n|$)"
)
HEAD = 400  # characters of a document's head in which its balance date is looked for


def _today_weekday(mention: DateMention, published: str | None) -> str | None:
    """ "the ministry said on Monday" in a text published on a Monday: a figure is given the
    day it is published far more often than a week before (the arrest-date rule, strictly
    before publication, is the annotation guide's, and stays with arrests)."""
    day = _last_day(mention)
    week_before = (
        mention.kind == "weekday"
        and published is not None
        and day is not None
        and (date.fromisoformat(published) - date.fromisoformat(day)).days == 7
    )
    return published if week_before else day


def _balance_date(
    text: str, dates: list[DateMention], lexicon: Lexicon, published: str | None
) -> str | None:
    """The date the document's head gives its figures with an as-of cue, if one, and not
    later than publication."""
    head = _head_end(text)
    cued = [
        d
        for d in dates
        if d.start < head
        and d.precision == "day"
        and _cued(text, d, lexicon.as_of_re)
        # "collected by X, from January 1 to ...": the nearer cue opens a period
        and not _cued(text, d, lexicon.period_since_re, 0)
        and not _cued(text, d, lexicon.period_between_re, 0)
    ]
    if len({d.value for d in cued}) != 1:
        return None
    value = cued[0].value
    if published is not None and value and value > published:
        return None
    return value


def _head_period(
    text: str, dates: list[DateMention], lexicon: Lexicon, reference: str | None
) -> dict[str, Any] | None:
    """The period a document's first paragraph gives (a title, a thread's first post, an
    executive summary's first sentence), if it is a calendar span."""
    head = _head_end(text)
    # only dates the head writes out: "hace un año" dates one earlier figure, not a report
    in_head = [d for d in dates if d.start < head and d.kind not in _RELATIVE_KINDS]
    period = _period(text, 0, head, in_head, lexicon, reference)
    if period is None or period.get("kind") not in ("between", "to_date", "during", "days"):
        return None
    if lexicon.period_last_year_re.fullmatch(period.get("text") or ""):
        return None  # "Hace un año, la organización contabilizaba 1.118": an earlier figure's
    return period


def _head_end(text: str) -> int:
    """Where a document's head ends: its first paragraph, or its first two when the first is
    a title line ("Resumen ejecutivo", "Balance de presos políticos")."""
    first = text.find("\n\n")
    if 0 < first < 80:
        second = text.find("\n\n", first + 2)
        second = second if second > 0 else len(text)
        if not _TABLE_LINE.match(text, first + 2):
            first = second  # a table under the title is no head: its lines date themselves
    return min(HEAD, first if first > 0 else HEAD)


def _iso(published: date | str | None) -> str | None:
    if published is None:
        return None
    return published if isinstance(published, str) else published.isoformat()


def _line_date(claim: CountClaim, text: str, dates: list[DateMention]) -> DateMention | None:
    """A date on a part's own line, after it and before any other figure: a table line that
    dates itself."""
    start = claim.spans[0][1]
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    tail = text[start:end]
    if any(ch.isdigit() for ch in tail.split("(")[0][:3]):
        return None
    inside = [d for d in dates if start <= d.start and d.end <= end and d.precision == "day"]
    return inside[0] if len(inside) == 1 else None


def _root_total(claims: list[CountClaim], claim: CountClaim) -> CountClaim | None:
    seen = 0
    total = None
    current = claim
    while current.relation in PARTS and current.part_of is not None and seen < 5:
        total = claims[current.part_of]
        current = total
        seen += 1
    return total


def _own_date(
    position: int,
    dates: list[DateMention],
    others: list[tuple[int, int | None]],
    text: str,
    lexicon: Lexicon,
) -> DateMention | None:
    """The date of the sentence that belongs to the figure at ``position``: one introduced by
    an as-of cue, else the nearest one that no other figure stands nearer to. A year alone
    is a period ("in 2024"), not the date a figure holds, unless an as-of cue names it."""
    cued = [d for d in dates if _cued(text, d, lexicon.as_of_re)]
    for mention in sorted(cued, key=lambda d: abs(d.start - position)):
        if _nearest_figure(mention, others, position):
            return mention
    candidates = [
        d
        for d in dates
        if d.precision != "year"
        and not _cued(text, d, lexicon.period_since_re, SINCE_WORDS)
        and not _cued(text, d, lexicon.period_between_re)
    ]
    for mention in sorted(candidates, key=lambda d: abs(d.start - position)):
        if _nearest_figure(mention, others, position):
            return mention
    return None


def _closest(at: int, own: tuple[int, int], rivals: list[tuple[int, int]]) -> bool:
    """Whether no rival figure's quote lies nearer to ``at`` than the figure's own quote."""

    def gap(span: tuple[int, int]) -> int:
        return 0 if span[0] <= at < span[1] else min(abs(at - span[0]), abs(at - span[1]))

    mine = gap(own)
    return all(gap(r) >= mine for r in rivals)


def _nearest_figure(
    mention: DateMention, others: list[tuple[int, int | None]], position: int
) -> bool:
    rivals = [p for p, cue in others if cue is None or mention.start >= cue]
    return _nearest_figure_at(mention.start, rivals, position)


def _nearest_figure_at(at: int, others: list[int], position: int) -> bool:
    distance = abs(at - position)
    return all(abs(at - other) >= distance for other in others)


def _cued(text: str, mention: DateMention, pattern: re.Pattern[str], words: int = 3) -> bool:
    """A cue phrase ends just before the date ("as of July 15", "desde 2014", "between"), at
    most ``words`` words before it."""
    return _cue_at(text, mention, pattern, words) is not None


def _cue_at(
    text: str, mention: DateMention, pattern: re.Pattern[str], words: int = 3
) -> int | None:
    """Where the cue of :func:`_cued` starts in the text, or None."""
    window = max(0, mention.start - CUE_REACH * 4)
    before = text[window : mention.start]
    for match in pattern.finditer(before):
        # "con corte a las 18:00 horas del domingo 7 de septiembre": a clock time and a
        # weekday may stand between a cut-off cue and its date
        rest = _CLOCK.sub(" ", before[match.end() :])
        kept = [w for w in rest.split() if w.lower() not in _CLOCK_WORDS]
        if len(kept) <= words and not any(ch.isdigit() or ch in ".;" for ch in rest):
            return window + match.start()
    return None


def _periods(
    text: str,
    start: int,
    end: int,
    dates: list[DateMention],
    lexicon: Lexicon,
    reference: str | None,
) -> list[dict[str, Any]]:
    """Every period the sentence's cues give, most specific rule first: "since X", "between
    X and Y", "in/during X" (a month or a year), "so far this year" / "so far in 2025", "last
    year", an event. "In May, 219 arrests, bringing the total for 2025 so far to 1,164"
    gives two, one per figure."""
    sentence = text[start:end]
    found: list[dict[str, Any]] = []
    ordered = sorted(dates, key=lambda d: d.start)
    for mention in ordered:
        first = _first_day(text, mention, lexicon, ordered)
        if first is not None:
            cue = text[mention.start - 12 : mention.end]
            found.append(_span(first, _last_day(mention), cue, "days", mention.start))
    for k in range(len(ordered) - 1):
        joined = text[ordered[k].end : ordered[k + 1].start]
        if _RANGE_JOIN.fullmatch(joined):  # "January to April", "de enero a abril"
            first, last = ordered[k], ordered[k + 1]
            cue = text[first.start : last.end]
            found.append(_span(first.value, last.value, cue, "between", first.start))
    for k, mention in enumerate(ordered):
        if _cued(text, mention, lexicon.period_between_re) and k + 1 < len(ordered):
            end = ordered[k + 1]
            cue = text[mention.start : end.end]
            found.append(_span(mention.value, end.value, cue, "between", mention.start))
    for mention in ordered:
        at = _cue_at(text, mention, lexicon.period_since_re, SINCE_WORDS)
        if at is not None and _loose_since(text, at, lexicon):
            at = _cue_at(text, mention, lexicon.period_since_re)  # "from" right before a date
        if at is not None:
            found.append(_span(mention.value, None, text[at : mention.end], "since", at))
    to_date = lexicon.period_to_date_re.search(sentence)
    if to_date is not None:
        after = sentence[to_date.end() : to_date.end() + 6].strip()
        year = after[:4] if _YEAR_ONLY.match(after[:4]) else (reference or "")[:4]
        if year:
            found.append(
                _span(year, reference, to_date.group(0), "to_date", start + to_date.start())
            )
    for mention in ordered:
        if mention.precision in ("year", "month") and _cued(
            text, mention, lexicon.period_during_re
        ):
            found.append(_span(mention.value, mention.value, mention.text, "during", mention.start))
    last_year = lexicon.period_last_year_re.search(sentence)
    if last_year is not None and reference:
        year = str(int(reference[:4]) - 1)
        found.append(_span(year, year, last_year.group(0), "during", start + last_year.start()))
    event = lexicon.period_event_re.search(sentence)
    if event is not None:
        # "1,100 persons were arrested in connection with these events": the count of an
        # event the text dates elsewhere, or not at all
        found.append(
            {
                "start": None,
                "end": None,
                "text": event.group(0),
                "kind": "event",
                "at": start + event.start(),
            }
        )
    since = next(
        (
            m
            for m in lexicon.period_since_re.finditer(sentence)
            if not _loose_since(sentence, m.start(), lexicon)
        ),
        None,
    )
    if since is not None and not any(p and p.get("kind") == "since" for p in found):
        # "since the coup", "desde el golpe de Estado": a count from an event the text does
        # not date; two texts counting from the same event name it alike
        event = _event_words(sentence[since.end() : since.end() + 60])
        if event:
            found.append(
                {
                    "start": None,
                    "end": None,
                    "text": f"{since.group(0)} {event}",
                    "kind": "since",
                    "event": event,
                    "at": start + since.start(),
                }
            )
    return [period for period in found if period is not None]


def _loose_since(text: str, at: int, lexicon: Lexicon) -> bool:
    """Whether the "since" cue at ``at`` is one that opens a period only right before a date."""
    match = lexicon.period_since_re.match(text, at)
    return match is not None and match.group(0).lower() in lexicon.since_before_dates


def _period(
    text: str,
    start: int,
    end: int,
    dates: list[DateMention],
    lexicon: Lexicon,
    reference: str | None,
) -> dict[str, Any] | None:
    """The period of a sentence's counts: its most specific cue."""
    found = _periods(text, start, end, dates, lexicon, reference)
    return found[0] if found else None


_EVENT_STOP = re.compile(r"[,;:.()]|\b(?:and|y|that|que|when|cuando|which|who)\b", re.IGNORECASE)


_EVENT_START = re.compile(r"^\s*(?:the|el|la|los|las|its|their|su|sus)\s", re.IGNORECASE)


def _event_words(text: str) -> str:
    """ "the February 2021 coup, ..." -> "the February 2021 coup": the event a count runs
    from; nothing when "since" does not open a noun phrase ("since they were held")."""
    if not _EVENT_START.match(text):
        return ""
    cut = _EVENT_STOP.search(text)
    words = (text[: cut.start()] if cut else text).split()
    return " ".join(words[:6])


def _first_day(
    text: str, mention: DateMention, lexicon: Lexicon, dates: list[DateMention]
) -> str | None:
    """The start of a run of days: "between the 25th and 31 May", "28-30 September", "los
    días 14 y 15 de septiembre" (whose first day is the mention's own)."""
    if mention.precision != "day" or not mention.value:
        return None
    pair = _DAY_PAIR.search(mention.text)
    if pair is not None:
        return f"{mention.value[:8]}{int(pair.group('first')):02d}"
    window = max(0, mention.start - 40)
    before = text[window : mention.start]
    found = _FIRST_DAY.search(before)
    if found is None:
        return None
    at = window + found.start()
    if any(d.start <= at < d.end for d in dates):
        return None  # "between January 1 and April 30": the 1 is January's

    day = int(found.group("day"))
    if not 1 <= day < int(mention.value[8:10]):
        return None
    return f"{mention.value[:8]}{day:02d}"


def _last_day(mention: DateMention) -> str | None:
    """The last day of a run: the mention's day, or the second of "14 y 15 de septiembre"."""
    pair = _DAY_PAIR.search(mention.text)
    if pair is not None and mention.value and len(mention.value) == 10:
        return f"{mention.value[:8]}{int(pair.group('second')):02d}"
    return mention.value


def _cued_text(before: str, pattern: re.Pattern[str]) -> bool:
    for match in pattern.finditer(before[-20:]):
        rest = before[-20:][match.end() :]
        if len(rest.split()) <= 1:
            return True
    return False


def _span(
    first: str | None, last: str | None, cue: str, kind: str, at: int = 0
) -> dict[str, Any] | None:
    """A period: its first and last dates (partial), its words, and how the text gives it
    (``since`` a date, ``between`` two, ``during`` a month or year, ``to_date`` this year,
    ``days`` a run of days)."""
    if not first:
        return None
    return {"start": first, "end": last, "text": " ".join(cue.split()), "kind": kind, "at": at}
