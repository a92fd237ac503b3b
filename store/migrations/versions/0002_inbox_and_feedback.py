"""Inbox of accepted platform events, and feedback on /ask answers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("question_id", sa.Integer, sa.ForeignKey("question.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.String, nullable=False),
        sa.Column("helpful", sa.Boolean, nullable=False),
        sa.Column("given_at", UTC_TIME, nullable=False),
        sa.UniqueConstraint("question_id", "user_id", name="uq_feedback_person"),
    )
    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("platform", sa.String, nullable=False),
        sa.Column("event_key", sa.String, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("received_at", UTC_TIME, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("claimed_until", UTC_TIME, nullable=True),
        sa.Column("processed_at", UTC_TIME, nullable=True),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.UniqueConstraint("platform", "event_key", name="uq_inbox_event"),
    )
    op.create_index("ix_inbox_pending", "inbox", ["processed_at", "claimed_until"])


def downgrade() -> None:
    op.drop_table("inbox")
    op.drop_table("feedback")
