"""`crosstally init`: create or upgrade the database schema to the latest revision."""

from __future__ import annotations

import click
from sqlalchemy.exc import OperationalError

from crosstally import migrate
from crosstally.config import Settings
from crosstally.errors import ConfigError


@click.command()
@click.pass_obj
def init(settings: Settings) -> None:
    """Create the data directory and upgrade the database to the newest schema.

    Example: crosstally --database-url postgresql+psycopg://localhost/crosstally init
    """
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        migrate.upgrade(settings.database_url)
    except OperationalError as error:
        raise ConfigError(f"cannot reach the database: {error.orig}") from None
    click.echo(f"Database ready at {redact(settings.database_url)}; data in {settings.data_dir}")


def redact(url: str) -> str:
    """Never print a password that sits in a database URL."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
