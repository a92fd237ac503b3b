"""Sentence embeddings of tips, for semantic search; the database drops a vector when its text changes.
Also an index for the private channels that hold tips, which every /ask looks up first.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# A vector is derived from the tip's words: when the words change or the source is deleted, it goes at once,
# in the same transaction, so no embedding ever outlives (or misdescribes) the text it was computed from.
SQLITE_TRIGGERS = [
    """CREATE TRIGGER tip_embedding_stale AFTER UPDATE OF text, deleted_at ON tip
       WHEN old.text IS NOT new.text OR new.deleted_at IS NOT NULL BEGIN
        DELETE FROM tip_embedding WHERE tip_id = new.id;
    END""",
]
POSTGRES_TRIGGERS = [
    """CREATE FUNCTION tip_embedding_stale() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF old.text IS DISTINCT FROM new.text OR new.deleted_at IS NOT NULL THEN
            DELETE FROM tip_embedding WHERE tip_id = new.id;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER tip_embedding_stale AFTER UPDATE OF text, deleted_at ON tip
       FOR EACH ROW EXECUTE FUNCTION tip_embedding_stale()""",
]


def upgrade() -> None:
    op.create_table(
        "tip_embedding",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("tip_id", sa.Integer, sa.ForeignKey("tip.id", ondelete="CASCADE"), nullable=False),
        sa.Column("model", sa.String, nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
        sa.UniqueConstraint("tip_id", "model", name="uq_tip_embedding"),
    )
    op.create_index("ix_tip_embedding_model", "tip_embedding", ["model", "id"])
    op.create_index("ix_tip_channels", "tip", ["platform", "workspace_id", "visibility", "channel_id"])
    sqlite = op.get_context().dialect.name == "sqlite"
    for statement in SQLITE_TRIGGERS if sqlite else POSTGRES_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS tip_embedding_stale")
    else:
        op.execute("DROP TRIGGER IF EXISTS tip_embedding_stale ON tip")
        op.execute("DROP FUNCTION IF EXISTS tip_embedding_stale()")
    op.drop_index("ix_tip_channels", "tip")
    op.drop_table("tip_embedding")
