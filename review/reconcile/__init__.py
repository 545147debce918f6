"""The reconciliation engine: what each claim is about, who counted it, and whether the sources
agree.

``reconcile(session)`` runs it over the whole archive and writes the derived tables
(``claim_fact``, ``reconcile_check``, ``reconcile_check_claim``, ``reconcile_row``);
``refresh.refresh(session, claim_ids)`` brings them up to date after an analyst's decision;
``read`` is how the CLI, the review app and the exporters read them, so each says about a
claim what the others say. Modules, one job each: ``claimrows`` (claims as reconciliation
reads them), ``facts`` and ``measures.yaml`` (a claim's measure, place, slice, dates and
originator), ``context`` (what one document cannot settle alone), ``checks`` and ``copies``
(conflicts, breakdowns, arithmetic, falls), ``engine`` (running them over documents and
families), ``store`` (writing the tables), ``evaluate`` (scoring flags on story clusters).
"""

from review.reconcile.engine import ReconcileResult, matches, reconcile, worst

__all__ = ["ReconcileResult", "matches", "reconcile", "worst"]
