"""Erasure across the store: audit texts and tags, inbox payloads, questions. The bytes the database keeps
after are dropped by `store.compaction`."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Iterable

from sqlalchemy import String, cast, or_, select, update
from sqlalchemy.orm import Session

from bot.model import DigestRun, Post
from store.curation import _run
from store.purge import SqlPurgeMatching, tip_holding
from store.replies import forget_replies
from store.tables import DigestRunRow, InboxRow, PostRow, QuestionRow, TipChangeRow, TipRow

ERASED = "[erased]"


class SqlErasure(SqlPurgeMatching):
    def __init__(self, session: Session) -> None:
        self._session = session

    def erase_audit_text(self, tip_ids: Iterable[int]) -> int:
        rows = self._session.scalars(select(TipChangeRow).where(TipChangeRow.tip_id.in_(list(tip_ids)))).all()
        for row in rows:
            row.before, row.after = _erased_text(row.before), _erased_text(row.after)
        self._session.flush()
        return len(rows)

    def erase_inbox_item(self, item_id: int) -> None:
        self._session.execute(update(InboxRow).where(InboxRow.id == item_id).values(payload={}))

    def erase_inbox_mentioning(self, needles: Iterable[str]) -> int:
        # JSON columns hold non-ASCII text escaped ("\u00e9"): look for both spellings.
        needles = {form for needle in needles if needle for form in (needle, json.dumps(needle)[1:-1])}
        if not needles:
            return 0
        payload = cast(InboxRow.payload, String)
        mentions = or_(*(payload.contains(needle, autoescape=True) for needle in needles))
        statement = update(InboxRow).where(InboxRow.payload.is_not(None), mentions)
        closed = self._session.execute(
            statement.where(InboxRow.processed_at.is_(None)).values(payload={}, processed_at=_now(), outcome="erased")
            .returning(InboxRow.platform, InboxRow.event_key)).all()
        for platform, event_key in closed:  # never processed again: which replies it posted needs no record
            forget_replies(self._session, platform, event_key)
        emptied = self._session.execute(statement.values(payload={}))
        return len(closed) + emptied.rowcount

    def erase_questions(self, *, asker_id: str | None = None, containing: str | None = None,
                        asked_before: datetime | None = None) -> int:
        conditions = [QuestionRow.text != ERASED]
        if asker_id is not None:
            conditions.append(QuestionRow.asker_id == asker_id)
        if containing is not None:
            conditions.append(QuestionRow.text.icontains(containing, autoescape=True))
        if asked_before is not None:
            conditions.append(QuestionRow.asked_at < asked_before)
        return self._session.execute(update(QuestionRow).where(*conditions).values(text=ERASED)).rowcount

    def posts_about(self, tip_ids: Iterable[int]) -> list[Post]:
        ids = set(tip_ids)
        answers = [q_id for q_id, cited in self._session.execute(select(QuestionRow.id, QuestionRow.tip_ids))
                   if ids.intersection(int(i) for i in cited or [])]
        rows = self._session.scalars(select(PostRow).where(or_(PostRow.tip_id.in_(ids), PostRow.question_id.in_(answers))))
        return [Post(r.platform, r.conversation_id, r.message_id, r.tip_id, r.question_id) for r in rows]

    def digests_posted_since(self, when: datetime) -> list[DigestRun]:
        rows = self._session.scalars(select(DigestRunRow).where(DigestRunRow.posted_at >= when).order_by(DigestRunRow.id))
        return [_run(row) for row in rows]

    def tips_of(self, *, author_id: str | None = None, containing: str | None = None) -> list[int]:
        conditions = [TipRow.text != ""]
        if author_id is not None:
            conditions.append(TipRow.author_id == author_id)
        if containing is not None:
            conditions.append(tip_holding(containing))
        return list(self._session.scalars(select(TipRow.id).where(*conditions).order_by(TipRow.id)))


def _erased_text(values: dict) -> dict:
    """An audit entry's before or after without the tip's words: its text and its tags (a tag is a word of it)."""
    erased = {"text": ERASED, "tags": []}
    return {key: erased.get(key, value) for key, value in (values or {}).items()}


def _now() -> datetime:
    from datetime import timezone

    return datetime.now(timezone.utc)
