"""capture offsets and lengths are 64-bit

A WARC file of a long crawl passes 2 GiB: on PostgreSQL an INTEGER offset then overflows and
the capture cannot be stored. (SQLite's INTEGER is 64-bit already; the column type is
changed there too, in batch mode, so the schema matches the models on both.)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 18:05:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("warc_offset", "warc_length")


def upgrade() -> None:
    with op.batch_alter_table("capture") as batch:
        for column in COLUMNS:
            batch.alter_column(
                column, existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=False
            )


def downgrade() -> None:
    with op.batch_alter_table("capture") as batch:
        for column in COLUMNS:
            batch.alter_column(
                column, existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=False
            )
