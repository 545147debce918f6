"""The `crosstally` command: one group, one module per verb under crosstally/commands/.

Domain errors (:class:`crosstally.errors.CrosstallyError`) become a one-line message and a
non-zero exit status here, at the edge; nothing below prints tracebacks at users.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

import click

from crosstally.config import get_settings
from crosstally.errors import CrosstallyError

# verb -> "module:attribute"; imported lazily so `crosstally sources` never loads spaCy.
COMMANDS: dict[str, str] = {
    "init": "crosstally.commands.init:init",
    "sources": "crosstally.commands.sources:sources",
    "crawl": "crosstally.commands.crawl:crawl",
    "capture": "crosstally.commands.capture:capture",
    "serve-sample": "crosstally.commands.serve_sample:serve_sample",
    "extract": "crosstally.commands.extract:extract",
    "reconcile": "crosstally.commands.reconcile:reconcile",
    "review": "crosstally.commands.review:review",
    "export": "crosstally.commands.export:export",
    "users": "crosstally.commands.users:users",
    "run": "crosstally.commands.run:run",
    "demo": "crosstally.commands.demo:demo",
    "status": "crosstally.commands.status:status",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if _available(name))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS or not _available(name):
            return None
        module_name, attribute = COMMANDS[name].split(":")
        return getattr(importlib.import_module(module_name), attribute)


def _available(name: str) -> bool:
    module_name = COMMANDS[name].split(":")[0]
    return importlib.util.find_spec(module_name) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--database-url",
    metavar="URL",
    help="SQLAlchemy URL (env CROSSTALLY_DATABASE_URL; default: SQLite in the data directory).",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False),
    help="WARC files and the default database (env CROSSTALLY_DATA_DIR; default ./data).",
)
@click.version_option(package_name="crosstally")
@click.pass_context
def cli(ctx: click.Context, database_url: str | None, data_dir: str | None) -> None:
    """crosstally: who counted what, where it was said, and whether the sources agree.

    Example: crosstally init && crosstally crawl sample-ngo && crosstally extract --pending
    """
    ctx.obj = get_settings().with_overrides(data_dir=data_dir, database_url=database_url)


def main() -> None:
    try:
        status = cli.main(standalone_mode=False)
        if isinstance(status, int) and status:
            sys.exit(status)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except CrosstallyError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
