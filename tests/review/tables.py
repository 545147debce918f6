"""The derived tables' contents, comparable between a refresh and a full run.

Row ids and write times differ from one writer to the next and say nothing about what was
derived; everything else is compared, each table as a sorted list of rows.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import CheckClaim, ClaimFact, ReconcileCheck, ReconcileRow


def _plain(value: Any) -> Any:
    return json.dumps(value, sort_keys=True) if isinstance(value, list | dict) else value


def _rows(session: Session, model, leave_out: tuple[str, ...]) -> list[tuple]:
    columns = [c for c in model.__table__.columns if c.name not in leave_out]
    found = session.execute(select(*columns)).all()
    return sorted((tuple(_plain(v) for v in row) for row in found), key=repr)


def derived_tables(session: Session) -> dict[str, list[tuple]]:
    checks = {
        row[0]: tuple(_plain(v) for v in row[1:])
        for row in session.execute(
            select(*[c for c in ReconcileCheck.__table__.columns if c.name != "computed_at"])
        )
    }
    links = [
        (checks[check_id], claim_id)
        for check_id, claim_id in session.execute(select(CheckClaim.check_id, CheckClaim.claim_id))
    ]
    return {
        "claim_fact": _rows(session, ClaimFact, ("computed_at",)),
        "reconcile_check": sorted(checks.values(), key=repr),
        "reconcile_check_claim": sorted(links, key=repr),
        "reconcile_row": _rows(session, ReconcileRow, ("id", "computed_at")),
    }
