"""Plumbing shared by the review app's routes: templates, sessions, users, CSRF, headers.

Scraped text is untrusted. Jinja2 autoescaping is on for every template, no page runs
JavaScript (the CSP forbids it outright), text put into a link is percent-encoded, and the
archived page, if shown, is isolated in a sandboxed frame served with its own ``sandbox`` CSP.

Error pages never write the session cookie: a forged cross-site POST arrives without the
cookie (SameSite=Lax), and answering it with a fresh cookie would log the analyst out.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import HTTPException, Request
from fastapi import Path as PathParameter
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy.orm import Session

from crosstally.db import session_scope
from models import User
from review.web import sessions
from review.web.auth import CSRF_KEY, csrf_token, csrf_valid

TEMPLATES = Path(__file__).with_name("templates")
SESSION_KEY = "sid"  # the server-side session's token, inside the signed cookie
FLASH_KEY = "flash"
MAX_FLASH = 300  # a message travels in the cookie: never let input make it large
# Row ids in URLs: larger numbers cannot name a row (SQLite integers are 64-bit), and asking
# the database for one fails instead of finding nothing.
MAX_ROW_ID = 2**63 - 1
RowId = Annotated[int, PathParameter(ge=1, le=MAX_ROW_ID)]

APP_CSP = (
    "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'; img-src 'self'; style-src 'self'; "
    "frame-src 'self'"
)
# For the archived page inside our sandboxed frame: no scripts, no requests, only its own CSS.
ARCHIVE_CSP = (
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; frame-ancestors 'self'"
)
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"


def _safe_url(url: str | None) -> str | None:
    """Only http(s) links are rendered as links; "javascript:" and friends become text."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def _path_part(value: object) -> str:
    """Free text (a measure key holds a crawled place) as one URL path segment.

    Slashes are encoded too: ``..`` must never become a path segment the browser resolves.
    """
    return quote(str(value), safe="")


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = _safe_url
    env.filters["path_part"] = _path_part
    return env


def security_headers(response: Response, path: str) -> None:
    if path.endswith("/archive/raw"):
        csp, frame = ARCHIVE_CSP, "SAMEORIGIN"
    elif path.endswith(".svg"):
        csp, frame = SVG_CSP, "DENY"
    else:
        csp, frame = APP_CSP, "DENY"
    response.headers.setdefault("Content-Security-Policy", csp)
    response.headers["X-Frame-Options"] = frame
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers.setdefault("Cache-Control", "no-store")


def db(request: Request) -> Iterator[Session]:
    with session_scope(request.app.state.sessionmaker) as session:
        yield session


def current_user(request: Request, session: Session) -> User | None:
    token = request.session.get(SESSION_KEY)
    if not isinstance(token, str):
        return None
    user = sessions.user_for(session, token)
    if user is None:
        del request.session[SESSION_KEY]  # ended or expired: stop sending it
    return user


class LoginRequired(Exception):
    """Raised by pages an anonymous visitor may not see: answered with the login page."""


def viewer(request: Request, session: Session) -> User:
    user = current_user(request, session)
    if user is None:
        raise LoginRequired
    return user


def require_csrf(request: Request, submitted: str) -> None:
    if not csrf_valid(request.session, submitted):
        raise HTTPException(403, "missing or invalid CSRF token")


def poster(request: Request, session: Session, submitted_token: str, *, reviewer: bool) -> User:
    """Who sent a POST, once its CSRF token, the login and (for changes) the role check out."""
    require_csrf(request, submitted_token)
    user = current_user(request, session)
    if user is None:
        raise HTTPException(403, "log in first")
    if reviewer and user.role != "reviewer":
        raise HTTPException(403, "viewers cannot change anything")
    return user


def render(
    request: Request,
    template: str,
    status_code: int = 200,
    user: User | None = None,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    env: Environment = request.app.state.templates
    html = env.get_template(template).render(
        user=user,
        csrf_token=csrf_token(request.session),
        flash=request.session.pop(FLASH_KEY, None),
        **context,
    )
    return HTMLResponse(html, status_code=status_code, headers=headers)


def render_error(request: Request, status_code: int, message: str) -> HTMLResponse:
    """An error page that reads the session cookie at most, never writes it."""
    env: Environment = request.app.state.templates
    session = request.scope.get("session") or {}
    html = env.get_template("error.html").render(
        user=None, csrf_token=session.get(CSRF_KEY, ""), flash=None, error=message
    )
    return HTMLResponse(html, status_code=status_code)


def redirect(url: str, flash: str | None = None, request: Request | None = None) -> Response:
    if flash and request is not None:
        request.session[FLASH_KEY] = flash[:MAX_FLASH]
    return RedirectResponse(url, status_code=303)
