"""`crosstally crawl`: fetch sources (or ad hoc URLs), archive every response, store documents."""

from __future__ import annotations

import click

from crosstally.commands.sources import SOURCES_DIR_OPTION, resolve_sources_dir
from crosstally.config import Settings
from crosstally.db import require_database
from crosstally.errors import ConfigError


@click.command()
@click.argument("source_ids", nargs=-1, metavar="[SOURCE]...")
@SOURCES_DIR_OPTION
@click.option(
    "--start-url",
    "start_urls",
    multiple=True,
    metavar="URL",
    help="Crawl this http(s) URL ad hoc (feed, sitemap or page: sniffed). Repeatable.",
)
@click.option(
    "--source-id",
    metavar="ID",
    help="Source id for --start-url documents (default: derived from the host).",
)
@click.option(
    "--max-pages",
    type=click.IntRange(min=1),
    help="Article pages per source at most (default: each source's crawl.max_pages).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    help="Seconds per request before it fails as 'timeout' (default 30).",
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0),
    help="Seconds between requests to one site (default: each source's download_delay).",
)
@click.option(
    "--progress-every",
    type=click.IntRange(min=1),
    help="Print a progress line every N pages per source (default 25).",
)
@click.option(
    "--frontier",
    metavar="NAME",
    help="With CROSSTALLY_REDIS_URL: share the frontier NAME with other crawler processes "
    "(env CROSSTALLY_FRONTIER; default 'default'). See docs/scaling.md.",
)
@click.pass_obj
def crawl(
    settings: Settings,
    source_ids: tuple[str, ...],
    sources_dir: str | None,
    start_urls: tuple[str, ...],
    source_id: str | None,
    max_pages: int | None,
    timeout: float | None,
    delay: float | None,
    progress_every: int | None,
    frontier: str | None,
) -> int:
    """Crawl SOURCE... (default: every source in the registry), or --start-url URLs.

    Every HTTP response is written to a WARC file under the data directory; new and
    changed article pages become document versions; the run is recorded with its
    counts and one reason per failed URL. Exits 1 when the run failed, 0 otherwise.

    \b
    Examples:
      crosstally crawl foro-penal el-pitazo --max-pages 50
      crosstally crawl --start-url https://example.org/feed.xml --source-id example
    """
    from crawler.registry import load_registry, select
    from crawler.runner import CrawlOptions, format_summary, run_crawl
    from crawler.spiders import CrawlPlan
    from crosstally.locking import run_lock

    settings = resolve_sources_dir(settings, sources_dir)
    if source_id and not start_urls:
        raise ConfigError("--source-id only applies to --start-url crawls")
    if start_urls:
        CrawlPlan.adhoc(list(start_urls), source_id)  # refuse bad URLs before anything else
    selected = []
    if source_ids or not start_urls:
        selected = select(load_registry(settings.sources_dir), list(source_ids))
    frontier = _frontier(settings, frontier)
    require_database(settings)
    options = CrawlOptions(
        max_pages=max_pages,
        timeout=timeout,
        delay=delay,
        progress_every=progress_every,
        frontier=frontier,
    )
    # Processes sharing a frontier crawl together: each holds the crawl lock shared.
    with run_lock(settings, "crawl", shared=frontier is not None):
        summary = run_crawl(settings, selected, start_urls, source_id, options=options)
    click.echo(format_summary(summary))
    return 1 if summary.status == "failed" else 0


def _frontier(settings: Settings, option: str | None) -> str | None:
    """The shared frontier's name when Redis is configured (checked reachable), else None."""
    from crawler.distributed import check_redis, frontier_name

    if not settings.redis_url:
        if option:
            raise ConfigError("--frontier needs a Redis server: set CROSSTALLY_REDIS_URL")
        return None
    name = frontier_name(option)
    check_redis(settings.redis_url)
    return name
