"""A clear error instead of a traceback when the database has not been created yet."""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from crosstally.errors import ConfigError

REQUIRED = ("claim", "document", "review_decision", "app_user", "document_signature")


def require_schema(session: Session) -> None:
    """Refuse to run on a database without the tables this package needs."""
    try:
        tables = set(inspect(session.connection()).get_table_names())
    except OperationalError as error:
        raise ConfigError(f"cannot open the database: {error.orig}") from None
    missing = [name for name in REQUIRED if name not in tables]
    if missing:
        raise ConfigError(
            f"the database has no {', '.join(missing)} table(s): run `crosstally init` first"
        )
