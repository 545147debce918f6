"""The human-readable table and numbered footnotes shared by the Markdown and HTML exports."""

from __future__ import annotations

from typing import Any

# (header, row -> cell text) for the compact table; full detail goes to the footnote.
TABLE: tuple[tuple[str, str], ...] = (
    ("Claim", "claim_id"),
    ("Kind", "kind"),
    ("Value", "value"),
    ("Subject", "subject"),
    ("Measure", "measure"),
    ("As of", "as_of"),
    ("Person", "person"),
    ("Originator", "originator"),
    ("Publisher", "publisher"),
    ("Status", "review_status"),
    ("Reviewer", "reviewer"),
)
QUALIFIER_WORDS = {
    "more_than": "more than ",
    "at_least": "at least ",
    "about": "about ",
    "up_to": "up to ",
    "less_than": "less than ",
}


def cell(row: dict[str, Any], key: str) -> str:
    if key == "value":
        if row["value"] is None:
            return ""
        text = f"{QUALIFIER_WORDS.get(row['qualifier'] or '', '')}{row['value']}"
        if row["machine_value"] is not None or row["machine_qualifier"] is not None:
            machine = row["machine_value"] if row["machine_value"] is not None else row["value"]
            text += f" (machine: {machine})"
        return text
    value = row[key]
    return "" if value is None else str(value)


def citation(row: dict[str, Any]) -> list[tuple[str, str]]:
    """Labelled parts of one footnote, in reading order (empty parts left out)."""
    parts = [
        ("publisher", row["publisher"]),
        ("title", row["title"]),
        ("url", row["url"]),
        ("published", row["published_at"]),
        ("crawled", row["fetched_at"]),
        ("capture sha256", row["capture_sha256"]),
        ("quote", row["quote"]),
    ]
    return [(label, str(value)) for label, value in parts if value]
