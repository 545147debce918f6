"""`crosstally sources` lists the registry; `crosstally sources check` validates every file."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from crawler.registry import load_registry, source_files
from crosstally.config import Settings

SOURCES_DIR_OPTION = click.option(
    "--sources-dir",
    type=click.Path(file_okay=False),
    help="Directory of source files (env CROSSTALLY_SOURCES_DIR; default ./sources).",
)


def resolve_sources_dir(settings: Settings, sources_dir: str | None) -> Settings:
    if sources_dir is None:
        return settings
    from dataclasses import replace
    from pathlib import Path

    return replace(settings, sources_dir=Path(sources_dir).resolve())


@click.group(invoke_without_command=True)
@SOURCES_DIR_OPTION
@click.pass_context
def sources(ctx: click.Context, sources_dir: str | None) -> None:
    """List the declared sources (one YAML file each under sources/).

    Example: crosstally sources --sources-dir sources/
    """
    ctx.obj = resolve_sources_dir(ctx.obj, sources_dir)
    if ctx.invoked_subcommand is not None:
        return
    registry = load_registry(ctx.obj.sources_dir)
    table = Table(title=f"Sources in {ctx.obj.sources_dir}")
    for column in ("id", "kind", "role", "publisher", "languages", "interval", "verified"):
        table.add_column(column)
    for loaded in registry.values():
        source = loaded.config
        table.add_row(
            source.id,
            source.kind,
            source.role,
            source.publisher,
            ",".join(source.languages),
            str(source.crawl.interval),
            "yes" if source.verified_offline else "no",
        )
    Console().print(table)


@sources.command("check")
@click.pass_obj
def check(settings: Settings) -> None:
    """Validate every source file; exit 2 naming each file and field at fault.

    Example: crosstally sources check
    """
    registry = load_registry(settings.sources_dir)
    count = len(source_files(settings.sources_dir))
    click.echo(f"{count} source file(s) in {settings.sources_dir}: all valid ({len(registry)}).")
