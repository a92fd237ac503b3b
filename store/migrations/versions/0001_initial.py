"""Initial schema: tips with savers and tags, questions, channel members, and full-text search.

Revision ID: 0001
Revises:
Create Date: 2025-11-28
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

UTC_TIME = sa.DateTime(timezone=True)

SQLITE_SEARCH = [
    "CREATE VIRTUAL TABLE tip_fts USING fts5(text, content='tip', content_rowid='id', "
    "tokenize='porter unicode61')",
    # Only live tips are indexed, so the 'delete' command is issued exactly for rows that were.
    """CREATE TRIGGER tip_fts_insert AFTER INSERT ON tip WHEN new.deleted_at IS NULL BEGIN
        INSERT INTO tip_fts(rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER tip_fts_delete AFTER DELETE ON tip WHEN old.deleted_at IS NULL BEGIN
        INSERT INTO tip_fts(tip_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    """CREATE TRIGGER tip_fts_update AFTER UPDATE OF text, deleted_at ON tip BEGIN
        INSERT INTO tip_fts(tip_fts, rowid, text) SELECT 'delete', old.id, old.text WHERE old.deleted_at IS NULL;
        INSERT INTO tip_fts(rowid, text) SELECT new.id, new.text WHERE new.deleted_at IS NULL;
    END""",
]
POSTGRES_SEARCH = [
    "ALTER TABLE tip ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english', text)) STORED",
    "CREATE INDEX ix_tip_search_vector ON tip USING gin (search_vector)",
]


def upgrade() -> None:
    _create_tip()
    _create_tip_children()
    _create_question_and_members()
    dialect = op.get_context().dialect.name
    for statement in SQLITE_SEARCH if dialect == "sqlite" else POSTGRES_SEARCH:
        op.execute(statement)


def _create_tip() -> None:
    op.create_table(
        "tip",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("platform", sa.String, nullable=False),
        sa.Column("workspace_id", sa.String, nullable=False),
        sa.Column("channel_id", sa.String, nullable=False),
        sa.Column("message_id", sa.String, nullable=False),
        sa.Column("visibility", sa.String, nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("deleted_at", UTC_TIME, nullable=True),
        sa.Column("thread_id", sa.String, nullable=True),
        sa.Column("author_id", sa.String, nullable=False),
        sa.Column("author_name", sa.String, nullable=False),
        sa.Column("channel_name", sa.String, nullable=False),
        sa.Column("origin", sa.String, nullable=False),
        sa.Column("posted_at", UTC_TIME, nullable=True),
        sa.Column("captured_at", UTC_TIME, nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=True),
        sa.Column("permalink", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("previous_text", sa.Text, nullable=True),
        sa.UniqueConstraint("platform", "workspace_id", "channel_id", "message_id", name="uq_tip_source"),
    )
    op.create_index("ix_tip_captured_at", "tip", ["captured_at"])
    op.create_index("ix_tip_status", "tip", ["status"])


def _create_tip_children() -> None:
    op.create_table(
        "tip_saver",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("tip_id", sa.Integer, sa.ForeignKey("tip.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.String, nullable=False),
        sa.Column("saved_at", UTC_TIME, nullable=False),
        sa.UniqueConstraint("tip_id", "user_id", name="uq_tip_saver"),
    )
    op.create_table(
        "tip_tag",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("tip_id", sa.Integer, sa.ForeignKey("tip.id", ondelete="CASCADE"), nullable=False),
        sa.Column("tag", sa.String, nullable=False),
        sa.UniqueConstraint("tip_id", "tag", name="uq_tip_tag"),
    )


def _create_question_and_members() -> None:
    op.create_table(
        "question",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("platform", sa.String, nullable=False),
        sa.Column("workspace_id", sa.String, nullable=False),
        sa.Column("asker_id", sa.String, nullable=False),
        sa.Column("asked_at", UTC_TIME, nullable=False),
        sa.Column("answered", sa.Boolean, nullable=False),
        sa.Column("tip_ids", sa.JSON, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_question_asked_at", "question", ["asked_at"])
    op.create_table(
        "channel_member",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("platform", sa.String, nullable=False),
        sa.Column("workspace_id", sa.String, nullable=False),
        sa.Column("channel_id", sa.String, nullable=False),
        sa.Column("user_id", sa.String, nullable=False),
        sa.UniqueConstraint("platform", "workspace_id", "channel_id", "user_id", name="uq_channel_member"),
    )
    op.create_index("ix_channel_member_user", "channel_member", ["platform", "workspace_id", "user_id"])


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        for trigger in ("tip_fts_insert", "tip_fts_delete", "tip_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS tip_fts")
    for table in ("channel_member", "question", "tip_tag", "tip_saver", "tip"):
        op.drop_table(table)
