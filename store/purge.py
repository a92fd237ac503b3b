"""Where `tipjar purge --match TEXT` looks, besides a tip's text and earlier text: its file names and links,
its link, its tags, every version the audit trail kept, the inbox's payloads (dead events included), the
names of places, and the stored questions with the bot's messages quoting them. Any case; JSON columns hold
non-ASCII text escaped ("\\u00e9"), so both spellings are looked for."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import ColumnElement, String, cast, exists, func, or_, select, update
from sqlalchemy.orm import Session

from bot.model import Post
from store.replies import forget_replies
from store.tables import ConversationRow, InboxRow, PostRow, QuestionRow, TipChangeRow, TipRow, TipTagRow


def _json_holds(column, words: str) -> ColumnElement[bool]:
    spellings = {words.lower(), json.dumps(words)[1:-1].lower()}
    as_text = func.lower(cast(column, String))
    return or_(*(as_text.contains(spelling, autoescape=True) for spelling in spellings))


def tip_holding(words: str) -> ColumnElement[bool]:
    """A tip any of whose words, kept anywhere with it, contain `words`."""
    tagged = exists().where(TipTagRow.tip_id == TipRow.id, TipTagRow.tag.icontains(words, autoescape=True))
    audited = exists().where(TipChangeRow.tip_id == TipRow.id,
                             or_(_json_holds(TipChangeRow.before, words), _json_holds(TipChangeRow.after, words)))
    return or_(TipRow.text.icontains(words, autoescape=True), TipRow.previous_text.icontains(words, autoescape=True),
               TipRow.permalink.icontains(words, autoescape=True), _json_holds(TipRow.files, words), tagged, audited)


class SqlPurgeMatching:
    """The parts of `SqlErasure` a purge by words uses beyond the tips."""

    _session: Session

    def erase_inbox_containing(self, words: str) -> int:
        """Inbox events whose payload holds `words` in any case, dead or waiting: unfinished ones are closed
        (never processed again), the others' payloads emptied."""
        ids = list(self._session.scalars(select(InboxRow.id).where(_json_holds(InboxRow.payload, words))))
        if not ids:
            return 0
        closed = self._session.execute(
            update(InboxRow).where(InboxRow.id.in_(ids), InboxRow.processed_at.is_(None))
            .values(payload={}, processed_at=datetime.now(timezone.utc), outcome="erased")
            .returning(InboxRow.platform, InboxRow.event_key)).all()
        for platform, event_key in closed:
            forget_replies(self._session, platform, event_key)
        self._session.execute(update(InboxRow).where(InboxRow.id.in_(ids)).values(payload={}))
        return len(ids)

    def clear_place_names(self, words: str) -> int:
        """Names of channels and chats holding `words` become "" on tips and remembered conversations."""
        tips = self._session.execute(update(TipRow).where(TipRow.channel_name.icontains(words, autoescape=True))
                                     .values(channel_name=""))
        places = self._session.execute(update(ConversationRow).where(
            ConversationRow.name.icontains(words, autoescape=True)).values(name=""))
        return tips.rowcount + places.rowcount

    def posts_about_questions(self, *, asker_id: str | None = None, containing: str | None = None) -> list[Post]:
        """What the bot posted quoting the stored questions (not yet erased) of this asker or holding these words:
        an escalation to the trainers, a gap in a digest."""
        conditions = [QuestionRow.text != "[erased]"]  # store.erasure.ERASED: those are gone from chat already
        if asker_id is not None:
            conditions.append(QuestionRow.asker_id == asker_id)
        if containing is not None:
            conditions.append(QuestionRow.text.icontains(containing, autoescape=True))
        asked = select(QuestionRow.id).where(*conditions)
        rows = self._session.scalars(select(PostRow).where(PostRow.question_id.in_(asked)))
        return [Post(r.platform, r.conversation_id, r.message_id, r.tip_id, r.question_id) for r in rows]
