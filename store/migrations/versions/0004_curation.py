"""Curation: releases, the audit trail of trainers' changes, and digest runs claimed once per period.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "release",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("released_at", UTC_TIME, nullable=False),
        sa.Column("recorded_by", sa.String, nullable=False),
    )
    op.create_table(
        "tip_change",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("tip_id", sa.Integer, sa.ForeignKey("tip.id", ondelete="CASCADE"), nullable=False),
        sa.Column("actor_id", sa.String, nullable=False),
        sa.Column("actor_name", sa.String, nullable=False),
        sa.Column("action", sa.String, nullable=False),
        sa.Column("at", UTC_TIME, nullable=False),
        sa.Column("before", sa.JSON, nullable=False),
        sa.Column("after", sa.JSON, nullable=False),
    )
    op.create_index("ix_tip_change_tip", "tip_change", ["tip_id"])
    op.create_table(
        "digest_run",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("period", sa.String, nullable=False),
        sa.Column("state", sa.String, nullable=False),
        sa.Column("claimed_at", UTC_TIME, nullable=False),
        sa.Column("posted_at", UTC_TIME, nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("error", sa.Text, nullable=False),
        sa.Column("messages", sa.JSON, nullable=False),
        sa.UniqueConstraint("name", "period", name="uq_digest_run"),
    )


def downgrade() -> None:
    op.drop_table("digest_run")
    op.drop_table("tip_change")
    op.drop_table("release")
