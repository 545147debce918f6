"""JSON: one object per claim, keys in column order."""

from __future__ import annotations

import json

from review.exporters import Exporter, Rows, register
from review.exporters.columns import NAMES


def render_json(rows: Rows) -> bytes:
    ordered = [{name: row[name] for name in NAMES} for row in rows]
    return (json.dumps(ordered, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


register(Exporter("json", "json", "application/json", render_json))
