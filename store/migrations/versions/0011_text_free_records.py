"""Records that kept words they need not: the inbox's outcome of each event (some held an answer's or a
notice's text, or an error quoting the event) and, for tips erased before erasure reached them, their tags,
file references and the tags in their audit trail.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""
from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

UNKNOWN_REASON = "failed before outcomes were kept without text (reason not kept)"
ERASED_TIPS = "SELECT id FROM tip WHERE text = '' AND deleted_at IS NOT NULL"


def upgrade() -> None:
    # A closed event's outcome is history only; an open one's says it was tried (the backlog counts it so).
    op.execute("UPDATE inbox SET outcome = '' WHERE processed_at IS NOT NULL")
    op.execute(sa.text("UPDATE inbox SET outcome = :reason WHERE processed_at IS NULL AND outcome <> ''")
               .bindparams(reason=UNKNOWN_REASON))
    op.execute(f"DELETE FROM tip_tag WHERE tip_id IN ({ERASED_TIPS})")
    op.execute(f"UPDATE tip SET files = '[]' WHERE id IN ({ERASED_TIPS})")
    _erase_audit_tags(op.get_bind())


def _erase_audit_tags(connection: sa.Connection) -> None:
    rows = connection.execute(sa.text(
        f'SELECT id, "before", "after" FROM tip_change WHERE tip_id IN ({ERASED_TIPS})')).all()
    rewrite = sa.text('UPDATE tip_change SET "before" = :before, "after" = :after WHERE id = :id').bindparams(
        sa.bindparam("before", type_=sa.JSON), sa.bindparam("after", type_=sa.JSON))
    for change_id, before, after in rows:
        connection.execute(rewrite, {"id": change_id, "before": _without_tags(before), "after": _without_tags(after)})


def _without_tags(values: object) -> dict:
    loaded = json.loads(values) if isinstance(values, str) else dict(values or {})
    return {key: ([] if key == "tags" else value) for key, value in loaded.items()}


def downgrade() -> None:
    """Nothing to restore: the words are gone on purpose."""
