"""A batch's extraction results as the rows storage writes: claims, evidence, mentions.

Pure Python, no database: :mod:`extract.storage` resolves person keys to ids and claim
indexes to allocated ids, then writes. Claims get a ``review_key`` that does not depend on
the extractor version or the document version, so analyst decisions survive re-extraction.

Written for speed as much as clarity: these loops run once per stored figure, and the
storage benchmark holds them to within a fraction of a bare ``executemany`` of their output.
"""

from __future__ import annotations

import hashlib
from typing import Any

from extract.folding import fold
from models import Claim, Person
from models.base import utcnow


def review_key(canonical_url: str, kind: str, identity: str) -> str:
    raw = "\x1f".join((canonical_url, kind, identity))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def count_identity(count: dict[str, Any]) -> str:
    return f"{count['value']}|{fold(count.get('subject'))}"


def _length(column: Any) -> int | None:
    return getattr(column.type, "length", None)


PERSON_NAME = _length(Person.name)
PERSON_KEY = _length(Person.key)
CLAIM_PLACE = _length(Claim.place)


def fit(value: str | None, length: int | None) -> str | None:
    """Cut to the column's declared length. PostgreSQL refuses a longer string (the whole
    batch would fail, and the document stay pending for ever) where SQLite stores it whole;
    cutting here makes both keep the same prefix. Extracted text can be that long: a page
    with a run of 100 capitalised words yields a 900-character "person"."""
    return value[:length] if value and length else value


def person_key(name: str) -> str:
    return fit(fold(fit(name, PERSON_NAME)), PERSON_KEY) or ""


# Every claim row carries every column: an executemany takes one set of keys.
CLAIM_FIELDS = (
    "value", "qualifier", "subject", "place", "as_of", "attributed_to", "event_date",
    "event_date_precision", "agent", "status", "person_id", "part_of_id",
)  # fmt: skip
EMPTY_CLAIM = dict.fromkeys(CLAIM_FIELDS)
# What the contract's items carry besides their own columns; the rest goes to ``extra``.
NOT_EXTRA = frozenset({"quote", "start", "end", "spans", "attributed_to", "part_of"})
COUNT_KNOWN = NOT_EXTRA | {"value", "qualifier", "subject", "place", "as_of"}
ARREST_KNOWN = NOT_EXTRA | {"person", "date", "place", "agent", "status"}


def _extra(item: dict[str, Any], known: frozenset[str]) -> dict[str, Any]:
    if item.keys() <= known:  # the usual case, tested at C speed
        return {}
    return {k: v for k, v in item.items() if k not in known}


def _spans(item: dict[str, Any]) -> list[list[int]] | list[tuple[int, int]]:
    return item.get("spans") or [(item["start"], item["end"])]


class BatchRows:
    """The rows of one batch, by document; claims refer to each other and to persons by
    index and key until storage knows their ids."""

    def __init__(self, version: str) -> None:
        self.version = version
        self.now = utcnow()
        self.names: dict[str, str] = {}  # person key -> first spelling seen
        self.claims: list[dict[str, Any]] = []
        self.parents: list[int | None] = []  # index into claims
        self.person_of_claim: list[str | None] = []
        self.evidence: list[tuple[int, int, int, int, str]] = []  # claim index, doc, span, quote
        self.mentions: list[tuple[str, int, int, int, str]] = []  # person key, doc, span, text
        self.persons = 0  # person results, summed over documents

    def person(self, name: str) -> str:
        key = person_key(name)
        if key not in self.names:
            self.names[key] = fit(name, PERSON_NAME) or name
        return key

    def add(self, doc_id: int, url: str, body: str, result: dict[str, Any]) -> None:
        """One document's claims, evidence and mentions, deduplicated by review key and span."""
        size = len(body)
        seen: set[int] = set()  # a mention's start is unique per document
        mentions = self.mentions
        for item in result.get("persons", ()):
            key = self.person(item["name"])
            self.persons += 1
            for start, end in item.get("mentions", ()):
                start, end = int(start), int(end)
                if 0 <= start < end <= size and start not in seen:
                    seen.add(start)
                    mentions.append((key, doc_id, start, end, body[start:end]))
        common = {
            "document_id": doc_id,
            "extractor_version": self.version,
            "superseded": False,
            "created_at": self.now,
        }
        by_key: dict[str, int] = {}
        spans: set[tuple[int, int, int]] = set()  # claim index, start, end
        counts = result.get("counts", ())
        indexes = []
        for count in counts:
            key = review_key(url, "count", count_identity(count))
            index = by_key.get(key)
            if index is None:
                index = by_key[key] = self._claim(key, None, common, count, COUNT_KNOWN)
                claim = self.claims[index]
                claim["kind"] = "count"
                claim["value"] = int(count["value"])
                claim["qualifier"] = count.get("qualifier") or "exact"
                claim["subject"] = count.get("subject")
                claim["as_of"] = count.get("as_of")
                claim["attributed_to"] = count.get("attributed_to")
            indexes.append(index)
            self._evidence(index, doc_id, body, spans, count)
        for count, index in zip(counts, indexes, strict=True):
            parent = count.get("part_of")
            valid = isinstance(parent, int) and 0 <= parent < len(indexes)
            if valid and indexes[parent] != index:
                self.parents[index] = indexes[parent]
        for arrest in result.get("arrests", ()):
            person = self.person(arrest["person"])
            key = review_key(url, "arrest", person)
            index = by_key.get(key)
            if index is None:
                index = by_key[key] = self._claim(key, person, common, arrest, ARREST_KNOWN)
                claim = self.claims[index]
                date = arrest.get("date")
                claim["kind"] = "arrest"
                claim["event_date"] = date
                claim["event_date_precision"] = "day" if date else None
                claim["agent"] = arrest.get("agent")
                claim["status"] = arrest.get("status")
            self._evidence(index, doc_id, body, spans, arrest)

    def _claim(
        self,
        key: str,
        person: str | None,
        common: dict[str, Any],
        item: dict[str, Any],
        known: frozenset[str],
    ) -> int:
        claim = {**EMPTY_CLAIM, **common, "review_key": key}
        claim["place"] = fit(item.get("place"), CLAIM_PLACE)
        claim["extra"] = _extra(item, known)
        self.claims.append(claim)
        self.parents.append(None)
        self.person_of_claim.append(person)
        return len(self.claims) - 1

    def _evidence(
        self, index: int, doc_id: int, body: str, spans: set[tuple[int, int, int]], item: dict
    ) -> None:
        for start, end in _spans(item):
            start, end = int(start), int(end)
            if 0 <= start < end <= len(body) and (index, start, end) not in spans:
                spans.add((index, start, end))
                self.evidence.append((index, doc_id, start, end, body[start:end]))
