"""The review web app: ``create_app(settings, options)`` returns the ASGI application.

Server-rendered FastAPI + Jinja2 pages, no JavaScript. From the outside in, a request meets:
the Host allow-list and the body-size limit (:mod:`review.web.gate`), the signed session cookie
(HttpOnly, SameSite=Lax, Secure when served over HTTPS; it holds the CSRF token and the token
of a server-side session, :mod:`review.web.sessions`), then the routes. Every response gets a
strict Content-Security-Policy and anti-framing headers (see :mod:`review.web.plumbing`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from crosstally.config import Settings
from crosstally.db import make_sessionmaker
from review.web import actions, downloads, pages
from review.web.auth import session_secret
from review.web.gate import LOOPBACK, BodyLimit, HostAllowlist
from review.web.plumbing import (
    LoginRequired,
    make_environment,
    render_error,
    security_headers,
)
from review.web.sessions import LIFETIME
from review.web.throttle import LIMIT, WINDOW, LoginThrottle

STATIC = Path(__file__).with_name("static")


@dataclass(frozen=True)
class AppOptions:
    """How the app is exposed; ``crosstally review`` builds this from its options."""

    # Host header values served ("name" for any port, "name:port" for one).
    allowed_hosts: tuple[str, ...] = LOOPBACK
    # Mark the session cookie Secure (and name it __Host-...): for HTTPS behind a proxy.
    secure_cookies: bool = False
    login_limit: int = LIMIT
    login_window: float = WINDOW


def cookie_name(options: AppOptions) -> str:
    # The __Host- prefix makes browsers insist on Secure, Path=/ and no Domain.
    return "__Host-crosstally_session" if options.secure_cookies else "crosstally_session"


def create_app(settings: Settings, options: AppOptions | None = None) -> FastAPI:
    options = options or AppOptions()
    app = FastAPI(title="crosstally review", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.sessionmaker = make_sessionmaker(settings)
    app.state.templates = make_environment()
    app.state.throttle = LoginThrottle(options.login_limit, options.login_window)

    @app.middleware("http")
    async def headers(request: Request, call_next) -> Response:
        response = await call_next(request)
        security_headers(response, request.url.path)
        return response

    # Each middleware added wraps the ones before: the last added runs first.
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(settings),
        session_cookie=cookie_name(options),
        max_age=int(LIFETIME.total_seconds()),
        same_site="lax",
        https_only=options.secure_cookies,
    )
    app.add_middleware(BodyLimit)
    app.add_middleware(HostAllowlist, allowed=options.allowed_hosts)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _: LoginRequired) -> Response:
        target = quote(request.url.path, safe="/")
        return RedirectResponse(f"/login?next={target}", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        return render_error(request, error.status_code, str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError) -> Response:
        return render_error(request, 400, _validation_message(error))

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(actions.router)
    app.include_router(pages.router)
    app.include_router(downloads.router)
    return app


def _validation_message(error: RequestValidationError) -> str:
    """Which field was refused and why, never the value sent (it may be huge or hostile)."""
    for problem in error.errors():
        field = str(problem.get("loc", ("", ""))[-1])
        if problem.get("type") == "string_too_long":
            limit = (problem.get("ctx") or {}).get("max_length")
            return f"bad request: {field} is too long (at most {limit} characters)"
        if problem.get("type") == "string_type":
            return f"bad request: {field} must be text (files are not accepted)"
        return f"bad request: {field} is not valid"
    return "bad request"
