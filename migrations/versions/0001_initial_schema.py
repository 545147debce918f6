"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-30 13:11:10.710455
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("role IN ('reviewer', 'viewer')", name=op.f("ck_app_user_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("name", name=op.f("uq_app_user_name")),
    )
    op.create_table(
        "crawl_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("source_ids", sa.JSON(), nullable=False),
        sa.Column("start_urls", sa.JSON(), nullable=False),
        sa.Column("pages_fetched", sa.Integer(), nullable=False),
        sa.Column("pages_new", sa.Integer(), nullable=False),
        sa.Column("pages_changed", sa.Integer(), nullable=False),
        sa.Column("pages_unchanged", sa.Integer(), nullable=False),
        sa.Column("pages_failed", sa.Integer(), nullable=False),
        sa.Column("stats", sa.JSON(), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "status IN ('running', 'succeeded', 'partial', 'failed', 'interrupted')",
            name=op.f("ck_crawl_run_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crawl_run")),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["merged_into_id"], ["person.id"], name=op.f("fk_person_merged_into_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("key", name=op.f("uq_person_key")),
    )
    op.create_table(
        "source",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("publisher", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("home_url", sa.Text(), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("config_sha256", sa.String(length=64), nullable=True),
        sa.Column("adhoc", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_crawled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind IN ('ngo', 'news', 'social', 'official')", name=op.f("ck_source_kind")
        ),
        sa.CheckConstraint("role IN ('primary', 'secondary')", name=op.f("ck_source_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source")),
    )
    op.create_table(
        "capture",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.String(length=64), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=200), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("warc_path", sa.Text(), nullable=False),
        sa.Column("warc_offset", sa.Integer(), nullable=False),
        sa.Column("warc_length", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.String(length=100), nullable=False),
        sa.Column("request_record_id", sa.String(length=100), nullable=True),
        sa.Column("payload_sha256", sa.String(length=64), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"], ["crawl_run.id"], name=op.f("fk_capture_run_id_crawl_run")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_capture_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capture")),
        sa.UniqueConstraint("record_id", name=op.f("uq_capture_record_id")),
        sa.UniqueConstraint(
            "warc_path", "warc_offset", name=op.f("uq_capture_warc_path_warc_offset")
        ),
    )
    with op.batch_alter_table("capture", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_capture_payload_sha256"), ["payload_sha256"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_capture_run_id"), ["run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_capture_source_id"), ["source_id"], unique=False)

    op.create_table(
        "crawl_error",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.String(length=64), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["crawl_run.id"],
            name=op.f("fk_crawl_error_run_id_crawl_run"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crawl_error")),
    )
    with op.batch_alter_table("crawl_error", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_crawl_error_run_id"), ["run_id"], unique=False)

    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.String(length=64), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("canonical_url", sa.Text(), nullable=False),
        sa.Column("final_url", sa.Text(), nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.String(length=10), nullable=True),
        sa.Column("published_source", sa.String(length=32), nullable=True),
        sa.Column("found_via", sa.String(length=16), nullable=False),
        sa.Column("found_on", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("byline", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("language_source", sa.String(length=16), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("previous_id", sa.Integer(), nullable=True),
        sa.Column("capture_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "found_via IN ('feed', 'sitemap', 'listing', 'start_url', 'link')",
            name=op.f("ck_document_found_via"),
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_document_version_positive")),
        sa.ForeignKeyConstraint(
            ["capture_id"], ["capture.id"], name=op.f("fk_document_capture_id_capture")
        ),
        sa.ForeignKeyConstraint(
            ["previous_id"], ["document.id"], name=op.f("fk_document_previous_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["crawl_run.id"], name=op.f("fk_document_run_id_crawl_run")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_document_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint(
            "canonical_url", "text_sha256", name=op.f("uq_document_canonical_url_text_sha256")
        ),
        sa.UniqueConstraint(
            "canonical_url", "version", name=op.f("uq_document_canonical_url_version")
        ),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_capture_id"), ["capture_id"], unique=False)
        batch_op.create_index(
            "ix_document_source_canonical", ["source_id", "canonical_url"], unique=False
        )

    op.create_table(
        "claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("review_key", sa.String(length=64), nullable=False),
        sa.Column("extractor_version", sa.String(length=64), nullable=False),
        sa.Column("superseded", sa.Boolean(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column("qualifier", sa.String(length=16), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("measure", sa.String(length=200), nullable=True),
        sa.Column("breakdown", sa.String(length=64), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("as_of", sa.String(length=10), nullable=True),
        sa.Column("attributed_to", sa.Text(), nullable=True),
        sa.Column("part_of_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("event_date", sa.String(length=10), nullable=True),
        sa.Column("event_date_precision", sa.String(length=8), nullable=True),
        sa.Column("agent", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind != 'arrest' OR person_id IS NOT NULL", name=op.f("ck_claim_arrest_has_person")
        ),
        sa.CheckConstraint(
            "kind != 'count' OR value IS NOT NULL", name=op.f("ck_claim_count_has_value")
        ),
        sa.CheckConstraint("kind IN ('count', 'arrest')", name=op.f("ck_claim_kind")),
        sa.CheckConstraint(
            "qualifier IS NULL OR qualifier IN "
            "('exact', 'more_than', 'at_least', 'about', 'up_to', 'less_than')",
            name=op.f("ck_claim_qualifier"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_claim_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["part_of_id"], ["claim.id"], name=op.f("fk_claim_part_of_id_claim")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_claim_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim")),
        sa.UniqueConstraint(
            "document_id",
            "review_key",
            "extractor_version",
            name=op.f("uq_claim_document_id_review_key_extractor_version"),
        ),
    )
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.create_index("ix_claim_current", ["superseded", "kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_measure"), ["measure"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_review_key"), ["review_key"], unique=False)

    op.create_table(
        "document_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("similarity", sa.Double(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("document_id < other_id", name=op.f("ck_document_link_ordered")),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_document_link_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["other_id"], ["document.id"], name=op.f("fk_document_link_other_id_document")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_link")),
        sa.UniqueConstraint(
            "document_id", "other_id", name=op.f("uq_document_link_document_id_other_id")
        ),
    )
    with op.batch_alter_table("document_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_link_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_document_link_other_id"), ["other_id"], unique=False)

    op.create_table(
        "document_signature",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("text_sha256", sa.String(length=64), nullable=False),
        sa.Column("num_perm", sa.Integer(), nullable=False),
        sa.Column("hashvalues", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_document_signature_document_id_document"),
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_signature")),
    )
    op.create_table(
        "extraction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("extractor_version", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("worker", sa.String(length=64), nullable=True),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_extraction_document_id_document")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extraction")),
        sa.UniqueConstraint(
            "document_id",
            "extractor_version",
            name=op.f("uq_extraction_document_id_extractor_version"),
        ),
    )
    with op.batch_alter_table("extraction", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_extraction_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "person_mention",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("extractor_version", sa.String(length=64), nullable=False),
        sa.CheckConstraint('"end" > start', name=op.f("ck_person_mention_span")),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_person_mention_document_id_document")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_person_mention_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_mention")),
        sa.UniqueConstraint(
            "document_id",
            "start",
            "extractor_version",
            name=op.f("uq_person_mention_document_id_start_extractor_version"),
        ),
    )
    with op.batch_alter_table("person_mention", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_mention_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_person_mention_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("extractor_version", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint('"end" > start AND start >= 0', name=op.f("ck_evidence_span")),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_evidence_claim_id_claim"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["document.id"], name=op.f("fk_evidence_document_id_document")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
        sa.UniqueConstraint(
            "claim_id", "start", "end", name=op.f("uq_evidence_claim_id_start_end")
        ),
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_evidence_document_id"), ["document_id"], unique=False)

    op.create_table(
        "review_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_key", sa.String(length=64), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("reviewer", sa.String(length=100), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("evidence_digest", sa.String(length=64), nullable=True),
        sa.CheckConstraint(
            "action IN ('accept', 'reject', 'correct', 'merge', 'note')",
            name=op.f("ck_review_decision_action"),
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_review_decision_claim_id_claim")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_review_decision_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_decision")),
    )
    with op.batch_alter_table("review_decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_decision_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_review_decision_review_key"), ["review_key"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("review_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_decision_review_key"))
        batch_op.drop_index(batch_op.f("ix_review_decision_claim_id"))

    op.drop_table("review_decision")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_document_id"))
        batch_op.drop_index(batch_op.f("ix_evidence_claim_id"))

    op.drop_table("evidence")
    with op.batch_alter_table("person_mention", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_mention_person_id"))
        batch_op.drop_index(batch_op.f("ix_person_mention_document_id"))

    op.drop_table("person_mention")
    with op.batch_alter_table("extraction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_extraction_document_id"))

    op.drop_table("extraction")
    op.drop_table("document_signature")
    with op.batch_alter_table("document_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_link_other_id"))
        batch_op.drop_index(batch_op.f("ix_document_link_document_id"))

    op.drop_table("document_link")
    with op.batch_alter_table("claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_review_key"))
        batch_op.drop_index(batch_op.f("ix_claim_person_id"))
        batch_op.drop_index(batch_op.f("ix_claim_measure"))
        batch_op.drop_index(batch_op.f("ix_claim_document_id"))
        batch_op.drop_index("ix_claim_current")

    op.drop_table("claim")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index("ix_document_source_canonical")
        batch_op.drop_index(batch_op.f("ix_document_capture_id"))

    op.drop_table("document")
    with op.batch_alter_table("crawl_error", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_crawl_error_run_id"))

    op.drop_table("crawl_error")
    with op.batch_alter_table("capture", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_capture_source_id"))
        batch_op.drop_index(batch_op.f("ix_capture_run_id"))
        batch_op.drop_index(batch_op.f("ix_capture_payload_sha256"))

    op.drop_table("capture")
    op.drop_table("source")
    op.drop_table("person")
    op.drop_table("crawl_run")
    op.drop_table("app_user")
