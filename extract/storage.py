"""Store one document's extraction as persons, claims and evidence, in one transaction.

Works from the JSON contract of `crosstally extract --jsonl` (the stable interface), so the
stored claims are exactly what the command prints. Claims get a ``review_key`` that does not
depend on the extractor version or the document version, so analyst decisions survive
re-extraction; older machine claims for the same page are marked superseded, never deleted.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Claim, Document, Evidence, Extraction, Person, PersonMention


def fold(text: str | None) -> str:
    """Lowercase, accent-free, single-spaced: the key persons and subjects are compared on."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


def review_key(canonical_url: str, kind: str, identity: str) -> str:
    raw = "\x1f".join((canonical_url, kind, identity))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def count_identity(count: dict[str, Any]) -> str:
    return f"{count['value']}|{fold(count.get('subject'))}"


@dataclass(frozen=True)
class StoreStats:
    persons: int
    claims: int
    evidence: int


def store_extraction(
    session: Session,
    document: Document,
    result: dict[str, Any],
    extractor_version: str,
    worker: str | None = None,
) -> StoreStats:
    """Add the rows for one document; the caller commits (one transaction per document)."""
    text = document.text
    persons = _store_persons(session, document, result.get("persons", []), extractor_version)
    claims: list[Claim] = []
    evidence = 0
    by_key: dict[str, Claim] = {}
    count_claims: list[Claim] = []
    for count in result.get("counts", []):
        key = review_key(document.canonical_url, "count", count_identity(count))
        claim = by_key.get(key)
        if claim is None:
            claim = Claim(
                kind="count",
                document_id=document.id,
                review_key=key,
                extractor_version=extractor_version,
                value=int(count["value"]),
                qualifier=count.get("qualifier") or "exact",
                subject=count.get("subject"),
                place=_fit(Claim.place, count.get("place")),
                as_of=count.get("as_of"),
                attributed_to=count.get("attributed_to"),
                extra=_extra(count, {"value", "qualifier", "subject", "place", "as_of"}),
            )
            by_key[key] = claim
            claims.append(claim)
        count_claims.append(claim)
        evidence += _add_spans(claim, document, text, _spans(count), extractor_version)
    for arrest in result.get("arrests", []):
        name = arrest["person"]
        person = persons.get(fold(name)) or _get_or_create_person(session, name)
        key = review_key(document.canonical_url, "arrest", fold(person.name))
        claim = by_key.get(key)
        if claim is None:
            claim = Claim(
                kind="arrest",
                document_id=document.id,
                review_key=key,
                extractor_version=extractor_version,
                person_id=person.id,
                event_date=arrest.get("date"),
                event_date_precision="day" if arrest.get("date") else None,
                place=_fit(Claim.place, arrest.get("place")),
                agent=arrest.get("agent"),
                status=arrest.get("status"),
                extra=_extra(arrest, {"person", "date", "place", "agent", "status"}),
            )
            by_key[key] = claim
            claims.append(claim)
        evidence += _add_spans(claim, document, text, _spans(arrest), extractor_version)
    session.add_all(claims)
    session.flush()
    for count, claim in zip(result.get("counts", []), count_claims, strict=True):
        parent = count.get("part_of")
        valid = isinstance(parent, int) and 0 <= parent < len(count_claims)
        if valid and count_claims[parent] is not claim:
            claim.part_of_id = count_claims[parent].id
    _supersede_older(session, document, extractor_version)
    session.add(
        Extraction(document_id=document.id, extractor_version=extractor_version, worker=worker)
    )
    session.flush()
    return StoreStats(persons=len(persons), claims=len(claims), evidence=evidence)


def _spans(item: dict[str, Any]) -> list[tuple[int, int]]:
    spans = item.get("spans") or [[item["start"], item["end"]]]
    return [(int(start), int(end)) for start, end in spans]


def _extra(item: dict[str, Any], known: set[str]) -> dict[str, Any]:
    skip = known | {"quote", "start", "end", "spans", "attributed_to", "part_of"}
    return {k: v for k, v in item.items() if k not in skip}


def _add_spans(
    claim: Claim, document: Document, text: str, spans: Iterable[tuple[int, int]], version: str
) -> int:
    added = 0
    seen = {(e.start, e.end) for e in claim.evidence}
    for start, end in spans:
        if (start, end) in seen or not (0 <= start < end <= len(text)):
            continue
        seen.add((start, end))
        claim.evidence.append(
            Evidence(
                document_id=document.id,
                start=start,
                end=end,
                quote=text[start:end],
                extractor_version=version,
            )
        )
        added += 1
    return added


def _store_persons(
    session: Session, document: Document, persons: list[dict[str, Any]], version: str
) -> dict[str, Person]:
    stored: dict[str, Person] = {}
    for item in persons:
        person = _get_or_create_person(session, item["name"])
        stored[fold(item["name"])] = person
        for start, end in item.get("mentions", []):
            if not (0 <= start < end <= len(document.text)):
                continue
            session.add(
                PersonMention(
                    person_id=person.id,
                    document_id=document.id,
                    start=start,
                    end=end,
                    text=document.text[start:end],
                    extractor_version=version,
                )
            )
    return stored


def _fit(column: Any, value: str | None) -> str | None:
    """Cut to the column's declared length. PostgreSQL refuses a longer string (the whole
    batch would fail, and the document stay pending for ever) where SQLite stores it whole;
    cutting here makes both keep the same prefix. Extracted text can be that long: a page
    with a run of 100 capitalised words yields a 900-character "person"."""
    length = getattr(column.type, "length", None)
    return value[:length] if value and length else value


def _get_or_create_person(session: Session, name: str) -> Person:
    """Safe under concurrent workers: a lost insert race falls back to the winner's row."""
    name = _fit(Person.name, name) or name
    key = _fit(Person.key, fold(name)) or ""
    person = session.scalar(select(Person).where(Person.key == key))
    if person is not None:
        return person
    try:
        with session.begin_nested():
            person = Person(name=name, key=key)
            session.add(person)
    except IntegrityError:
        person = session.scalar(select(Person).where(Person.key == key))
        assert person is not None
    return person


def _supersede_older(session: Session, document: Document, version: str) -> None:
    """Machine claims of older extractor versions or older versions of this page step aside."""
    same_page = select(Document.id).where(
        Document.canonical_url == document.canonical_url, Document.version <= document.version
    )
    session.execute(
        update(Claim)
        .where(
            Claim.document_id.in_(same_page),
            Claim.superseded.is_(False),
            (Claim.document_id != document.id) | (Claim.extractor_version != version),
        )
        .values(superseded=True)
        .execution_options(synchronize_session=False)
    )
