"""Plumbing shared by the review app's routes: templates, sessions, users, CSRF, headers.

Scraped text is untrusted. Jinja2 autoescaping is on for every template, no page runs
JavaScript (the CSP forbids it outright), and the archived page, if shown, is isolated in a
sandboxed frame served with its own ``sandbox`` CSP.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy import select
from sqlalchemy.orm import Session

from crosstally.db import session_scope
from models import User
from review.web.auth import csrf_token, csrf_valid

TEMPLATES = Path(__file__).with_name("templates")

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


def make_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = _safe_url
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
    name = request.session.get("user")
    if not name:
        return None
    return session.scalar(select(User).where(User.name == name))


class LoginRequired(Exception):
    """Raised by pages an anonymous visitor may not see: answered with the login page."""


def viewer(request: Request, session: Session) -> User:
    user = current_user(request, session)
    if user is None:
        raise LoginRequired
    return user


async def checked_form(request: Request, session: Session, *, reviewer: bool) -> tuple[Any, User]:
    """The POSTed form once the CSRF token, the login and (for changes) the role check out."""
    form = await request.form()
    if not csrf_valid(request.session, form.get("csrf_token")):
        raise HTTPException(403, "missing or invalid CSRF token")
    user = current_user(request, session)
    if user is None:
        raise HTTPException(403, "log in first")
    if reviewer and user.role != "reviewer":
        raise HTTPException(403, "viewers cannot change anything")
    return form, user


def render(
    request: Request,
    template: str,
    status_code: int = 200,
    user: User | None = None,
    **context: Any,
) -> HTMLResponse:
    env: Environment = request.app.state.templates
    html = env.get_template(template).render(
        user=user,
        csrf_token=csrf_token(request.session),
        flash=request.session.pop("flash", None),
        **context,
    )
    return HTMLResponse(html, status_code=status_code)


def redirect(url: str, flash: str | None = None, request: Request | None = None) -> Response:
    if flash and request is not None:
        request.session["flash"] = flash
    return RedirectResponse(url, status_code=303)
