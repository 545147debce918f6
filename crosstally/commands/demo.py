"""`crosstally demo`: the main job on the bundled sample sites, end to end, over real HTTP.

Each stage runs as its own `crosstally` subprocess, exactly as a user would type it, because
Scrapy's reactor runs once per process; the sample server runs in a thread of this process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
from sqlalchemy import func, select

from crosstally.config import Settings
from crosstally.db import open_database
from crosstally.errors import CrosstallyError
from crosstally.files import private_directory, private_opener


@click.command()
@click.option(
    "--port",
    type=int,
    default=None,
    help="Port for the sample sites (default: the port of the previous demo, else a free one).",
)
@click.pass_obj
def demo(settings: Settings, port: int | None) -> None:
    """Create (or upgrade) the database, serve the sample sites, crawl them twice (the site is
    updated in between), extract, reconcile, and print what was stored and where.

    Example: crosstally --data-dir /tmp/demo demo
    """
    from crawler.sample_server import write_sources

    sources_dir = settings.data_dir / "sample-sources"
    stage(settings, "Init", ["init"])
    server = start_server(settings.data_dir, port)
    try:
        click.echo(f"Sample sites at {server.url}")
        write_sources(server.url, sources_dir)
        stage(settings, "Crawl", ["crawl", "--sources-dir", str(sources_dir)])
        server.advance()
        click.echo("The sample outlet updated one article; crawling again.")
        stage(settings, "Re-crawl", ["crawl", "--sources-dir", str(sources_dir)])
    finally:
        server.stop()
    for title, args in (
        ("Extract", ["extract", "--pending"]),
        ("Reconcile", ["reconcile"]),
    ):
        stage(settings, title, args, optional=True)
    summarise(settings, sources_dir)


def start_server(data_dir: Path, port: int | None):
    """Serve on the previous demo's port, so a second demo sees the same URLs and stores
    nothing new; the URLs are part of each document's identity."""
    from crawler.sample_server import SampleServer

    remembered = data_dir / "sample-port"
    if port is None and remembered.exists():
        port = int(remembered.read_text().strip() or 0)
    server = SampleServer(port=port or 0)
    try:
        server.start()
    except OSError as error:
        if not port:
            raise
        click.secho(f"port {port} is busy ({error.strerror}); using a free one", fg="yellow")
        server = SampleServer(port=0)
        server.start()
    private_directory(data_dir)
    with open(remembered, "w", opener=private_opener) as handle:
        handle.write(f"{server.url.rsplit(':', 1)[1]}\n")
    return server


def stage(settings: Settings, title: str, args: list[str], optional: bool = False) -> None:
    command = [sys.executable, "-m", "crosstally", "--data-dir", str(settings.data_dir)]
    command += ["--database-url", settings.database_url, *args]
    click.secho(f"\n== {title}: crosstally {' '.join(args)}", bold=True)
    result = subprocess.run(command, env=os.environ.copy(), check=False)
    if result.returncode == 0:
        return
    if optional:
        click.secho(f"{title} did not complete (exit {result.returncode}).", fg="yellow")
        return
    raise CrosstallyError(f"{title.lower()} failed with exit status {result.returncode}")


def summarise(settings: Settings, sources_dir: Path) -> None:
    from crawler.archive import verify_capture
    from models import Capture, Claim, Document, Evidence, Source

    factory = open_database(settings)
    with factory() as session:
        sources = session.scalar(select(func.count()).select_from(Source))
        documents = session.scalars(select(Document)).all()
        captures = session.scalar(select(func.count()).select_from(Capture))
        claims = session.scalar(select(func.count()).select_from(Claim))
        evidence = session.scalar(select(func.count()).select_from(Evidence))
        verified = sum(verify_capture(settings.data_dir, doc.capture) for doc in documents)
    click.secho("\n== Summary", bold=True)
    click.echo(f"sources:   {sources} (files in {sources_dir})")
    click.echo(f"documents: {len(documents)} stored, {verified} with a verified capture digest")
    click.echo(f"captures:  {captures} archived under {settings.warc_dir}")
    click.echo(f"claims:    {claims} with {evidence} evidence spans")
    click.echo(f"reconciled: {reconciled_line(factory)}")
    click.echo(f"database:  {settings.database_url}")
    if verified != len(documents):
        raise CrosstallyError(f"{len(documents) - verified} document(s) failed verification")


def reconciled_line(factory) -> str:
    """What the reconcile stage wrote, read back from its tables (as the review app reads it)."""
    from review.reconcile import read as derived

    with factory() as session:
        if not derived.reconciled(session):
            return "not yet (the reconcile stage did not complete)"
        counts = derived.check_counts(session)
        measures = len(derived.measures(session))
    flags = {status: n for status, n in counts.items() if status in derived.FLAGS}
    flagged = ", ".join(f"{n} {status}" for status, n in sorted(flags.items())) or "none flagged"
    return f"{measures} measure key(s), {sum(counts.values())} check(s): {flagged}"
