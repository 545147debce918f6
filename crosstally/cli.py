"""The `crosstally` command: one group, one module per verb under crosstally/commands/.

The edge is :meth:`CrosstallyGroup.main`, the one place where errors meet the user, for
every command and under click's test runner alike: a domain error
(:class:`crosstally.errors.CrosstallyError`) and a usage error (a bad flag or value) each
become one line, ``error: <message>``, on stderr and the exit status documented in README.md.
Nothing below prints tracebacks at users or exits on its own.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

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


INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a Ctrl-C


class CrosstallyGroup(click.Group):
    """Commands imported lazily; errors turned into one line and an exit status."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            status = super().main(args, prog_name, complete_var, False, **extra)
        except CrosstallyError as error:
            _fail(str(error), error.exit_code)
        except click.exceptions.NoArgsIsHelpError as error:  # `crosstally` alone: the help
            error.show()
            sys.exit(error.exit_code)
        except click.UsageError as error:
            where = error.ctx.command_path if error.ctx else prog_name or self.name
            message = error.format_message().rstrip(".")
            _fail(f"{message} (see `{where} --help`)", error.exit_code)
        except click.ClickException as error:
            _fail(error.format_message(), error.exit_code)
        except click.exceptions.Abort as error:
            if isinstance(error.__cause__, KeyboardInterrupt):
                click.echo("Interrupted.", err=True)
                sys.exit(INTERRUPTED)
            _fail("aborted: no more input" if error.__cause__ else "aborted", 1)
        sys.exit(status if isinstance(status, int) else 0)

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


def _fail(message: str, status: int) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(status)


@click.group(cls=CrosstallyGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
    """The console script and ``python -m crosstally``."""
    cli.main(prog_name="crosstally")
