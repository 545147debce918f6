"""`crosstally reconcile`: derive measures, link syndicated copies, check totals across sources."""

from __future__ import annotations

import json

import click
from rich.console import Console
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
    help="Only this measure key or its prefix, e.g. political_prisoners/Venezuela.",
)
@click.option(
    "--no-link",
    is_flag=True,
    help="Skip near-duplicate detection (MinHash) of documents not yet signed.",
)
@click.pass_obj
def reconcile(settings: Settings, output: str, measure: str | None, no_link: bool) -> None:
    """Reconcile count claims across sources and flag what does not add up.

    Writes each claim's measure back to the database, links near-duplicate documents, groups
    figures by originator (syndicated copies count once) and checks agreement, breakdown sums,
    stated arithmetic and cumulative series.

    Example: crosstally reconcile --measure political_prisoners --format json
    """
    from review.reconcile import reconcile as run

    with session_scope(open_database(settings)) as session:
        result = run(session, measure, link_duplicates=not no_link)
    if output == "json":
        click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        return
    console = Console(width=None if Console().is_terminal else 160)
    table = Table(title=f"Reconciliation of {result.claims} count claims")
    for column in ("measure", "slice", "date", "status"):
        table.add_column(column, no_wrap=True)
    table.add_column("value(s) by originator")
    table.add_column("reports (independent)", justify="right")
    for row in result.rows:
        table.add_row(
            row.measure,
            row.breakdown or "total",
            row.date or "undated",
            f"[{STATUS_STYLE.get(row.status, 'green')}]{row.status}[/]",
            "; ".join(f"{name}: {value}" for name, value in row.values.items()),
            f"{row.reports} ({row.independent})",
        )
    console.print(table)
    flagged = [c for c in result.checks if c.status not in ("ok", "agree")]
    for check in flagged:
        ids = ", ".join(f"#{cid}" for cid in check.claim_ids[:20])
        console.print(
            f"[{STATUS_STYLE.get(check.status, 'yellow')}]{check.status}[/] "
            f"{check.kind} {check.measure} {check.date or ''}: {check.detail} ({ids})",
            markup=True,
            highlight=False,
        )
    console.print(
        f"{result.measures_updated} measure(s) updated, {result.links.hashed} document(s) "
        f"hashed, {result.links.linked} link(s) added, {sum(result.unmatched.values())} "
        "claim(s) with a subject outside the lexicon."
    )
