"""POST routes: log in and out, decide on a claim, merge persons.

Every POST is refused (403) without this session's CSRF token; every change is refused (403)
to anyone but a logged-in reviewer. Decisions add rows; nothing here edits a claim.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from crosstally.errors import CrosstallyError
from models import Claim
from review import decisions
from review.web.auth import authenticate, csrf_token, csrf_valid
from review.web.plumbing import checked_form, db, redirect, render

router = APIRouter()
DB = Annotated[Session, Depends(db)]


@router.get("/login")
def login_page(request: Request) -> Response:
    return render(request, "login.html", next=request.query_params.get("next", "/"))


@router.post("/login")
async def login(request: Request, session: DB) -> Response:
    form = await request.form()
    if not csrf_valid(request.session, form.get("csrf_token")):
        raise HTTPException(403, "missing or invalid CSRF token")
    user = authenticate(session, str(form.get("name", "")), str(form.get("password", "")))
    if user is None:
        return render(
            request, "login.html", status_code=401, error="Wrong name or password.", next="/"
        )
    # A fresh session on login: no fixation, and a new CSRF token.
    request.session.clear()
    request.session["user"] = user.name
    csrf_token(request.session)
    user.last_login_at = datetime.now(UTC)
    session.commit()
    target = str(form.get("next") or "/")
    return redirect(target if target.startswith("/") and not target.startswith("//") else "/")


@router.post("/logout")
async def logout(request: Request, session: DB) -> Response:
    form = await request.form()
    if not csrf_valid(request.session, form.get("csrf_token")):
        raise HTTPException(403, "missing or invalid CSRF token")
    request.session.clear()
    return redirect("/login")


@router.post("/claims/{claim_id}/decide")
async def decide(request: Request, claim_id: int, session: DB) -> Response:
    form, user = await checked_form(request, session, reviewer=True)
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise HTTPException(404, "no such claim")
    action = str(form.get("action", ""))
    changes = {name: form.get(name) for name in decisions.CORRECTABLE if name in form}
    try:
        decisions.record(
            session, claim, action, user.name, changes=changes, note=str(form.get("note") or "")
        )
    except CrosstallyError as error:
        return redirect(f"/claims/{claim_id}", f"Not saved: {error}", request)
    session.commit()  # before the redirect is answered, so the next page sees the decision
    return redirect(f"/claims/{claim_id}", f"Saved: {action}.", request)


@router.post("/persons/merge")
async def merge(request: Request, session: DB) -> Response:
    form, user = await checked_form(request, session, reviewer=True)
    try:
        source_id, target_id = int(form.get("source_id", "")), int(form.get("target_id", ""))
        note = str(form.get("note") or "")
        decisions.merge_persons(session, source_id, target_id, user.name, note)
    except (ValueError, CrosstallyError) as error:
        return redirect("/persons", f"Not merged: {error}", request)
    session.commit()
    return redirect("/persons", f"Merged person {source_id} into {target_id}.", request)
