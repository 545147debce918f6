"""Read-only pages of the review app: queue, claim, measures, chart, archive, persons."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import Capture, Claim, Document, Person, ReviewDecision, Source
from review.decisions import (
    CORRECTABLE,
    current_digests,
    effective_values,
    load_states,
    resolve_person,
)
from review.reconcile.checks import worst
from review.web.chart import render_svg
from review.web.inert import charset_of, inert_html
from review.web.plumbing import RowId, db, render, viewer
from review.web.views import highlight, queue

router = APIRouter()
DB = Annotated[Session, Depends(db)]
QUALIFIER_CHOICES = ("exact", "more_than", "at_least", "about", "up_to", "less_than")


@router.get("/", response_class=HTMLResponse)
def queue_page(request: Request, session: DB) -> HTMLResponse:
    user = viewer(request, session)
    result = request.app.state.reconciled.get(session)
    items = queue(session, result)
    return render(request, "queue.html", user=user, items=items)


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim_page(request: Request, claim_id: RowId, session: DB) -> HTMLResponse:
    user = viewer(request, session)
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise HTTPException(404, "no such claim")
    document = session.get(Document, claim.document_id)
    source = session.get(Source, document.source_id)
    capture = session.get(Capture, document.capture_id)
    state = load_states(session, [claim.review_key]).get(claim.review_key)
    digest = current_digests(session, [claim.id])[claim.id]
    cache = request.app.state.reconciled
    result = cache.get(session)
    key = cache.key_of(claim.id)
    others = result.series(key[0]) if key is not None else []
    history = session.scalars(
        select(ReviewDecision)
        .where(ReviewDecision.review_key == claim.review_key)
        .order_by(ReviewDecision.decided_at, ReviewDecision.id)
    ).all()
    values = effective_values(claim, state)
    person_id = resolve_person(session, values["person_id"])
    person = session.get(Person, person_id) if person_id is not None else None
    return render(
        request,
        "claim.html",
        user=user,
        claim=claim,
        document=document,
        source=source,
        capture=capture,
        segments=highlight(document.text, [(e.start, e.end) for e in claim.evidence]),
        review_status="pending" if state is None else state.status(digest),
        state=state,
        values=values,
        person=person,
        fields=CORRECTABLE,
        qualifiers=QUALIFIER_CHOICES,
        measure=key,
        flag=result.flags.get(claim.id),
        others=others,
        history=history,
    )


@router.get("/measures", response_class=HTMLResponse)
def measures_page(request: Request, session: DB) -> HTMLResponse:
    user = viewer(request, session)
    result = request.app.state.reconciled.get(session)
    statuses: dict[str, list[str]] = {}
    for row in result.rows:
        statuses.setdefault(row.measure, []).append(row.status)
    measures = [
        {
            "key": key,
            "label": result.lexicon.label(key),
            "rows": len(statuses[key]),
            "status": worst(statuses[key]),
            "counts": Counter(statuses[key]),
        }
        for key in result.measures
    ]
    return render(request, "measures.html", user=user, measures=measures)


def _measure(request: Request, session: Session, key: str):
    result = request.app.state.reconciled.get(session)
    if key not in result.measures:
        raise HTTPException(404, "no such measure")
    return result


@router.get("/measures/{key:path}/chart.svg")
def chart(request: Request, key: str, session: DB) -> Response:
    viewer(request, session)
    result = _measure(request, session, key)
    svg = render_svg(key, result.lexicon.label(key), result.series(key))
    return Response(svg, media_type="image/svg+xml")


@router.get("/measures/{key:path}", response_class=HTMLResponse)
def measure_page(request: Request, key: str, session: DB) -> HTMLResponse:
    user = viewer(request, session)
    result = _measure(request, session, key)
    return render(
        request,
        "measure.html",
        user=user,
        key=key,
        label=result.lexicon.label(key),
        rows=[r for r in result.rows if r.measure == key],
        checks=[c for c in result.checks_for(key) if c.kind != "agreement"],
    )


@router.get("/documents/{document_id}/archive", response_class=HTMLResponse)
def archive_page(request: Request, document_id: RowId, session: DB) -> HTMLResponse:
    user = viewer(request, session)
    document = session.get(Document, document_id)
    if document is None:
        raise HTTPException(404, "no such document")
    capture = session.get(Capture, document.capture_id)
    return render(request, "archive.html", user=user, document=document, capture=capture)


@router.get("/documents/{document_id}/archive/raw")
def archive_raw(request: Request, document_id: RowId, session: DB) -> Response:
    """The archived page made inert (:mod:`review.web.inert`), under a ``sandbox`` CSP, for a
    frame."""
    viewer(request, session)
    document = session.get(Document, document_id)
    if document is None:
        raise HTTPException(404, "no such document")
    capture = session.get(Capture, document.capture_id)
    try:
        from crawler.archive import read_capture

        archived = read_capture(request.app.state.settings.data_dir, capture)
    except (ImportError, OSError, ValueError) as error:
        raise HTTPException(404, f"archived copy unavailable: {error}") from None
    content_type = capture.content_type or ""
    if "html" not in content_type:
        return Response(archived.body, media_type="text/plain")
    page = inert_html(archived.body, charset_of(content_type))
    return Response(page, media_type="text/html; charset=utf-8")


@router.get("/persons", response_class=HTMLResponse)
def persons_page(request: Request, session: DB) -> HTMLResponse:
    user = viewer(request, session)
    arrests = dict(
        session.execute(
            select(Claim.person_id, func.count(Claim.id))
            .where(Claim.kind == "arrest", Claim.superseded.is_(False))
            .group_by(Claim.person_id)
        ).all()
    )
    persons = session.scalars(select(Person).order_by(Person.name, Person.id).limit(1000)).all()
    return render(request, "persons.html", user=user, persons=persons, arrests=arrests)
