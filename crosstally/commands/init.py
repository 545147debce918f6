"""`crosstally init`: create or upgrade the database schema to the latest revision.

The only command that changes the schema (besides ``demo``, which starts from nothing): every
other one refuses a database that is not at this crosstally's revision and names this one.
"""

from __future__ import annotations

import click
from sqlalchemy.exc import OperationalError

from crosstally import migrate
from crosstally.config import Settings
from crosstally.errors import DatabaseUnavailable


@click.command()
@click.pass_obj
def init(settings: Settings) -> None:
    """Create the data directory and the database, or upgrade it to the newest schema
    (after installing a new crosstally: back the database up first).

    Example: crosstally --database-url postgresql+psycopg://localhost/crosstally init
    """
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        migrate.upgrade(settings.database_url)
    except OperationalError as error:
        raise DatabaseUnavailable(f"cannot reach the database: {error.orig}") from None
    click.echo(f"Database ready at {redact(settings.database_url)}; data in {settings.data_dir}")


def redact(url: str) -> str:
    """Never print a password that sits in a database URL."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
