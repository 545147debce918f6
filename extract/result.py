"""The extraction stage's boundary: plain dataclasses in, plain dataclasses out.

:class:`InputDoc` is what callers hand to :meth:`extract.pipeline.Extractor.extract_many`;
:class:`DocResult` is what they get back. ``DocResult.to_json()`` is the JSON Lines contract of
``crosstally extract --jsonl``; the dataclasses keep more than the JSON shows (every span of a
repeated figure) so that storage can keep all the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class InputDoc:
    """One document to extract from: plain ``text`` or ``html`` (main text taken from it)."""

    id: str
    text: str | None = None
    html: str | None = None
    lang: str | None = None
    # a day, or a partial date ("2025-05", "2020") that keeps its precision
    published: date | str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class PersonResult:
    name: str
    mentions: tuple[Span, ...]

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "mentions": [list(m) for m in self.mentions]}


@dataclass(frozen=True, slots=True)
class DateResult:
    text: str
    date: str | None
    precision: str | None
    start: int
    end: int
    # resolved against a partial publication date: the year is inferred
    approximate: bool = False

    def to_json(self) -> dict[str, Any]:
        out = {
            "text": self.text,
            "date": self.date,
            "precision": self.precision,
            "start": self.start,
            "end": self.end,
        }
        if self.approximate:
            out["approximate"] = True
        return out


@dataclass(frozen=True, slots=True)
class CountResult:
    """A figure claimed about people. ``spans`` holds every mention; the first is the quote."""

    value: int
    qualifier: str
    subject: str
    place: str | None
    as_of: str | None
    attributed_to: str | None
    part_of: int | None
    quote: str
    start: int
    end: int
    spans: tuple[Span, ...] = ()
    # What the reconciler reads besides the scored fields (all optional in the contract).
    originator: str | None = None
    originator_acronym: str | None = None
    region: str | None = None
    as_of_source: str | None = None
    period: dict[str, Any] | None = None
    relation: str | None = None
    parse: dict[str, Any] | None = None
    table: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "qualifier": self.qualifier,
            "subject": self.subject,
            "place": self.place,
            "as_of": self.as_of,
            "attributed_to": self.attributed_to,
            "part_of": self.part_of,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "originator": self.originator,
            "originator_acronym": self.originator_acronym,
            "region": self.region,
            "as_of_source": self.as_of_source,
            "period": self.period,
            "relation": self.relation,
            "parse": self.parse,
            "table": self.table,
        }


@dataclass(frozen=True, slots=True)
class ArrestResult:
    """A named person reported as detained; ``date`` is a day (YYYY-MM-DD) or None."""

    person: str
    date: str | None
    place: str | None
    agent: str | None
    status: str | None
    quote: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "date": self.date,
            "place": self.place,
            "agent": self.agent,
            "status": self.status,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class DocResult:
    """Everything extracted from one document; offsets index ``text``."""

    id: str
    language: str
    text: str
    persons: tuple[PersonResult, ...] = ()
    dates: tuple[DateResult, ...] = ()
    counts: tuple[CountResult, ...] = ()
    arrests: tuple[ArrestResult, ...] = ()
    from_html: bool = False
    extractor_version: str = ""
    published: date | str | None = None
    url: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON Lines object of the command-line contract (``text`` only for HTML input)."""
        out: dict[str, Any] = {"id": self.id, "language": self.language}
        if self.from_html:
            out["text"] = self.text
        out["persons"] = [p.to_json() for p in self.persons]
        out["dates"] = [d.to_json() for d in self.dates]
        out["counts"] = [c.to_json() for c in self.counts]
        out["arrests"] = [a.to_json() for a in self.arrests]
        return out
