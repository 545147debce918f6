"""`crosstally reconcile`: derive what each count measures, link syndicated copies, check
figures across sources, and print what it wrote."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from crosstally.config import Settings
from crosstally.db import open_database, session_scope

STATUS_STYLE = {"conflict": "bold red", "mismatch": "red", "decrease": "red", "partial": "yellow"}


@click.command()
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A readable table, or JSON with rows, checks and time series.",
)
@click.option(
    "--measure",
    metavar="KEY",
    help="Show only this measure key or its prefix, e.g. political_prisoners/Venezuela "
    "(every measure is reconciled either way).",
)
@click.option(
    "--no-link",
    is_flag=True,
    help="Skip near-duplicate detection (MinHash) of documents not yet signed.",
)
@click.pass_obj
def reconcile(settings: Settings, output: str, measure: str | None, no_link: bool) -> None:
    """Reconcile count claims across sources and flag what does not add up.

    Derives each claim's measure, place, slice, as-of date and originator into the derived
    tables (claim rows are never rewritten), links near-duplicate documents, groups figures
    by originator (syndicated copies count once) and checks agreement, breakdown sums, stated
    arithmetic and running counts. The output is read back from those tables: what the
    review app and the exports show.

    Example: crosstally reconcile --measure political_prisoners --format json
    """
    from review.reconcile import matches
    from review.reconcile import read as derived
    from review.reconcile.refresh import full_run

    factory = open_database(settings)
    with session_scope(factory) as session:
        result = full_run(session, link_duplicates=not no_link)
    with factory() as session:
        rows = [r for r in derived.rows(session, claims=True) if matches(r.measure, measure)]
        checks = [c for c in derived.all_checks(session) if matches(c.measure, measure)]
    stats = {
        "claims": result.claims,
        "measures_updated": result.measures_updated,
        "documents_hashed": result.links.hashed,
        "links_added": result.links.linked,
    }
    if output == "json":
        data = as_json(rows, checks, stats, dict(sorted(result.unmatched.items())))
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    print_table(rows, checks, stats, sum(result.unmatched.values()))


def as_json(rows: list, checks: list, stats: dict[str, int], unmatched: dict) -> dict[str, Any]:
    """The JSON other tools read: ``checks[]`` keep kind, status, claim_ids, detail, measure
    and date (with why, breakdown or slice, support_ids), ``rows[]`` and ``series`` too."""
    from review.reconcile.result import series

    keys = sorted({r.measure for r in rows})
    return {
        **stats,
        "rows": [row.to_json() for row in rows],
        "checks": [{**check.to_json(), "slice": check.breakdown} for check in checks],
        "series": {key: [p.to_json() for p in series(rows, key)] for key in keys},
        "unmatched_subjects": unmatched,
    }


def print_table(rows: list, checks: list, stats: dict[str, int], unmatched: int) -> None:
    console = Console(width=None if Console().is_terminal else 160)
    table = Table(title=f"Reconciliation of {stats['claims']} count claims")
    for column in ("measure", "slice", "date", "status"):
        table.add_column(column, no_wrap=True)
    table.add_column("value(s) by originator")
    table.add_column("reports (independent)", justify="right")
    for row in rows:
        table.add_row(
            escape(row.measure),
            escape(row.breakdown or "total"),
            row.date or "undated",
            f"[{STATUS_STYLE.get(row.status, 'green')}]{row.status}[/]",
            escape("; ".join(f"{name}: {value}" for name, value in row.values.items())),
            f"{row.reports} ({row.independent})",
        )
    console.print(table)
    for check in (c for c in checks if c.status not in ("ok", "agree")):
        ids = ", ".join(f"#{cid}" for cid in check.claim_ids[:20])
        text = f"{check.kind} {check.measure} {check.date or ''}: {check.detail} ({ids})"
        if check.why:
            text += f"\n    why: {check.why}"
        style = STATUS_STYLE.get(check.status, "yellow")
        console.print(f"[{style}]{check.status}[/] {escape(text)}", highlight=False)
    console.print(
        f"{stats['measures_updated']} fact(s) written, {stats['documents_hashed']} document(s) "
        f"hashed, {stats['links_added']} link(s) added, {unmatched} claim(s) with a subject "
        "outside the lexicon."
    )
