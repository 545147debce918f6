"""Markdown: a compact table, each row citing a numbered footnote with the full source."""

from __future__ import annotations

import re

from review.exporters import Exporter, Rows, register
from review.exporters.citations import TABLE, cell, citation

# Scraped text must not become links, images, HTML or table structure in a Markdown viewer.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_markdown(rows: Rows) -> bytes:
    lines = [
        "# Claims",
        "",
        "| " + " | ".join(header for header, _ in TABLE) + " | Source |",
        "|" + "---|" * (len(TABLE) + 1),
    ]
    for number, row in enumerate(rows, 1):
        cells = [escape(cell(row, key)) for _, key in TABLE]
        lines.append("| " + " | ".join(cells) + f" | [^{number}] |")
    lines.append("")
    for number, row in enumerate(rows, 1):
        parts = "; ".join(
            f"{label}: <{value}>"
            if label == "url" and value.startswith(("http://", "https://"))
            else f"{label}: {escape(value)}"
            for label, value in citation(row)
        )
        lines.append(f"[^{number}]: {parts}")
    return ("\n".join(lines).rstrip() + "\n").encode("utf-8")


register(Exporter("md", "md", "text/markdown; charset=utf-8", render_markdown))
