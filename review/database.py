"""The review commands' database check: the one every crosstally command makes."""

from __future__ import annotations

from sqlalchemy.orm import Session

from crosstally.migrate import require_current


def require_schema(session: Session) -> None:
    """Refuse a database that ``crosstally init`` has not brought to this crosstally's schema,
    with the message and exit status every other command gives (crosstally.migrate)."""
    require_current(session.get_bind())
