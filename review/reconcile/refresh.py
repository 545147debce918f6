"""Reconcile again after an analyst's decision, touching only what the decision can change.

A decision (accept, reject, correct) changes what one claim says, and so the facts of its
document (a part takes its total's measure, place and date) and the checks of the families
(measure and place) those facts were in before and are in after. :func:`refresh` re-derives
those documents (:func:`review.reconcile.facts.derive`, then the archive-level decisions of
:func:`review.reconcile.context.settle` against a context read from ``claim_fact``), checks
again the families where a fact changed, came or went, over their stored facts
(:mod:`review.reconcile.rowfacts`), with the engine's own
:func:`~review.reconcile.engine.group_checks` and
:func:`~review.reconcile.engine.document_checks`, and replaces the facts, checks, rows and
statuses that changed. What it writes equals what a full run would write unless the decision
changes an archive-level reading of other documents (an originator's acronym or country that
other documents' figures took): those are read again by the next full run. Its cost is that
of checking the touched families whole: an acceptance that changes no figure costs a
document's derivation, a correction in a family of half a million figures several seconds.

A database that was never reconciled is left alone: one refreshed document would make the
tables look reconciled when they are not.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import CheckClaim, Claim, ClaimFact, ReconcileCheck, ReviewDecision
from review.reconcile import engine, store
from review.reconcile.checks import SEVERITY, Check
from review.reconcile.claimrows import ClaimReader
from review.reconcile.context import ArchiveContext, settle
from review.reconcile.facts import Fact, derive
from review.reconcile.independence import Originators, default_originators, document_clusters
from review.reconcile.measures import Lexicon, default_lexicon
from review.reconcile.places import known_country
from review.reconcile.read import reconciled
from review.reconcile.result import ReconcileResult, agreeing, rows_of
from review.reconcile.rowfacts import family_facts

FLAGGED = tuple(status for status, level in SEVERITY.items() if level > 0)


@dataclass(frozen=True)
class Refreshed:
    documents: int
    families: int
    facts: int  # facts checked again
    checks: int  # checks written


def refresh(
    session: Session,
    claim_ids: Iterable[int],
    *,
    lexicon: Lexicon | None = None,
    originators: Originators | None = None,
) -> Refreshed | None:
    """Re-derive the documents of ``claim_ids`` and check their families again; flushes, never
    commits. None when the database was never reconciled."""
    store.lock(session)
    if not reconciled(session):
        return None
    lexicon = lexicon or default_lexicon()
    originators = originators or default_originators()
    ids = sorted(set(claim_ids))
    documents = sorted(
        set(session.scalars(select(Claim.document_id).where(Claim.id.in_(ids))))
    ) if ids else []  # fmt: skip
    if not documents:
        return Refreshed(0, 0, 0, 0)
    enabled = gc.isenabled()
    gc.disable()  # many small acyclic objects, as in a full run
    try:
        return _refresh(session, documents, lexicon, originators)
    finally:
        if enabled:
            gc.enable()


def _refresh(
    session: Session, documents: list[int], lexicon: Lexicon, originators: Originators
) -> Refreshed:
    before = _stored(session, documents)
    new = _derived(session, documents, lexicon, originators)
    # Only families with a fact that changed (or came or went) are checked again: checks
    # across documents read nothing but their family's facts.
    families = _changed(before, new)
    while True:
        facts, stored = _with_families(session, new, families, documents)
        in_families = [f for f in facts if f.family in families]
        found = engine.group_checks(in_families)
        for document in documents:
            found.extend(engine.document_checks([f for f in new if f.document_id == document]))
        flags = [
            *found,
            *_flags_within_other_documents(session, documents),
            *_flags_across_other_families(session, [f.claim_id for f in new], families),
        ]
        status = store.statuses(flags)
        # a fact whose status moved in a family kept as it was (a part in a region's family
        # under a breakdown that stopped adding up) changes that family's rows: check it too
        moved = {
            f.family
            for f in new
            if f.family is not None
            and f.family not in families
            and status.get(f.claim_id, "ok") != before.get(f.claim_id, (None, (), "ok"))[2]
        }
        if not moved:
            break
        families |= moved
    store.delete_checks(session, families=families, documents=documents)
    store.delete_facts(session, documents)
    store.delete_rows(session, families)
    store.write_facts(session, new, status)
    store.write_checks(session, found, {f.claim_id: f for f in facts})
    store.update_statuses(
        session,
        {cid: status.get(cid, "ok") for cid, was in stored.items() if status.get(cid, "ok") != was},
    )
    store.write_rows(session, rows_of(in_families, status, agreeing(found)))
    return Refreshed(len(documents), len(families), len(in_families), len(found))


def _stored(session: Session, documents: list[int]) -> dict[int, tuple[str | None, tuple, str]]:
    """The documents' stored facts: claim id -> (family, the row as written, status)."""
    columns = [getattr(ClaimFact, name) for name in store.FACT_COLUMNS]
    rows = session.execute(select(*columns).where(ClaimFact.document_id.in_(documents)))
    width = len(store.FACT_COLUMNS) - 2  # status and write time last
    family = store.FACT_COLUMNS.index("family")
    return {row[0]: (row[family], tuple(row[:width]), row[width]) for row in rows}


def _changed(before: dict[int, tuple[str | None, tuple, str]], new: list[Fact]) -> set[str]:
    """Families of the facts that differ from what is stored, came or went."""
    rows = {f.claim_id: (f.family, store.fact_row(f, "", None)[:-2]) for f in new}
    families: set[str] = set()
    for cid in before.keys() | rows.keys():
        was, now = before.get(cid), rows.get(cid)
        if was is None or now is None or was[1] != now[1]:
            families.update(x[0] for x in (was, now) if x is not None and x[0] is not None)
    return families


def _with_families(
    session: Session, new: list[Fact], families: set[str], documents: list[int]
) -> tuple[list[Fact], dict[int, str]]:
    """The new facts and the stored facts of ``families`` (other documents'), in the order a
    full run derives them, and the stored facts' statuses."""
    stored: dict[int, str] = {}
    facts: list[Fact] = list(new)
    for fact, status in family_facts(session, families, leaving_out=documents):
        facts.append(fact)
        stored[fact.claim_id] = status
    facts.sort(key=lambda f: (f.document_id, f.claim_id))
    return facts, stored


def _derived(
    session: Session, documents: list[int], lexicon: Lexicon, originators: Originators
) -> list[Fact]:
    """The documents' facts as a full run derives them, archive-level decisions included."""
    clusters = dict(
        session.execute(
            select(ClaimFact.document_id, ClaimFact.cluster_id)
            .where(ClaimFact.document_id.in_(documents))
            .distinct()
        ).all()
    )
    if len(clusters) < len(documents):
        clusters = {**document_clusters(session)[0], **clusters}
    new: list[Fact] = []
    for claims in ClaimReader(session, documents=documents).documents():
        doc = claims[0].document_id
        new.extend(derive(claims, clusters.get(doc, doc), lexicon, originators))
    settle(new, archive_context(session, new, documents), originators)
    return new


def archive_context(session: Session, facts: list[Fact], documents: list[int]) -> ArchiveContext:
    """What a full run would learn from the whole archive, for these facts: acronyms and
    originators' countries from the other documents' stored facts, then these facts' own."""
    context = ArchiveContext()
    connection = session.connection()
    others = ClaimFact.document_id.not_in(documents)
    acronyms = {f.acronym for f in facts if f.acronym} | {
        f.originator for f in facts if f.originator
    }
    for acronym, name in connection.execute(
        select(ClaimFact.originator_acronym, ClaimFact.originator)
        .where(ClaimFact.originator_acronym.in_(sorted(acronyms)), others)
        .order_by(ClaimFact.document_id, ClaimFact.claim_id)
    ):
        if name and name != acronym:
            context.acronyms.setdefault(acronym, name)
    named = {f.originator for f in facts if f.originator} | set(context.acronyms.values())
    for name, country in connection.execute(
        select(ClaimFact.originator, ClaimFact.country)
        .where(ClaimFact.originator.in_(sorted(named)), ClaimFact.country.is_not(None), others)
        .distinct()
    ):
        if known_country(country):
            context.originator_countries.setdefault(name, set()).add(country)
    if any(f.country is None or not known_country(f.country) for f in facts):
        context.countries.update(_countries(session))
    context.learn(facts)
    return context


def _countries(session: Session) -> set[str]:
    """Every country a stored figure is placed in, one index probe per country (a DISTINCT
    would read the whole index: an entry per fact)."""
    found: set[str] = set()
    last: str | None = ""
    while last is not None:
        last = session.scalar(select(func.min(ClaimFact.country)).where(ClaimFact.country > last))
        if last is not None:
            found.add(last)
    return found


def _flags_across_other_families(
    session: Session, claim_ids: list[int], families: set[str]
) -> list[Check]:
    """Flagged checks across documents, of families not checked again, that these claims
    stand in: they still set the claims' statuses."""
    rows = session.execute(
        select(ReconcileCheck.status, ReconcileCheck.claim_ids)
        .join(CheckClaim, CheckClaim.check_id == ReconcileCheck.id)
        .where(
            CheckClaim.claim_id.in_(claim_ids),
            ReconcileCheck.family.is_not(None),
            ReconcileCheck.family.not_in(sorted(families)),
            ReconcileCheck.status.in_(FLAGGED),
        )
    )
    return [Check("", status, "", None, tuple(ids), "") for status, ids in rows]


def _flags_within_other_documents(session: Session, documents: list[int]) -> list[Check]:
    """Flagged checks within documents not derived again: they still set their claims'
    statuses (within-document checks that agree set none)."""
    rows = session.execute(
        select(ReconcileCheck.status, ReconcileCheck.claim_ids).where(
            ReconcileCheck.document_id.is_not(None),
            ReconcileCheck.document_id.not_in(documents),
            ReconcileCheck.status.in_(FLAGGED),
        )
    )
    return [Check("", status, "", None, tuple(ids), "") for status, ids in rows]


def full_run(session: Session, **options) -> ReconcileResult:
    """A full :func:`review.reconcile.engine.reconcile`, then a refresh of the claims decided
    on while it ran: the run read the decisions before it took the tables' write lock, and a
    decision saved in between would otherwise be missing from what it wrote."""
    mark = session.scalar(select(func.max(ReviewDecision.id))) or 0
    result = engine.reconcile(session, **options)
    late = session.scalars(
        select(ReviewDecision.claim_id).where(
            ReviewDecision.id > mark, ReviewDecision.claim_id.is_not(None)
        )
    ).all()
    if late:
        refresh(session, late)
    return result
