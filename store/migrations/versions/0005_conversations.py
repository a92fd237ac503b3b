"""Conversations the bot was added to (for proactive messages) and the messages it posted about tips and answers.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conversation",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("platform", sa.String, nullable=False),
        sa.Column("workspace_id", sa.String, nullable=False),
        sa.Column("conversation_id", sa.String, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("address", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("platform", "conversation_id", name="uq_conversation"),
    )
    op.create_table(
        "bot_post",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("platform", sa.String, nullable=False),
        sa.Column("conversation_id", sa.String, nullable=False),
        sa.Column("message_id", sa.String, nullable=False),
        sa.Column("tip_id", sa.Integer, sa.ForeignKey("tip.id", ondelete="CASCADE"), nullable=True),
        sa.Column("question_id", sa.Integer, sa.ForeignKey("question.id", ondelete="CASCADE"), nullable=True),
        sa.UniqueConstraint("platform", "conversation_id", "message_id", name="uq_bot_post"),
    )


def downgrade() -> None:
    op.drop_table("bot_post")
    op.drop_table("conversation")
