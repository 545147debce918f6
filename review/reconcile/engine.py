"""Reconcile count claims across sources: measures, independence, checks, series.

``reconcile(session)`` is the one entry point for the CLI, the review UI and ``crosstally run``.
It streams current count claims once (see :mod:`review.reconcile.claimrows`), writes the derived
``Claim.measure``/``Claim.breakdown`` back (only where they changed), groups claims into
assertions per (measure, breakdown, as-of date, originator) — syndicated copies of one text
land in one assertion — and runs the checks of :mod:`review.reconcile.checks` and
:mod:`review.reconcile.arithmetic`.
All grouping is hash-based and linear in the number of claims; nothing compares claims pairwise.
"""

from __future__ import annotations

import gc
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from review.reconcile import arithmetic, checks
from review.reconcile.checks import Assertion, Check, worst
from review.reconcile.claimrows import ClaimReader, ClaimRow
from review.reconcile.duplicates import LinkStats, link_near_duplicates
from review.reconcile.independence import Originators, default_originators, document_clusters
from review.reconcile.measures import Lexicon, default_lexicon
from review.reconcile.result import GroupKey, ReconcileResult, build_rows

UPDATE_BATCH = 20_000


def matches(measure: str | None, wanted: str | None) -> bool:
    """``--measure political_prisoners`` selects every place and period of that measure."""
    if wanted is None:
        return True
    return measure is not None and (measure == wanted or measure.startswith(wanted + "/"))


@dataclass
class _Accumulator:
    groups: dict[GroupKey, dict[str, Assertion]] = field(default_factory=dict)
    updates: list[tuple[str | None, str | None, int]] = field(default_factory=list)
    unmatched: Counter[str] = field(default_factory=Counter)
    checks: list[Check] = field(default_factory=list)
    proximity: dict[int, list[arithmetic.Operand]] = field(default_factory=dict)
    claims: int = 0


def reconcile(
    session: Session,
    measure: str | None = None,
    *,
    lexicon: Lexicon | None = None,
    originators: Originators | None = None,
    link_duplicates: bool = True,
    write: bool = True,
) -> ReconcileResult:
    """Derive measures, link near-duplicates, group and check; flushes but never commits.

    ``lexicon`` and ``originators`` replace the packaged data files; ``link_duplicates=False``
    skips MinHash linking; ``write=False`` is read-only (the review app's use).

    The cyclic garbage collector is paused meanwhile: a million claims make millions of small
    acyclic objects, and full collections over them would cost more than the work itself.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _reconcile(session, measure, lexicon, originators, link_duplicates, write)
    finally:
        if enabled:
            gc.enable()


def _reconcile(
    session: Session,
    measure: str | None,
    lexicon: Lexicon | None,
    originators: Originators | None,
    link_duplicates: bool,
    write: bool,
) -> ReconcileResult:
    lexicon = lexicon or default_lexicon()
    originators = originators or default_originators()
    links = link_near_duplicates(session) if link_duplicates and write else LinkStats(0, 0)
    cluster, leads = document_clusters(session)
    acc = _Accumulator()
    reader = ClaimReader(session, lexicon)
    # The hot loop runs once per claim: locals instead of attribute look-ups.
    groups, updates, normalise = acc.groups, acc.updates, originators.normalise
    with_evidence = reader.documents_with_evidence()
    for claims in reader.documents():
        acc.claims += len(claims)
        said_by = [normalise(row.attributed_to) for row in claims]
        named = frozenset(said_by) - {None}
        short = originators.in_document(named, claims[0].publisher) if named else {}
        for row, origin in zip(claims, said_by, strict=True):
            key_measure, breakdown = row.measure, row.breakdown
            if key_measure != row.stored_measure or breakdown != row.stored_breakdown:
                updates.append((key_measure, breakdown, row.id))
            if key_measure is None:
                acc.unmatched[(row.subject or "").strip()] += 1
                continue
            if measure is not None and not matches(key_measure, measure):
                continue
            root = cluster.get(row.document_id, row.document_id)
            origin = short.get(origin, origin) if origin else _lead(row, root, leads)
            by_origin = groups.get((key_measure, breakdown, row.date))
            if by_origin is None:
                by_origin = groups[(key_measure, breakdown, row.date)] = {}
            assertion = by_origin.get(origin)
            if assertion is None:
                assertion = by_origin[origin] = Assertion(origin)
            assertion.add(row.interval, row.id, row.document_id, root)
        if len(claims) >= 3 and (
            claims[0].document_id in with_evidence or any(c.extra for c in claims)
        ):
            _document_arithmetic(claims, measure, with_evidence, acc)
    if write:
        _write_measures(session, acc.updates)
    acc.checks.extend(arithmetic.by_proximity(session, acc.proximity, lexicon.arithmetic))
    # The first two claims of a stated relation are its operands; the third, its result.
    operands = {c.claim_ids[i] for c in acc.checks if c.kind == "arithmetic" for i in (0, 1)}
    acc.checks.extend(_group_checks(acc.groups, lexicon, operands))
    acc.checks.sort(key=_check_order)
    return ReconcileResult(
        rows=build_rows(acc.groups, acc.checks),
        checks=acc.checks,
        groups=acc.groups,
        unmatched=acc.unmatched,
        claims=acc.claims,
        measures_updated=len(acc.updates) if write else 0,
        links=links,
        lexicon=lexicon,
    )


def _lead(row: ClaimRow, root: int, leads: dict) -> str:
    """No attribution: a cluster speaks for its lead copy, a lone document for its publisher."""
    lead = leads.get(root)
    return lead.publisher if lead is not None else row.publisher


def _document_arithmetic(
    claims: list[ClaimRow], measure: str | None, with_evidence: set[int], acc: _Accumulator
) -> None:
    relevant = [c for c in claims if c.measure is not None and matches(c.measure, measure)]
    if len(relevant) < 3:
        return
    declared = arithmetic.explicit(claims) if any(c.extra for c in claims) else []
    if declared:
        acc.checks.extend(declared)
    elif claims[0].document_id in with_evidence:
        acc.proximity[claims[0].document_id] = arithmetic.operands(claims)


def _without_operands(by_origin: dict[str, Assertion], operands: set[int]) -> dict[str, Assertion]:
    kept = {}
    for origin, assertion in by_origin.items():
        rest = assertion.without(operands)
        if rest is not None:
            kept[origin] = rest
    return kept


def _group_checks(
    groups: dict[GroupKey, dict[str, Assertion]], lexicon: Lexicon, operands: set[int]
) -> list[Check]:
    """Agreement, breakdown sums and series over each originator's figures, the operands of
    stated arithmetic left out (they are checked by their relation instead)."""
    found: list[Check] = []
    slices: dict[tuple[str, str | None], dict[str | None, dict[str, Assertion]]] = defaultdict(dict)
    series: dict[tuple[str, str | None, str], list] = defaultdict(list)
    for (measure, breakdown, date), all_figures in groups.items():
        by_origin = _without_operands(all_figures, operands) if operands else all_figures
        if not by_origin:
            continue
        found.append(checks.agreement(measure, breakdown, date, by_origin))
        slices[(measure, date)][breakdown] = by_origin
        if date is not None and lexicon.is_cumulative(measure):
            for origin, assertion in by_origin.items():
                series[(measure, breakdown, origin)].append((date, assertion))
    for (measure, date), per_slice in slices.items():
        totals = per_slice.get(None, {})
        for origin, total_assertion in totals.items():
            by_axis: dict[str, dict[str, Assertion]] = defaultdict(dict)
            for breakdown, by_origin in per_slice.items():
                axis = lexicon.axis(breakdown)
                if axis is not None and origin in by_origin:
                    by_axis[axis][breakdown] = by_origin[origin]
            if by_axis:
                found.extend(checks.breakdown_sums(measure, date, origin, total_assertion, by_axis))
    for (measure, breakdown, origin), points in series.items():
        if len(points) > 1:
            found.extend(checks.cumulative_series(measure, breakdown, origin, points))
    return found


def _check_order(check: Check) -> tuple:
    return (
        -checks.SEVERITY[check.status],
        check.measure,
        check.date or "",
        check.kind,
        check.breakdown or "",
        check.claim_ids,
    )


# Driver-level executemany of plain tuples: 40 % faster than Core's per-row parameter dicts for
# the million-row first run. The placeholder is the driver's (sqlite3: ?, psycopg: %s).
_UPDATE_SQL = "UPDATE claim SET measure = {0}, breakdown = {0} WHERE id = {0}"


def _write_measures(session: Session, updates: list[tuple[str | None, str | None, int]]) -> None:
    """Write derived measures back, only for rows whose measure or breakdown changed."""
    connection = session.connection()
    placeholder = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    sql = _UPDATE_SQL.format(placeholder)
    for start in range(0, len(updates), UPDATE_BATCH):
        connection.exec_driver_sql(sql, updates[start : start + UPDATE_BATCH])


__all__ = ["ReconcileResult", "matches", "reconcile", "worst"]
