"""Who captured each tip, kept apart from its savers: the first saver's Delete stays with that person when
votes are taken back, instead of passing to whoever is first among the savers left.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tip") as batch:
        batch.add_column(sa.Column("captured_by", sa.String, nullable=False, server_default=""))
    # Tips stored before: the earliest saver still recorded is the best knowledge there is of who captured it.
    op.execute("UPDATE tip SET captured_by = COALESCE((SELECT s.user_id FROM tip_saver s WHERE s.tip_id = tip.id "
               "ORDER BY s.saved_at, s.id LIMIT 1), '')")


def downgrade() -> None:
    with op.batch_alter_table("tip") as batch:
        batch.drop_column("captured_by")
