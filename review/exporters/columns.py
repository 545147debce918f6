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
    Column(
        "measure",
        "string",
        "Measure key as reconcile reads the count: what is counted, where (and a flow's "
        "period start); empty for arrests, rejected counts and counts not yet reconciled.",
    ),
    Column("breakdown", "string", "Slice of the measure (military, women, ...), empty for totals."),
    Column("slice", "string", "The same slice (named as reconcile names it)."),
    Column(
        "relation",
        "string",
        "How the count relates to another figure of its text: part, subset, excluded, added, "
        "result, history or increment; empty for a figure of its own.",
    ),
    Column("total_claim_id", "integer", "The claim of the total a part or operand belongs to."),
    Column("place", "string", "Place the count refers to (country[/region] as reconciled)."),
    Column("as_of", "string", "Date the figure holds for (YYYY, YYYY-MM or YYYY-MM-DD)."),
    Column(
        "as_of_source",
        "string",
        "Where that date comes from: stated, total (a part takes its total's), history, "
        "published (the document's date), analyst (a correction).",
    ),
    Column("person", "string", "Arrested person (arrest claims), after merges."),
    Column(
        "originator",
        "string",
        "Who first asserted the figure, as reconcile resolves it (a spokesperson's "
        "organisation, an acronym's full name); empty when no one is named.",
    ),
    Column("originator_source", "string", "stated (named in the text) or publisher."),
    Column("attributed_to", "string", "Attribution as written in the document."),
    Column(
        "reconcile_status",
        "string",
        "The worst check the count stands in: ok, partial, decrease, mismatch or conflict.",
    ),
    Column("why", "string", "One line on why that check flags the count (flagged counts only)."),
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
