"""Read-only pages of the review app: queue, claim, measures, chart, archive, persons."""

from __future__ import annotations

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
from review.reconcile import read as derived
from review.reconcile.measures import default_lexicon
from review.reconcile.result import series
from review.web.chart import render_svg
from review.web.inert import charset_of, inert_html
from review.web.plumbing import RowId, db, render, viewer
from review.web.views import highlight, queue

router = APIRouter()
DB = Annotated[Session, Depends(db)]
QUALIFIER_CHOICES = ("exact", "more_than", "at_least", "about", "up_to", "less_than")
MEASURE_FLAGS = 200  # flagged checks listed on a measure page (the worst first)
MEASURE_ROWS = 120  # rows of the reconciliation table per page of a measure, latest first


@router.get("/", response_class=HTMLResponse)
def queue_page(request: Request, session: DB) -> HTMLResponse:
    user = viewer(request, session)
    items = queue(session)
    return render(request, "queue.html", user=user, items=items, **_reconciled(session))


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
    fact = derived.fact_of(session, claim.id)
    row = derived.row_of(session, fact) if fact is not None else None
    history = session.scalars(
        select(ReviewDecision)
        .where(ReviewDecision.review_key == claim.review_key)
        .order_by(ReviewDecision.decided_at, ReviewDecision.id)
    ).all()
    values = effective_values(claim, state)
    person_id = resolve_person(session, values["person_id"])
    person = session.get(Person, person_id) if person_id is not None else None
    review_status = "pending" if state is None else state.status(digest)
    return render(
        request,
        "claim.html",
        user=user,
        claim=claim,
        document=document,
        source=source,
        capture=capture,
        segments=highlight(document.text, [(e.start, e.end) for e in claim.evidence]),
        review_status=review_status,
        state=state,
        values=values,
        person=person,
        fields=CORRECTABLE,
        qualifiers=QUALIFIER_CHOICES,
        fact=fact,
        unreconciled=_why_no_fact(session, claim, review_status) if fact is None else None,
        flag=fact.status if fact is not None and fact.status != "ok" else None,
        checks=derived.checks_of(session, claim.id) if fact is not None else [],
        others=row.points if row is not None else [],
        history=history,
    )


def _why_no_fact(session: Session, claim: Claim, review_status: str) -> str | None:
    """Why reconciliation says nothing about this claim (None for an arrest)."""
    if claim.kind != "count":
        return None
    if claim.superseded:
        return "superseded by a newer extraction: reconciliation reads the current one"
    if review_status == "rejected":
        return "rejected: left out of reconciliation"
    if not derived.reconciled(session):
        return derived.NEVER_RAN
    return "extracted since the last reconciliation: run `crosstally reconcile`"


def _reconciled(session: Session) -> dict[str, str | None]:
    return {"not_reconciled": None if derived.reconciled(session) else derived.NEVER_RAN}


@router.get("/measures", response_class=HTMLResponse)
def measures_page(request: Request, session: DB) -> HTMLResponse:
    user = viewer(request, session)
    measures = [
        {
            "key": m.key,
            "label": label_of(m.key),
            "rows": m.rows,
            "status": m.status,
            "counts": m.counts,
        }
        for m in derived.measures(session)
    ]
    return render(request, "measures.html", user=user, measures=measures, **_reconciled(session))


def label_of(key: str) -> str:
    """ "Political prisoners — Venezuela": the measure's label, then where (and since when)."""
    label = default_lexicon().label(key)
    rest = key.split("/", 1)[1] if "/" in key else ""
    return f"{label} — {rest}" if rest else label


def _measure(session: Session, key: str) -> str:
    if not derived.measure_exists(session, key):
        raise HTTPException(404, "no such measure")
    return label_of(key)


@router.get("/measures/{key:path}/chart.svg")
def chart(request: Request, key: str, session: DB) -> Response:
    viewer(request, session)
    label = _measure(session, key)
    svg = render_svg(key, label, series(derived.totals(session, key), key))
    return Response(svg, media_type="image/svg+xml")


@router.get("/measures/{key:path}", response_class=HTMLResponse)
def measure_page(request: Request, key: str, session: DB) -> HTMLResponse:
    user = viewer(request, session)
    label = _measure(session, key)
    page = _page_number(request.query_params.get("page"))
    rows, total = derived.latest_rows(session, key, MEASURE_ROWS, (page - 1) * MEASURE_ROWS)
    flagged, counts = derived.measure_checks(session, key, MEASURE_FLAGS)
    return render(
        request,
        "measure.html",
        user=user,
        key=key,
        label=label,
        rows=rows,
        page=page,
        pages=max(1, -(-total // MEASURE_ROWS)),
        checks=flagged,
        check_counts=sorted(counts.items()),
        more_flags=sum(n for (_, status), n in counts.items() if status in derived.FLAGS)
        - len(flagged),
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


def _page_number(text: str | None) -> int:
    """ "?page=3" as 3; anything that is not a page number from 1 to 10,000 is refused."""
    if text is None:
        return 1
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 10_000:
        raise HTTPException(400, "page must be a whole number from 1")
    return int(text)
