"""reconciliation's derived facts and checks get tables of their own

What reconcile derives about a claim (measure, place, slice, as-of date and its source,
originator, relation to the document's other figures) and the checks over those facts are
read by the review app and every exporter; computed once and kept here, they are never written
back into claim rows.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claim_fact",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.BigInteger(), nullable=False),
        sa.Column("measure", sa.String(length=64), nullable=True),
        sa.Column("measure_key", sa.String(length=300), nullable=True),
        sa.Column("kind", sa.String(length=8), nullable=True),
        sa.Column("place", sa.String(length=300), nullable=True),
        sa.Column("country", sa.String(length=200), nullable=True),
        sa.Column("region", sa.String(length=200), nullable=True),
        sa.Column("slice", sa.String(length=200), nullable=True),
        sa.Column("axis", sa.String(length=32), nullable=True),
        sa.Column("remainder", sa.Boolean(), nullable=False),
        sa.Column("partial", sa.Boolean(), nullable=False),
        sa.Column("table_heading", sa.Text(), nullable=True),
        sa.Column("as_of", sa.String(length=10), nullable=True),
        sa.Column("as_of_source", sa.String(length=16), nullable=True),
        sa.Column("period_start", sa.String(length=64), nullable=True),
        sa.Column("period_end", sa.String(length=10), nullable=True),
        sa.Column("event_period", sa.Boolean(), nullable=False),
        sa.Column("originator", sa.Text(), nullable=True),
        sa.Column("originator_source", sa.String(length=16), nullable=True),
        sa.Column("originator_acronym", sa.String(length=32), nullable=True),
        sa.Column("relation", sa.String(length=16), nullable=True),
        sa.Column("total_claim_id", sa.Integer(), nullable=True),
        sa.Column("low", sa.BigInteger(), nullable=False),
        sa.Column("high", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_claim_fact_claim_id_claim"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_claim_fact_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["total_claim_id"],
            ["claim.id"],
            name=op.f("fk_claim_fact_total_claim_id_claim"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("claim_id", name=op.f("pk_claim_fact")),
    )
    op.create_index(op.f("ix_claim_fact_document_id"), "claim_fact", ["document_id"])
    op.create_index("ix_claim_fact_measure_key_as_of", "claim_fact", ["measure_key", "as_of"])
    op.create_table(
        "reconcile_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_key", sa.String(length=300), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("breakdown", sa.String(length=200), nullable=True),
        sa.Column("as_of", sa.String(length=10), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("claim_ids", sa.JSON(), nullable=False),
        sa.Column("support_ids", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_reconcile_check_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reconcile_check")),
    )
    op.create_index(op.f("ix_reconcile_check_measure_key"), "reconcile_check", ["measure_key"])
    op.create_index(op.f("ix_reconcile_check_document_id"), "reconcile_check", ["document_id"])
    op.create_index(op.f("ix_reconcile_check_status"), "reconcile_check", ["status"])
    op.create_table(
        "reconcile_check_claim",
        sa.Column("check_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["check_id"],
            ["reconcile_check.id"],
            name=op.f("fk_reconcile_check_claim_check_id_reconcile_check"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_reconcile_check_claim_claim_id_claim"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("check_id", "claim_id", name=op.f("pk_reconcile_check_claim")),
    )
    op.create_index(
        op.f("ix_reconcile_check_claim_claim_id"), "reconcile_check_claim", ["claim_id"]
    )


def downgrade() -> None:
    op.drop_table("reconcile_check_claim")
    op.drop_table("reconcile_check")
    op.drop_table("claim_fact")
