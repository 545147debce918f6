"""`crosstally run`: the scheduled job (crosstally.job), for cron or a systemd timer.

The exit status is non-zero only when every crawled source failed (1) or another run holds
the lock (75); partial failures print a warning.
"""

from __future__ import annotations

import click

from crosstally.commands.sources import SOURCES_DIR_OPTION, resolve_sources_dir
from crosstally.config import Settings


@click.command()
@click.argument("source_ids", nargs=-1, metavar="[SOURCE]...")
@click.option("--due", is_flag=True, help="Only sources whose crawl interval has elapsed.")
@SOURCES_DIR_OPTION
@click.option("--max-pages", type=click.IntRange(min=1), help="Article pages per source at most.")
@click.pass_obj
def run(
    settings: Settings,
    source_ids: tuple[str, ...],
    due: bool,
    sources_dir: str | None,
    max_pages: int | None,
) -> None:
    """Crawl the due (or named) sources, extract pending documents, reconcile; record the run.

    \b
    Examples:
      crosstally run --due                 # from cron: */30 * * * *
      crosstally run foro-penal el-pitazo
    """
    from crosstally.job import AllSourcesFailed, run_job

    settings = resolve_sources_dir(settings, sources_dir)
    result = run_job(settings, source_ids, due=due, max_pages=max_pages, say=_say)
    click.echo(
        f"Run {result.run_id}: {len(result.crawled)} source(s) crawled, "
        f"{len(result.failed)} failed; {result.extracted} document(s) extracted; "
        f"{result.checks} check(s)."
    )
    if result.status == "failed":
        raise AllSourcesFailed(f"every source failed: {', '.join(result.failed)}")
    if result.failed:
        click.secho(f"warning: source(s) failed: {', '.join(result.failed)}", fg="yellow", err=True)


def _say(line: str) -> None:
    click.secho(line, bold=line.startswith("== "))
