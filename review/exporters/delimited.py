"""CSV, with a Frictionless ``datapackage.json`` describing its columns beside it.

Text cells go through :func:`review.exporters.cells.neutralise`, so no crawled value is run as a
formula by the spreadsheet that opens the file; the datapackage states the rule.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from review.exporters import Exporter, Rows, register
from review.exporters.cells import CSV_RULE, neutralise
from review.exporters.columns import COLUMNS, NAMES


def render_csv(rows: Rows) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(NAMES)
    for row in rows:
        writer.writerow([_cell(row[name]) for name in NAMES])
    return buffer.getvalue().encode("utf-8")


def _cell(value: object) -> object:
    if value is None:
        return ""
    return neutralise(value) if isinstance(value, str) else value


def datapackage(path: Path, rows: Rows) -> dict[str, bytes]:
    """A tabular-data-package with one tabular-data-resource: the CSV and its table schema."""
    package = {
        "profile": "tabular-data-package",
        "name": "crosstally-claims",
        "title": "crosstally claims with citations",
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": _resource_name(path.stem),
                "path": path.name,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": CSV_RULE,
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                "schema": {
                    "fields": [
                        {"name": c.name, "type": c.type, "description": c.description}
                        for c in COLUMNS
                    ],
                    "primaryKey": ["claim_id"],
                    "missingValues": [""],
                },
            }
        ],
    }
    text = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
    return {"datapackage.json": text.encode("utf-8")}


def _resource_name(stem: str) -> str:
    """Frictionless names are lower-case letters, digits and ``-._``."""
    cleaned = "".join(ch if ch.isalnum() or ch in "-._" else "-" for ch in stem.lower())
    return cleaned.strip("-") or "claims"


register(Exporter("csv", "csv", "text/csv; charset=utf-8", render_csv, sidecar=datapackage))
