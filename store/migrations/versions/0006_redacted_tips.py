"""Which kinds of patient identifier were removed from a tip's text before it was stored.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ALTER on both databases: rebuilding the table would drop SQLite's full-text triggers.
    op.add_column("tip", sa.Column("redacted", sa.String, nullable=False, server_default=""))


def downgrade() -> None:
    op.drop_column("tip", "redacted")
