"""The review web app: ``create_app(settings)`` returns the ASGI application.

Server-rendered FastAPI + Jinja2 pages, no JavaScript. Sessions are signed cookies (HttpOnly,
SameSite=Lax) keyed by a random secret persisted in the data directory; every response gets a
strict Content-Security-Policy and anti-framing headers (see :mod:`review.web.plumbing`).
"""

from __future__ import annotations

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
from review.web.plumbing import LoginRequired, make_environment, render, security_headers
from review.web.views import ReconcileCache

STATIC = Path(__file__).with_name("static")
SESSION_MAX_AGE = 12 * 3600


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(title="crosstally review", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.sessionmaker = make_sessionmaker(settings)
    app.state.templates = make_environment()
    app.state.reconciled = ReconcileCache()

    @app.middleware("http")
    async def headers(request: Request, call_next) -> Response:
        response = await call_next(request)
        security_headers(response, request.url.path)
        return response

    # Added last, so it runs first: the session is there for the routes and error pages.
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(settings),
        session_cookie="crosstally_session",
        max_age=SESSION_MAX_AGE,
        same_site="lax",
        https_only=False,  # served on 127.0.0.1 over plain HTTP
    )

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _: LoginRequired) -> Response:
        target = quote(request.url.path, safe="/")
        return RedirectResponse(f"/login?next={target}", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        return render(request, "error.html", status_code=error.status_code, error=error.detail)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError) -> Response:
        return render(request, "error.html", status_code=400, error="bad request")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(actions.router)
    app.include_router(pages.router)
    app.include_router(downloads.router)
    return app
