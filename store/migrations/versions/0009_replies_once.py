"""Posts made once: the replies posted while processing an inbox event (so a later attempt skips them), and
when a digest run was first claimed (so a resuming sender knows from when to look for its messages).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_reply",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("platform", sa.String, nullable=False),
        sa.Column("event_key", sa.String, nullable=False),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("message_id", sa.String, nullable=False, server_default=""),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("platform", "event_key", "ordinal", name="uq_event_reply"),
    )
    with op.batch_alter_table("digest_run") as batch:
        batch.add_column(sa.Column("started_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE digest_run SET started_at = claimed_at")
    with op.batch_alter_table("digest_run") as batch:
        batch.alter_column("started_at", existing_type=sa.DateTime(timezone=True), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("digest_run") as batch:
        batch.drop_column("started_at")
    op.drop_table("event_reply")
