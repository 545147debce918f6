"""What each claim is about, derived once per document: measure, place, slice, as-of date,
period, originator and its relation to the document's other figures.

The derivation reads one document's claims together, because a figure's meaning depends on
its neighbours: a part of a breakdown takes its total's measure, place, date and originator
and becomes a slice of it; an operand of stated arithmetic is not a rival of its total; an
earlier figure the text quotes holds on its own, earlier date. A fact is what every reader
(the checks, the review pages, the exports) sees of a claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from review.reconcile.claimrows import ClaimRow
from review.reconcile.dates import days, start_of
from review.reconcile.independence import Originators
from review.reconcile.intervals import Interval
from review.reconcile.measures import Lexicon, Measure, Slice, words_of
from review.reconcile.places import canonical_country, known_country, publisher_country
from review.reconcile.textnorm import fold

UNSPECIFIED = "unspecified"
PART_RELATIONS = frozenset({"part", "subset", "excluded", "added", "result"})
OPERANDS = frozenset({"excluded", "added", "result", "increment"})
HISTORY = "history"
REGION_AXIS = "place"
TABLE_AXIS = "table"


@dataclass(slots=True)
class Fact:
    claim_id: int
    document_id: int
    cluster: int  # the document's syndication cluster (its own id when alone)
    value: int
    interval: Interval
    measure: str | None
    flow: bool
    country: str | None
    region: str | None
    slice: str | None
    axis: str | None
    as_of: str | None
    as_of_source: str | None
    period: str | None  # a flow's period start (first day, ISO), None when unknown
    period_end: str | None  # a closed period's last date as the text gives it
    originator: str | None
    originator_source: str | None  # stated | publisher | None
    relation: str | None
    total_id: int | None
    publisher: str
    primary: bool
    published_at: str | None
    remainder: bool = False  # a slice naming what is left over ("other regions")
    words: tuple[str, ...] = ()  # the claim's own folded words (parse and subject)
    # the count of an event the text does not date ("in connection with the protests")
    event_period: bool = False
    table: str | None = None  # the heading of the table this part is a line of
    names_figure: bool = False  # its own words call it "the figure" ("la cifra", "the tally")
    partial: bool = False  # a line of a table that lists only some slices ("most cases")
    complete: bool = False  # a line of a list its heading calls a breakdown (every slice)
    acronym: str | None = None  # the acronym the document defines for the originator
    generic_origin: bool = False  # its originator is a body named only in general

    @property
    def place(self) -> str:
        """country[/region]; a regional line of a breakdown ("Moscow: 41" under a national
        total) is that region's figure: it is compared with the region's other reports."""
        if self.country is None:
            return UNSPECIFIED
        region = self.region
        if region is None and self.axis == REGION_AXIS and self.slice and not self.remainder:
            region = self.slice
        return f"{self.country}/{region}" if region else self.country

    @property
    def compared_slice(self) -> str | None:
        """The slice a figure is compared under (a region's line is a total of its region)."""
        return None if self.axis == REGION_AXIS else self.slice

    @property
    def key(self) -> str | None:
        """The measure key shown and exported: measure/place[/period start]."""
        if self.measure is None:
            return None
        parts = [self.measure, self.place]
        if self.flow and self.period:
            parts.append(self.period)
        return "/".join(parts)

    @property
    def short_event(self) -> bool:
        """A closed period of at most a month: the days of an event."""
        if not (self.flow and self.period and self.period_end):
            return False
        first, last = days(self.period), days(self.period_end)
        return first is not None and last is not None and (last.last - first.first).days <= 31

    @property
    def family(self) -> str | None:
        """What is compared with what: measure and place (a flow's period is matched report
        by report: a figure whose period the text does not give is compared with any)."""
        return None if self.measure is None else f"{self.measure}/{self.place}"

    @property
    def compared_on(self) -> str | None:
        """The date a figure is compared on: a flow over a closed period (the detentions of
        the protests of 14-15 September) is the same count whenever it is reported; anything
        else holds on its as-of date."""
        if self.flow and self.period and self.period_end and self.as_of:
            end, as_of = days(self.period_end), days(self.as_of)
            if end is not None and as_of is not None and end.last <= as_of.last:
                return self.period_end
        return self.as_of

    @property
    def comparable(self) -> bool:
        """Whether the figure may be set against other reports of its measure."""
        unanchored = (
            self.flow
            and self.period is None
            and not self.event_period
            and self.as_of is not None
            and len(self.as_of) < 10
        )  # events counted over no stated period, known only by a month: nothing to set against
        # "Of those detained, 40 were released": a part of a total the text does not state
        part_of_unstated = self.relation == "subset" and self.total_id is None
        return (
            self.measure is not None
            and self.country is not None
            and self.as_of is not None
            and self.relation not in OPERANDS
            and not unanchored
            and not part_of_unstated
        )


def derive(
    claims: list[ClaimRow],
    cluster: int,
    lexicon: Lexicon,
    originators: Originators,
) -> list[Fact]:
    """The facts of one document's claims (in the claims' order)."""
    by_id = {row.id: row for row in claims}
    named = {originators.normalise(_said_by(row)) for row in claims} - {None}
    short = originators.in_document(frozenset(named), claims[0].publisher) if named else {}
    facts: dict[int, Fact] = {}
    order = sorted(claims, key=lambda row: _depth(row, by_id))
    previous: Fact | None = None
    for row in order:
        total = facts.get(row.part_of_id) if row.part_of_id else None
        relation = row.extra.get("relation") if row.extra else None
        if total is not None and relation is None:
            relation = "part"  # a part the extractor linked without naming the relation
        fact = _fact(row, cluster, lexicon, originators, short, total, relation)
        generic = fact.measure is None or fact.measure == lexicon.generic
        if generic and previous is not None and (relation == HISTORY or fact.names_figure):
            # "up from 250", "el registro sumaba 1.476", "put the figure at 1,512": the figure
            # the text compares with, or that it calls "the figure", counts what the last did
            fact.measure, fact.flow = previous.measure, previous.flow
        facts[row.id] = fact
        if fact.measure is not None and fact.relation is None:
            previous = fact
    _adopt_orphans([facts[row.id] for row in claims], lexicon)
    return [facts[row.id] for row in claims]


def _depth(row: ClaimRow, by_id: dict[int, ClaimRow]) -> int:
    """Totals before their parts, however deep the breakdown."""
    depth, current = 0, row
    while current.part_of_id and current.part_of_id in by_id and depth < 5:
        current = by_id[current.part_of_id]
        depth += 1
    return depth


def _said_by(row: ClaimRow) -> str | None:
    if "attributed_to" in row.corrected:
        return row.attributed_to
    extra = row.extra.get("originator") if row.extra else None
    return extra if isinstance(extra, str) and extra else row.attributed_to


def _fact(
    row: ClaimRow,
    cluster: int,
    lexicon: Lexicon,
    originators: Originators,
    short: dict[str, str],
    total: Fact | None,
    relation: str | None,
) -> Fact:
    extra = row.extra or {}
    words = words_of(row.subject, extra.get("parse"))
    # the parse says what the figure counts; the subject's words, gathered more loosely around
    # the figure, decide only when the parse alone names no measure
    parse = extra.get("parse") if "subject" not in row.corrected else None
    head = (parse or {}).get("head")
    # the head noun alone, the parse, the subject: the reading that says most wins, the head
    # first among equals ("297 new arrests" beside "61 killings" are arrests; "96 people
    # imprisoned for political reasons" are political prisoners, not just people held)
    verb = (parse or {}).get("verb")
    readings = [
        lexicon.reading(words_of(head, None)) if isinstance(head, str) else (None, 0),
        lexicon.reading(words_of(verb, None)) if isinstance(verb, str) else (None, 0),
        lexicon.reading(words_of(None, parse)) if parse else (None, 0),
        lexicon.reading(words),
    ]
    found = [(size, -k, m) for k, (m, size) in enumerate(readings) if m is not None]
    own = max(found, key=lambda f: f[:2])[2] if found else None
    heading = extra.get("table")
    if own is None and isinstance(heading, str):
        # "Detentions documented ..., by place:\nTotal: 1,268": a table's line counts what
        # its heading says
        own = lexicon.reading(words_of(fold(heading), None))[0]
    region = extra.get("region") if isinstance(extra.get("region"), str) else None
    period = extra.get("period") if isinstance(extra.get("period"), dict) else None
    if (
        own is not None
        and not own.is_flow
        and period
        and period.get("kind") == "since"
        and (period.get("start"))
    ):
        own = lexicon.counted_since(own)
    as_of_source = "analyst" if "as_of" in row.corrected else extra.get("as_of_source")
    origin = originators.normalise(_said_by(row))
    origin = short.get(origin, origin) if origin else None
    source = "stated" if origin else None
    if origin is None and row.primary:
        origin, source = originators.normalise(row.publisher) or row.publisher, "publisher"
    fact = Fact(
        claim_id=row.id,
        document_id=row.document_id,
        cluster=cluster,
        value=row.value,
        interval=row.interval or Interval(row.value, row.value),
        measure=own.name if own else None,
        flow=bool(own and own.is_flow),
        country=_country(row.place, row.publisher),
        region=region,
        slice=None,
        axis=None,
        as_of=row.as_of,
        as_of_source=as_of_source or ("published" if row.as_of else None),
        period=_period_key(period),
        period_end=period.get("end") if period else None,
        event_period=bool(period and period.get("kind") == "event"),
        originator=origin,
        originator_source=source,
        relation=relation,
        total_id=None,
        publisher=row.publisher,
        primary=row.primary,
        published_at=row.published_at,
        words=words,
        table=extra.get("table") if isinstance(extra.get("table"), str) else None,
        names_figure=lexicon.names_figure(
            words_of(row.subject, {"head": head} if isinstance(head, str) else None)
        ),
        acronym=extra.get("originator_acronym") if source == "stated" else None,
    )
    if (
        total is not None
        and relation in PART_RELATIONS
        and not (own is not None and own.apart and own.name != total.measure)
    ):
        _as_part(fact, total, words, lexicon)
    else:
        # "58 adolescentes continúan presos", "64 arrests of journalists": a figure of one
        # group of people is compared with that group's figures, never with everyone's
        of = (parse or {}).get("of")
        mods = (parse or {}).get("mods") or []
        fact.slice = (
            (lexicon.group(words_of(head, None)) if isinstance(head, str) else None)
            or (lexicon.group(words_of(of, None)) if isinstance(of, str) else None)
            # "73 police officers injured", "41 injured civilians": whose injuries or deaths
            or (lexicon.group(tuple(str(m) for m in mods)) if own and own.apart else None)
        )
    return fact


def _as_part(fact: Fact, total: Fact, words: tuple[str, ...], lexicon: Lexicon) -> None:
    """A part is a slice of its total's measure, place, date and originator."""
    fact.total_id = total.claim_id
    fact.measure, fact.flow = total.measure, total.flow
    fact.as_of = total.as_of
    fact.as_of_source = "total"
    fact.period, fact.period_end = total.period, total.period_end
    fact.event_period = total.event_period
    fact.originator, fact.originator_source = total.originator, total.originator_source
    if fact.region and fact.region != total.region:
        fact.country = total.country or fact.country
        fact.slice, fact.axis = fact.region, REGION_AXIS
        fact.region = total.region
    else:
        fact.country, fact.region = total.country, total.region
        named: Slice | None = lexicon.slice(words[:1]) or lexicon.slice(words)
        fact.slice, fact.axis = (named.name, named.axis) if named else (_own_words(words), None)
    fact.remainder = lexicon.names_remainder(words)
    if fact.remainder and fact.axis is None and total.region is None and lexicon.names_place(words):
        fact.axis = REGION_AXIS  # "12 in other regions": the last slice of a regional list
    if fact.table:
        fact.complete = lexicon.names_breakdown(tuple(fold(fact.table).split()))
    if fact.axis is None and fact.table:
        # a line of a table of figures ("Released under judicial control: 472"): the table's
        # lines are its total's parts on one axis, whatever words name them
        fact.axis = TABLE_AXIS
        fact.partial = lexicon.names_partial(tuple(fold(fact.table).split()))


def _period_key(period: dict[str, Any] | None) -> str | None:
    """A period's start as the first day it names, or "since <event>" folded when the text
    counts from an event it does not date ("since the coup")."""
    if not period:
        return None
    start = period.get("start")
    if isinstance(start, str) and start_of(start):
        if period.get("kind") == "to_date":
            # "so far in 2025": from the year's first day, not the whole year
            return start_of(start)
        return start  # as precise as the text: "2022-03" and "2022-03-27" are compared as days
    event = period.get("event")
    if isinstance(event, str) and event.strip():
        words = [w for w in fold(event).split() if not w.isdigit() and len(w) > 2]
        return "since " + words[-1] if words else None
    return None


def _own_words(words: tuple[str, ...]) -> str | None:
    return fold(" ".join(words[:4])) or None


def _adopt_orphans(facts: list[Fact], lexicon: Lexicon) -> None:
    """A figure that names only a slice ("27 mujeres") with no total linked takes the one
    total its document states for the same date."""
    totals: dict[str | None, list[Fact]] = {}
    for fact in facts:
        if fact.measure and fact.relation is None:
            totals.setdefault(fact.as_of, []).append(fact)
    for fact in facts:
        if fact.measure is not None or fact.relation is not None:
            continue
        candidates = totals.get(fact.as_of, [])
        if len(candidates) != 1 or lexicon.slice(fact.words) is None:
            continue
        fact.relation = "part"
        _as_part(fact, candidates[0], fact.words, lexicon)


def measure_of(lexicon: Lexicon, subject: str | None, parse: Any) -> Measure | None:
    return lexicon.measure(words_of(subject, parse))


def _country(place: str | None, publisher: str | None) -> str | None:
    """The text's place, unless it is no known country and the publisher's name names one:
    a ministry of an unlisted country whose text names only its cities speaks of the whole
    country."""
    if place and known_country(place):
        return canonical_country(place)
    return publisher_country(publisher) or place
