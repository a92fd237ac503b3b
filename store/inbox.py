"""SqlInbox: accepted platform events, claimed by one worker at a time across replicas."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from bot.model import InboxItem
from store.tables import InboxRow


class SqlInbox:
    def __init__(self, session: Session) -> None:
        self._session = session

    def accept(self, platform: str, event_key: str, kind: str, payload: dict, now: datetime) -> bool:
        insert = sqlite_insert if self._session.get_bind().dialect.name == "sqlite" else postgres_insert
        statement = insert(InboxRow).values(
            platform=platform, event_key=event_key, kind=kind, payload=payload, received_at=now,
            attempts=0, outcome="",
        ).on_conflict_do_nothing(index_elements=["platform", "event_key"]).returning(InboxRow.id)
        return self._session.execute(statement).first() is not None

    def claim(self, now: datetime, lease: timedelta, limit: int) -> list[InboxItem]:
        """Oldest first; PostgreSQL replicas skip rows another replica is claiming this very moment."""
        free = select(InboxRow).where(
            InboxRow.processed_at.is_(None),
            or_(InboxRow.claimed_until.is_(None), InboxRow.claimed_until <= now),
        ).order_by(InboxRow.id).limit(limit).with_for_update(skip_locked=True)
        rows = list(self._session.scalars(free))
        for row in rows:
            row.claimed_until = now + lease
            row.attempts += 1
        self._session.flush()
        return [
            InboxItem(row.id, row.platform, row.event_key, row.kind, dict(row.payload), row.attempts, row.received_at)
            for row in rows
        ]

    def finish(self, item_id: int, now: datetime, outcome: str) -> None:
        """Close the event and erase its payload: message text must not outlive its purpose here."""
        self._session.execute(
            update(InboxRow).where(InboxRow.id == item_id).values(processed_at=now, outcome=outcome[:2000], payload={})
        )

    def retry_later(self, item_id: int, at: datetime, error: str) -> None:
        self._session.execute(
            update(InboxRow).where(InboxRow.id == item_id).values(claimed_until=at, outcome=error[:2000])
        )

    def pending(self) -> int:
        return self._session.scalar(select(func.count()).select_from(InboxRow).where(InboxRow.processed_at.is_(None)))
