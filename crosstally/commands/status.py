"""`crosstally status`: what is stored and how the last runs went, at a glance."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select

from crosstally.config import Settings
from crosstally.db import open_database


@click.command()
@click.option("--runs", default=5, show_default=True, help="How many recent runs to show.")
@click.pass_obj
def status(settings: Settings, runs: int) -> None:
    """Counts of stored rows and the most recent crawl/run records.

    Example: crosstally status --runs 10
    """
    from crosstally.commands.init import redact
    from models import Capture, Claim, CrawlRun, Document, Evidence, ReviewDecision, Source

    factory = open_database(settings)
    with factory() as session:
        counts = {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (Source, Document, Capture, Claim, Evidence, ReviewDecision)
        }
        current = session.scalar(
            select(func.count()).select_from(Claim).where(Claim.superseded.is_(False))
        )
        recent = list(session.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(runs)))
        reconciled = reconciliation(session)
    click.echo(f"database: {redact(settings.database_url)}")
    click.echo(", ".join(f"{name}: {n}" for name, n in counts.items()) + f" ({current} current)")
    click.echo(f"reconciliation: {reconciled}")
    table = Table(title="Recent runs")
    columns = ("id", "kind", "status", "started", "host", "new", "changed", "unchanged", "failed")
    for column in columns:
        table.add_column(column)
    for row in recent:
        table.add_row(
            str(row.id),
            row.kind,
            row.status,
            f"{row.started_at:%Y-%m-%d %H:%M}",
            row.host or "",
            str(row.pages_new),
            str(row.pages_changed),
            str(row.pages_unchanged),
            str(row.pages_failed),
        )
    Console().print(table)


def reconciliation(session) -> str:
    """The derived tables at a glance: facts, checks by status, when last written."""
    from models import ClaimFact
    from review.reconcile import read as derived

    if not derived.reconciled(session):
        return derived.NEVER_RAN
    facts = session.scalar(select(func.count()).select_from(ClaimFact))
    counts = derived.check_counts(session)
    flags = ", ".join(f"{counts[s]} {s}" for s in derived.FLAGS if counts.get(s))
    when = derived.last_reconciled(session)
    written = f"; last written {when:%Y-%m-%d %H:%M} UTC" if when else ""
    return f"{facts} fact(s), {sum(counts.values())} check(s) ({flags or 'none flagged'}){written}"
