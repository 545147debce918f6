"""The columns every export carries, once: name, Frictionless type and what it means.

CSV headers, JSON keys, the xlsx header row and ``datapackage.json`` all come from this list, so
the description of a column can never drift from the column itself.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless table-schema type
    description: str


COLUMNS: tuple[Column, ...] = (
    Column("claim_id", "integer", "Claim row id in the crosstally database."),
    Column("review_key", "string", "Stable key of the claim across re-extraction."),
    Column("kind", "string", "count (a number of people) or arrest (one person's arrest)."),
    Column("value", "integer", "The count, after review corrections (empty for arrests)."),
    Column("qualifier", "string", "exact, more_than, at_least, about, up_to or less_than."),
    Column("machine_value", "integer", "The extractor's value, only where a reviewer changed it."),
    Column("machine_qualifier", "string", "The extractor's qualifier, if changed."),
    Column("corrected_fields", "string", "Fields a reviewer corrected, comma-separated."),
    Column("subject", "string", "What is counted, as stated (after corrections)."),
    Column("measure", "string", "Normalised measure key: what is counted and where."),
    Column("breakdown", "string", "Slice of the measure (military, women, ...), empty for totals."),
    Column("place", "string", "Place the count refers to."),
    Column("as_of", "string", "Date the figure holds for (YYYY, YYYY-MM or YYYY-MM-DD)."),
    Column("person", "string", "Arrested person (arrest claims), after merges."),
    Column("originator", "string", "Who first asserted the figure (normalised attribution)."),
    Column("attributed_to", "string", "Attribution as written in the document."),
    Column("publisher", "string", "Publisher of the document that carries the claim."),
    Column("source_id", "string", "crosstally source id of that publisher."),
    Column("url", "string", "URL of the document."),
    Column("title", "string", "Title of the document."),
    Column("published_at", "string", "Publication date of the document (partial dates kept)."),
    Column("fetched_at", "datetime", "When the document was crawled (UTC)."),
    Column("quote", "string", "Evidence quote from the document text (several joined by ' … ')."),
    Column("capture_sha256", "string", "SHA-256 of the archived HTTP payload (WARC capture)."),
    Column("review_status", "string", "pending, accepted, corrected, rejected or stale."),
    Column("reviewer", "string", "Reviewer of the latest decision."),
    Column("reviewed_at", "datetime", "Time of the latest decision (UTC)."),
)

NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)
