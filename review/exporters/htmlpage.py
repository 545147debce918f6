"""HTML: a standalone, script-free page with a table and numbered footnotes."""

from __future__ import annotations

from html import escape

from review.exporters import Exporter, Rows, register
from review.exporters.citations import TABLE, cell, citation

HEAD = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>crosstally claims</title>
<style>table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px}</style>
</head>
<body>
<h1>Claims</h1>
"""


def _part(label: str, value: str) -> str:
    if label == "url" and value.startswith(("http://", "https://")):
        link = escape(value, quote=True)
        return f'url: <a href="{link}" rel="noopener noreferrer nofollow">{escape(value)}</a>'
    return f"{escape(label)}: {escape(value)}"


def render_html(rows: Rows) -> bytes:
    out = [HEAD, "<table>\n<thead><tr>"]
    out += [f"<th>{escape(header)}</th>" for header, _ in TABLE]
    out.append("<th>Source</th></tr></thead>\n<tbody>\n")
    for number, row in enumerate(rows, 1):
        cells = "".join(f"<td>{escape(cell(row, key))}</td>" for _, key in TABLE)
        out.append(f'<tr id="claim-{row["claim_id"]}">{cells}')
        out.append(f'<td><a href="#note-{number}">[{number}]</a></td></tr>\n')
    out.append("</tbody>\n</table>\n<ol>\n")
    for number, row in enumerate(rows, 1):
        parts = "; ".join(_part(label, value) for label, value in citation(row))
        out.append(f'<li id="note-{number}">{parts}</li>\n')
    out.append("</ol>\n</body>\n</html>\n")
    return "".join(out).encode("utf-8")


register(Exporter("html", "html", "text/html; charset=utf-8", render_html))
