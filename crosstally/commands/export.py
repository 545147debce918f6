"""`crosstally export`: cited claim tables in csv, json, xlsx, md or html."""

from __future__ import annotations

from pathlib import Path

import click

from crosstally.config import Settings
from crosstally.db import make_sessionmaker, session_scope
from crosstally.errors import ConfigError

STATUS_CHOICES = ("pending", "accepted", "corrected", "rejected", "stale")


def _date(_ctx, _param, value: str | None) -> str | None:
    from review.decisions import is_partial_date

    if value is not None and not is_partial_date(value):
        raise click.BadParameter("use a real date as YYYY, YYYY-MM or YYYY-MM-DD")
    return value


@click.command()
@click.option(
    "--format",
    "name",
    default="csv",
    show_default=True,
    help="csv, json, xlsx, md or html (any registered exporter).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE (CSV adds datapackage.json beside it); default stdout.",
)
@click.option("--all", "everything", is_flag=True, help="Every current claim, whatever its review.")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(STATUS_CHOICES),
    help="Only this review status (repeatable); default accepted and corrected.",
)
@click.option("--measure", metavar="KEY", help="Only this measure key or its prefix.")
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="ID",
    help="Only claims from this source id (repeatable).",
)
@click.option("--since", callback=_date, metavar="DATE", help="As-of date on or after DATE.")
@click.option("--until", callback=_date, metavar="DATE", help="As-of date on or before DATE.")
@click.pass_obj
def export(
    settings: Settings,
    name: str,
    output: Path | None,
    everything: bool,
    statuses: tuple[str, ...],
    measure: str | None,
    sources: tuple[str, ...],
    since: str | None,
    until: str | None,
) -> None:
    """Export reviewed claims with their citations (values after review corrections).

    What each count measures, its place, date, originator and flags are what the last
    `crosstally reconcile` (and any review decision since) wrote; a database that was never
    reconciled is refused.

    Example: crosstally export --format csv --output claims.csv --since 2024-01
    """
    from review.exporters import get_exporter
    from review.exporters.rows import ExportFilter, export_rows

    exporter = get_exporter(name)
    if exporter.binary and output is None:
        raise ConfigError(f"--format {name} writes a binary file: give --output FILE.{name}")
    if everything and statuses:
        raise ConfigError("--all and --status exclude each other")
    wanted = ExportFilter(
        statuses=None if everything else frozenset(statuses or ("accepted", "corrected")),
        measure=measure,
        sources=frozenset(sources),
        since=since,
        until=until,
    )
    from review.database import require_schema

    with session_scope(make_sessionmaker(settings)) as session:
        require_schema(session)
        rows = export_rows(session, wanted)
    waiting = sum(
        r["kind"] == "count" and r["reconcile_status"] is None and r["review_status"] != "rejected"
        for r in rows
    )
    if waiting:
        click.echo(
            f"warning: {waiting} count claim(s) extracted since the last reconcile have no "
            "measure yet: run `crosstally reconcile` first",
            err=True,
        )
    body = exporter.render(rows)
    if output is None:
        click.echo(body, nl=False)  # bytes go to the binary stdout, unchanged
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(body)
    written = [output]
    if exporter.sidecar is not None:
        for filename, content in exporter.sidecar(output, rows).items():
            (output.parent / filename).write_bytes(content)
            written.append(output.parent / filename)
    click.echo(f"{len(rows)} claim(s) written to {', '.join(str(p) for p in written)}", err=True)
