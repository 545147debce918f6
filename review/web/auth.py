"""Password hashing, the cookie-signing secret and CSRF tokens for the review app.

Passwords are hashed with argon2id (argon2-cffi). The browser's cookie is Starlette's signed
cookie (itsdangerous); it carries the CSRF token, one-shot messages and the token of a
server-side session (:mod:`review.web.sessions`), never the login itself. Its secret is random
and kept in the data directory, so restarting the app keeps people logged in while no secret
ever sits in the code or the repository. Every form carries the CSRF token, compared in
constant time.
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from crosstally.config import Settings

SECRET_FILE = "review-session.key"
CSRF_KEY = "csrf"
_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def session_secret(settings: Settings) -> str:
    """The cookie-signing secret, created once (mode 0600) in the data directory."""
    path = Path(settings.data_dir) / SECRET_FILE
    if path.exists():
        secret = path.read_text(encoding="ascii").strip()
        if len(secret) >= 32:
            return secret
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
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
