"""`crosstally serve-sample`: the bundled fictional sample sites over local HTTP."""

from __future__ import annotations

import click


@click.command("serve-sample")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=0, help="Port (default: a free one)."
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--write-sources",
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="Also write source files for the running server into DIR.",
)
@click.option("--verbose", is_flag=True, help="Log every request to stderr.")
def serve_sample(port: int, host: str, write_sources: str | None, verbose: bool) -> int:
    """Serve the sample sites (an NGO, two outlets; all fictional) until Ctrl-C.

    \b
    Example:
      crosstally serve-sample --port 8765 --write-sources /tmp/sample-sources
      crosstally crawl --sources-dir /tmp/sample-sources    # in another terminal
    """
    from crawler.sample_server import main

    argv = ["--port", str(port), "--host", host]
    if write_sources:
        argv += ["--write-sources", write_sources]
    if verbose:
        argv.append("--verbose")
    return main(argv)
