"""SqlInbox: accepted platform events, claimed by one worker at a time across replicas."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, func, or_, select, update
from sqlalchemy.orm import Session

from runtime.model import DeadEvent, InboxBacklog, InboxItem, NewEvent
from store.db import dialect_insert
from store.replies import forget_replies
from store.tables import InboxRow

OUTCOME_CHARS = 2000
UNFINISHED = (InboxRow.processed_at.is_(None), InboxRow.dead_at.is_(None))
DEAD = (InboxRow.processed_at.is_(None), InboxRow.dead_at.is_not(None))


class SqlInbox:
    def __init__(self, session: Session) -> None:
        self._session = session

    def accept(self, platform: str, event_key: str, kind: str, payload: dict, now: datetime) -> bool:
        return self.accept_all([NewEvent(platform, event_key, kind, payload)], now) == 1

    def accept_all(self, events: list[NewEvent], now: datetime) -> int:
        """One statement for the whole batch, compiled once and cached (executemany): fifty acknowledgements wait
        for one round trip, and no per-batch SQL compilation holds the interpreter while requests queue."""
        if not events:
            return 0
        insert = dialect_insert(self._session)
        statement = insert(InboxRow).on_conflict_do_nothing(index_elements=["platform", "event_key"]).returning(InboxRow.id)
        rows = [dict(platform=event.platform, event_key=event.event_key, kind=event.kind, payload=event.payload,
                     received_at=now, attempts=0, outcome="") for event in events]
        return len(self._session.connection().execute(statement, rows).all())

    def claim(self, now: datetime, lease: timedelta, limit: int) -> list[InboxItem]:
        """Oldest first; PostgreSQL replicas skip rows another replica is claiming this very moment."""
        free = select(InboxRow).where(
            *UNFINISHED, or_(InboxRow.claimed_until.is_(None), InboxRow.claimed_until <= now),
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

    def renew(self, item_ids: list[int], until: datetime) -> None:
        if item_ids:
            self._session.execute(
                update(InboxRow).where(InboxRow.id.in_(item_ids), *UNFINISHED).values(claimed_until=until)
            )

    def finish(self, item_id: int, now: datetime, outcome: str) -> None:
        """Close the event and erase its payload: message text must not outlive its purpose here."""
        self._session.execute(
            update(InboxRow).where(InboxRow.id == item_id)
            .values(processed_at=now, outcome=outcome[:OUTCOME_CHARS], payload={}, dead_at=None)
        )

    def retry_later(self, item_id: int, at: datetime, error: str) -> None:
        self._session.execute(
            update(InboxRow).where(InboxRow.id == item_id).values(claimed_until=at, outcome=error[:OUTCOME_CHARS])
        )

    def bury(self, item_id: int, now: datetime, reason: str) -> None:
        self._session.execute(
            update(InboxRow).where(InboxRow.id == item_id, *UNFINISHED)
            .values(dead_at=now, claimed_until=None, outcome=reason[:OUTCOME_CHARS])
        )

    def pending(self) -> int:
        return self._session.scalar(select(func.count()).select_from(InboxRow).where(*UNFINISHED))

    def backlog(self) -> InboxBacklog:
        unfinished = InboxRow.processed_at.is_(None)
        live = unfinished & InboxRow.dead_at.is_(None)
        tried = or_(InboxRow.outcome != "", InboxRow.attempts > 1)
        waiting, retrying, dead = self._session.execute(select(
            func.count(case((live & ~tried, 1))), func.count(case((live & tried, 1))),
            func.count(case((unfinished & InboxRow.dead_at.is_not(None), 1))),
        ).select_from(InboxRow)).one()
        oldest = self._session.scalar(select(func.min(InboxRow.received_at)).where(*UNFINISHED))
        return InboxBacklog(waiting, retrying, dead, oldest)

    def dead(self, limit: int = 100) -> list[DeadEvent]:
        rows = self._session.scalars(select(InboxRow).where(*DEAD).order_by(InboxRow.id).limit(limit))
        return [DeadEvent(r.id, r.platform, r.kind, r.event_key, r.received_at, r.attempts, r.outcome) for r in rows]

    def revive(self, item_id: int | None) -> int:
        which = (InboxRow.id == item_id,) if item_id is not None else ()
        # Counted as tried once: its next worker looks up the replies the earlier attempts posted.
        done = self._session.execute(
            update(InboxRow).where(*DEAD, *which).values(dead_at=None, claimed_until=None, attempts=1, outcome="")
        )
        return done.rowcount

    def drop(self, item_id: int, now: datetime) -> bool:
        """Also forgets the replies its attempts posted: the event is never processed again."""
        dropped = self._session.execute(
            update(InboxRow).where(InboxRow.id == item_id, *DEAD)
            .values(processed_at=now, dead_at=None, payload={}, outcome="dropped by an operator")
            .returning(InboxRow.platform, InboxRow.event_key)
        ).first()
        if dropped is not None:
            forget_replies(self._session, dropped.platform, dropped.event_key)
        return dropped is not None
