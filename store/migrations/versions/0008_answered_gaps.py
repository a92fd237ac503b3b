"""Answered gaps: a trainer answers (or dismisses) a question nobody could answer, and the digest says so.
File references: a saved message's files, kept as name, type, size and link (never the files).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("question") as batch:
        batch.add_column(sa.Column("resolution", sa.String(), nullable=False, server_default=""))
        batch.add_column(sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("resolved_by", sa.String(), nullable=False, server_default=""))
        batch.add_column(sa.Column("answer_tip_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("tip") as batch:
        batch.add_column(sa.Column("files", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("tip") as batch:
        batch.drop_column("files")
    with op.batch_alter_table("question") as batch:
        for column in ("answer_tip_id", "resolved_by", "resolved_at", "resolution"):
            batch.drop_column(column)
