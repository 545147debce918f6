"""`crosstally init`: create or upgrade the database schema to the latest revision.

The only command that changes the schema (besides ``demo``, which starts from nothing): every
other one refuses a database that is not at this crosstally's revision and names this one.

A data directory it creates is 0700 (:mod:`crosstally.files`). One that already exists keeps
its owner's mode: if others may read it, init warns once and goes on, because changing the
mode of someone's directory unasked could break whatever else they share through it.
"""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy.exc import OperationalError

from crosstally import migrate
from crosstally.config import Settings
from crosstally.errors import DatabaseUnavailable
from crosstally.files import open_to_others, private_directory


@click.command()
@click.pass_obj
def init(settings: Settings) -> None:
    """Create the data directory and the database, or upgrade it to the newest schema
    (after installing a new crosstally: back the database up first).

    Example: crosstally --database-url postgresql+psycopg://localhost/crosstally init
    """
    warn_if_open(settings.data_dir)
    private_directory(settings.data_dir)
    try:
        migrate.upgrade(settings.database_url)
    except OperationalError as error:
        raise DatabaseUnavailable(f"cannot reach the database: {error.orig}") from None
    click.echo(f"Database ready at {redact(settings.database_url)}; data in {settings.data_dir}")


def warn_if_open(data_dir: Path) -> None:
    mode = open_to_others(data_dir)
    if mode is not None:
        click.secho(
            f"warning: the data directory {data_dir} is open to other users (mode {mode:04o}); "
            f"`chmod 700 {data_dir}` keeps the database and WARC files private",
            fg="yellow",
            err=True,
        )


def redact(url: str) -> str:
    """Never print a password that sits in a database URL."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
