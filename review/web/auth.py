"""Accounts, password hashing, the session secret and CSRF tokens for the review app.

Passwords are hashed with argon2 (argon2-cffi). Sessions are Starlette's signed cookie
(itsdangerous) whose secret is random and kept in the data directory, so restarting the app keeps
people logged in while no secret ever sits in the code or the repository. Every form carries a
per-session CSRF token compared in constant time.
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstally.config import Settings
from crosstally.errors import InputError, NotFoundError
from models import User
from models.claims import ROLES

SECRET_FILE = "review-session.key"
CSRF_KEY = "csrf"
MIN_PASSWORD = 8
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# Verifying against a real hash when the user does not exist keeps timing from telling
# which names exist.
_DUMMY_HASH = hash_password(secrets.token_hex(16))


def authenticate(session: Session, name: str, password: str) -> User | None:
    user = session.scalar(select(User).where(User.name == name))
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return None
    if not verify_password(user.password_hash, password):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def add_user(session: Session, name: str, role: str, password: str) -> User:
    name = name.strip()
    if not name or len(name) > 100:
        raise InputError("a user name is 1 to 100 characters")
    if role not in ROLES:
        raise InputError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise InputError(f"a password needs at least {MIN_PASSWORD} characters")
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


def session_secret(settings: Settings) -> str:
    """The cookie-signing secret, created once (mode 0600) in the data directory."""
    path = Path(settings.data_dir) / SECRET_FILE
    if path.exists():
        secret = path.read_text(encoding="ascii").strip()
        if len(secret) >= 32:
            return secret
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_hex(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(secret + "\n")
    return secret


def csrf_token(cookie_session: dict) -> str:
    """This session's token, made on first use (also for the anonymous login form)."""
    token = cookie_session.get(CSRF_KEY)
    if not token:
        token = cookie_session[CSRF_KEY] = secrets.token_urlsafe(32)
    return token


def csrf_valid(cookie_session: dict, submitted: object) -> bool:
    expected = cookie_session.get(CSRF_KEY)
    if not expected or not isinstance(submitted, str):
        return False
    return hmac.compare_digest(expected.encode(), submitted.encode())
