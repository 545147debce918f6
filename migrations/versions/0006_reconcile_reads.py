"""derived reconciliation read by every page: rows table, families, indexes; claim.measure goes

The review pages and exporters read reconciliation's derived tables instead of reconciling per
request, and a refresh after an analyst's decision recomputes only the families (measure and
place) it touches. So: ``reconcile_row`` keeps the reconciliation table (one line per measure
key, slice and as-of date, each originator's figures), ``family`` on facts and on checks says
what a refresh replaces, and the indexes serve the queue (flagged facts by status), a measure
page (its flagged checks), a refresh (a family's facts in derivation order, an originator's
countries, acronyms, the countries figures are placed in); facts are no longer looked up by
measure key and date. ``claim.measure`` and ``claim.breakdown`` are dropped: claim rows hold
what the extractor said, and reconciliation's reading of them lives in ``claim_fact``.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claim") as batch:
        batch.drop_index("ix_claim_measure")
        batch.drop_column("measure")
        batch.drop_column("breakdown")
    with op.batch_alter_table("claim_fact") as batch:
        batch.add_column(sa.Column("family", sa.String(length=300), nullable=True))
    # Facts written before this revision have no family: the next full reconcile fills it.
    # Readers find a measure's figures in reconcile_row, never by scanning facts by key.
    op.drop_index("ix_claim_fact_measure_key_as_of", table_name="claim_fact")
    op.create_index("ix_claim_fact_family", "claim_fact", ["family", "document_id", "claim_id"])
    op.create_index("ix_claim_fact_status", "claim_fact", ["status", "claim_id"])
    op.create_index("ix_claim_fact_originator", "claim_fact", ["originator", "country"])
    op.create_index("ix_claim_fact_originator_acronym", "claim_fact", ["originator_acronym"])
    op.create_index("ix_claim_fact_country", "claim_fact", ["country"])
    with op.batch_alter_table("reconcile_check") as batch:
        batch.add_column(sa.Column("family", sa.String(length=300), nullable=True))
        batch.drop_index("ix_reconcile_check_measure_key")
        batch.create_index("ix_reconcile_check_measure_key", ["measure_key", "status", "kind"])
        batch.create_index("ix_reconcile_check_family", ["family"])
    op.create_table(
        "reconcile_row",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_key", sa.String(length=300), nullable=False),
        sa.Column("family", sa.String(length=300), nullable=False),
        sa.Column("slice", sa.String(length=200), nullable=True),
        sa.Column("as_of", sa.String(length=10), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.Column("independent", sa.Integer(), nullable=False),
        sa.Column("points", sa.JSON(), nullable=False),
        sa.Column("claim_ids", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reconcile_row")),
    )
    op.create_index(
        "ix_reconcile_row_measure_key", "reconcile_row", ["measure_key", "slice", "as_of"]
    )
    op.create_index(op.f("ix_reconcile_row_family"), "reconcile_row", ["family"])


def downgrade() -> None:
    op.drop_table("reconcile_row")
    with op.batch_alter_table("reconcile_check") as batch:
        batch.drop_index("ix_reconcile_check_family")
        batch.drop_index("ix_reconcile_check_measure_key")
        batch.create_index("ix_reconcile_check_measure_key", ["measure_key"])
        batch.drop_column("family")
    op.drop_index("ix_claim_fact_country", table_name="claim_fact")
    op.drop_index("ix_claim_fact_originator_acronym", table_name="claim_fact")
    op.drop_index("ix_claim_fact_originator", table_name="claim_fact")
    op.drop_index("ix_claim_fact_status", table_name="claim_fact")
    op.drop_index("ix_claim_fact_family", table_name="claim_fact")
    with op.batch_alter_table("claim_fact") as batch:
        batch.drop_column("family")
    op.create_index("ix_claim_fact_measure_key_as_of", "claim_fact", ["measure_key", "as_of"])
    with op.batch_alter_table("claim") as batch:
        batch.add_column(sa.Column("breakdown", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("measure", sa.String(length=200), nullable=True))
        batch.create_index("ix_claim_measure", ["measure"])
