"""The reconciliation engine: measures, originators, independence and checks across sources.

``reconcile(session)`` is the one entry point (the CLI, ``crosstally run``, the review app and
the exporters all go through it or through the tables it writes).
"""

from review.reconcile.engine import ReconcileResult, matches, reconcile, worst

__all__ = ["ReconcileResult", "matches", "reconcile", "worst"]
