"""Export downloads from the review app, through the same registry as ``crosstally export``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from crosstally.errors import ConfigError
from review.exporters import get_exporter, names
from review.exporters.rows import ExportFilter, export_rows
from review.reconcile.read import NEVER_RAN, NotReconciled, reconciled
from review.web.plumbing import db, render, viewer

router = APIRouter()
DB = Annotated[Session, Depends(db)]


@router.get("/export", response_class=HTMLResponse)
def export_page(request: Request, session: DB) -> HTMLResponse:
    user = viewer(request, session)
    waiting = None if reconciled(session) else NEVER_RAN
    return render(request, "export.html", user=user, formats=names(), not_reconciled=waiting)


@router.get("/export/claims.{name}")
def download(request: Request, name: str, session: DB) -> Response:
    viewer(request, session)
    try:
        exporter = get_exporter(name)
    except ConfigError:
        raise HTTPException(404, "unknown export format") from None
    everything = request.query_params.get("all") == "1"
    wanted = ExportFilter(statuses=None) if everything else ExportFilter()
    try:
        rows = export_rows(session, wanted)
    except NotReconciled as error:
        raise HTTPException(409, f"nothing exported: {error}") from None
    body = exporter.render(rows)
    filename = f"claims.{exporter.extension}"
    return Response(
        body,
        media_type=exporter.media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
