"""SqlReplyLedger: which replies to an inbox event were posted, by their place in its processing (ids only)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from store.db import dialect_insert
from store.tables import EventReplyRow


class SqlReplyLedger:
    def __init__(self, session: Session) -> None:
        self._session = session

    def sent(self, platform: str, event_key: str) -> dict[int, str]:
        query = select(EventReplyRow.ordinal, EventReplyRow.message_id).where(
            EventReplyRow.platform == platform, EventReplyRow.event_key == event_key)
        return {ordinal: message_id for ordinal, message_id in self._session.execute(query)}

    def record(self, platform: str, event_key: str, ordinal: int, message_id: str, now: datetime) -> None:
        insert = dialect_insert(self._session)
        self._session.execute(insert(EventReplyRow).values(
            platform=platform, event_key=event_key, ordinal=ordinal, message_id=message_id, sent_at=now,
        ).on_conflict_do_nothing(index_elements=["platform", "event_key", "ordinal"]))

    def forget(self, platform: str, event_key: str) -> int:
        return forget_replies(self._session, platform, event_key)


def forget_replies(session: Session, platform: str, event_key: str) -> int:
    """Remove the record of an event's replies (it is closed: never processed again); how many went."""
    done = session.execute(delete(EventReplyRow).where(
        EventReplyRow.platform == platform, EventReplyRow.event_key == event_key))
    return done.rowcount
