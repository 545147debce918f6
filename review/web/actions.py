"""POST routes: log in and out, decide on a claim, merge persons.

Every POST is refused (403) without this session's CSRF token; every change is refused (403)
to anyone but a logged-in reviewer. Decisions add rows; nothing here edits a claim. A decision
that can change a figure refreshes reconciliation's derived tables for what it touches
(:mod:`review.reconcile.refresh`) in the same transaction.

The routes are plain functions, so FastAPI runs them in its thread pool: argon2's deliberately
slow password check never holds up the event loop that serves everyone else's pages.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from crosstally.errors import CrosstallyError, InputError
from models import Claim
from review import decisions
from review.reconcile.refresh import refresh
from review.web import sessions
from review.web.accounts import authenticate
from review.web.auth import csrf_token
from review.web.forms import DecideForm, LoginForm, MergeForm, TokenForm
from review.web.plumbing import (
    MAX_ROW_ID,
    SESSION_KEY,
    RowId,
    db,
    poster,
    redirect,
    render,
    require_csrf,
)
from review.web.throttle import login_keys

router = APIRouter()
DB = Annotated[Session, Depends(db)]
RECONCILED_ACTIONS = frozenset({"accept", "reject", "correct"})  # a note changes no figure


@router.get("/login")
def login_page(request: Request) -> Response:
    return render(request, "login.html", next=request.query_params.get("next", "/"))


@router.post("/login")
def login(request: Request, session: DB, form: Annotated[LoginForm, Form()]) -> Response:
    require_csrf(request, form.csrf_token)
    address = request.client.host if request.client else "unknown"
    keys = login_keys(form.name, address)
    throttle = request.app.state.throttle
    wait = throttle.attempt(keys)
    if wait is not None:
        message = f"Too many failed logins: try again in {wait} seconds."
        headers = {"Retry-After": str(wait)}
        return render(request, "login.html", 429, headers=headers, error=message, next=form.next)
    user = authenticate(session, form.name, form.password)
    if user is None or user.disabled_at is not None:
        error = "Wrong name or password." if user is None else "This account is disabled."
        return render(request, "login.html", 401, error=error, next=form.next)
    throttle.succeeded(keys[0], keys[1:])
    # A fresh cookie session on login: no fixation, and a new CSRF token.
    request.session.clear()
    request.session[SESSION_KEY] = sessions.start(session, user)
    csrf_token(request.session)
    user.last_login_at = datetime.now(UTC)
    session.commit()
    return redirect(_on_this_site(form.next))


@router.post("/logout")
def logout(request: Request, session: DB, form: Annotated[TokenForm, Form()]) -> Response:
    require_csrf(request, form.csrf_token)
    token = request.session.get(SESSION_KEY)
    if isinstance(token, str):
        sessions.end(session, token)
        session.commit()
    request.session.clear()
    return redirect("/login")


@router.post("/claims/{claim_id}/decide")
def decide(
    request: Request, claim_id: RowId, session: DB, form: Annotated[DecideForm, Form()]
) -> Response:
    user = poster(request, session, form.csrf_token, reviewer=True)
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise HTTPException(404, "no such claim")
    action = form.action
    changes = form.changes(decisions.CORRECTABLE) if action == "correct" else {}
    try:
        decisions.record(session, claim, action, user.name, changes=changes, note=form.note)
    except CrosstallyError as error:
        return redirect(f"/claims/{claim_id}", f"Not saved: {error}", request)
    if action in RECONCILED_ACTIONS:
        # in the decision's transaction: every page and export reads the derived tables, so
        # they show the decision's consequences from the moment it is saved
        refresh(session, [claim.id])
    session.commit()  # before the redirect is answered, so the next page sees the decision
    return redirect(f"/claims/{claim_id}", f"Saved: {action}.", request)


@router.post("/persons/merge")
def merge(request: Request, session: DB, form: Annotated[MergeForm, Form()]) -> Response:
    user = poster(request, session, form.csrf_token, reviewer=True)
    try:
        source_id, target_id = _person_id(form.source_id), _person_id(form.target_id)
        decisions.merge_persons(session, source_id, target_id, user.name, form.note)
    except CrosstallyError as error:
        return redirect("/persons", f"Not merged: {error}", request)
    session.commit()
    return redirect("/persons", f"Merged person {source_id} into {target_id}.", request)


def _on_this_site(target: str) -> str:
    r"""``target`` when it is a path of this app, else "/" (no open redirect after login).

    Browsers read a backslash as a slash and drop tabs and newlines from a URL, so "/\x.example"
    and "/", tab, "/x.example" would leave the site as surely as "//x.example".
    """
    if not target.startswith("/") or target.startswith("//"):
        return "/"
    return "/" if any(char in target for char in "\\\t\r\n") else target


def _person_id(text: str) -> int:
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_ROW_ID:
        raise InputError("person ids are whole numbers such as 12")
    return int(text)
