"""Review-app accounts: add, authenticate, change a password, disable and enable.

Changing a password or disabling an account ends every session of that account
(:func:`review.web.sessions.end_all`): whoever held a copied cookie, or the old password, is out.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstally.errors import InputError, NotFoundError
from models import User
from models.accounts import ROLES
from review.web import sessions
from review.web.auth import hash_password, needs_rehash, verify_password

MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # argon2 takes any length; a bound keeps one login from costing much
MAX_NAME = 100

# Verifying against a real hash when the user does not exist keeps timing from telling
# which names exist.
_DUMMY_HASH = hash_password(secrets.token_hex(16))


def authenticate(session: Session, name: str, password: str) -> User | None:
    """The account when the password is right (disabled or not: the caller says which)."""
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InputError(f"a password has at most {MAX_PASSWORD} characters")


def add_user(session: Session, name: str, role: str, password: str) -> User:
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise InputError(f"a user name is 1 to {MAX_NAME} characters")
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}")
    check_password(password)
    if session.scalar(select(User).where(User.name == name)) is not None:
        raise InputError(f"user {name!r} already exists")
    user = User(name=name, role=role, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        raise NotFoundError(f"no user named {name!r}")
    return user


def set_password(session: Session, name: str, password: str) -> int:
    """New password for ``name``; returns how many of its sessions were ended."""
    check_password(password)
    user = get_user(session, name)
    user.password_hash = hash_password(password)
    return sessions.end_all(session, user)


def disable_user(session: Session, name: str) -> int:
    """Refuse the account's logins from now on; returns how many sessions were ended."""
    user = get_user(session, name)
    if user.disabled_at is None:
        user.disabled_at = datetime.now(UTC)
    return sessions.end_all(session, user)


def enable_user(session: Session, name: str) -> bool:
    """Let the account log in again; False when it was not disabled."""
    user = get_user(session, name)
    was_disabled = user.disabled_at is not None
    user.disabled_at = None
    return was_disabled
