"""Review-app accounts and their server-side sessions.

A session lives in the database, not only in a cookie: the browser holds a random token and
this table only that token's SHA-256, so logging out, changing a password or disabling an account
ends sessions for real, and a copy of the database alone opens none.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, created, intpk, sha256

ROLES = ("reviewer", "viewer")


class User(Base):
    __tablename__ = "app_user"
    __table_args__ = (CheckConstraint(f"role IN {ROLES!r}", name="role"),)

    id: Mapped[intpk]
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(Text)
    created_at: Mapped[created]
    last_login_at: Mapped[datetime | None]
    # Set while the account may not log in; its sessions were ended when it was set.
    disabled_at: Mapped[datetime | None]


class AppSession(Base):
    __tablename__ = "app_session"

    id: Mapped[intpk]
    token_sha256: Mapped[sha256] = mapped_column(unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[created]
    expires_at: Mapped[datetime]
