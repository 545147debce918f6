"""Server-side sessions: a row per logged-in browser, so ending one is real.

The cookie carries a random token; the database keeps only its SHA-256, so whoever reads the
database (or a backup of it) cannot log in as anyone. A request is logged in while its token's
row exists, has not expired, and its account is not disabled: logging out deletes the row, and
``crosstally users passwd`` / ``users disable`` delete every row of that account.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from models import AppSession, User

LIFETIME = timedelta(hours=12)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start(session: Session, user: User, lifetime: timedelta = LIFETIME) -> str:
    """A new session for ``user``; returns the token for the cookie (stored only hashed)."""
    now = datetime.now(UTC)
    session.execute(delete(AppSession).where(AppSession.expires_at <= now))
    token = secrets.token_urlsafe(32)
    session.add(AppSession(token_sha256=_digest(token), user_id=user.id, expires_at=now + lifetime))
    session.flush()
    return token


def user_for(session: Session, token: str) -> User | None:
    """The account a token is logged in as, or None (unknown, expired, ended or disabled)."""
    return session.scalar(
        select(User)
        .join(AppSession, AppSession.user_id == User.id)
        .where(
            AppSession.token_sha256 == _digest(token),
            AppSession.expires_at > datetime.now(UTC),
            User.disabled_at.is_(None),
        )
    )


def end(session: Session, token: str) -> None:
    session.execute(delete(AppSession).where(AppSession.token_sha256 == _digest(token)))


def end_all(session: Session, user: User) -> int:
    """End every session of ``user``; returns how many were still live."""
    live = session.scalar(
        select(func.count(AppSession.id)).where(
            AppSession.user_id == user.id, AppSession.expires_at > datetime.now(UTC)
        )
    )
    session.execute(delete(AppSession).where(AppSession.user_id == user.id))
    return live or 0
