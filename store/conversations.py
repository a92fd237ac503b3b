"""Where the bot was added (for posting there later) and the messages it posted about tips and answers."""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.model import Post
from runtime.model import Conversation
from store.db import dialect_insert
from store.tables import ConversationRow, PostRow


def _conversation(row: ConversationRow) -> Conversation:
    return Conversation(row.platform, row.workspace_id, row.conversation_id, row.kind, row.name, dict(row.address),
                        row.updated_at)


class SqlConversationBook:
    def __init__(self, session: Session) -> None:
        self._session = session

    def remember(self, conversation: Conversation) -> None:
        values = dict(platform=conversation.platform, workspace_id=conversation.workspace_id,
                      conversation_id=conversation.conversation_id, kind=conversation.kind, name=conversation.name,
                      address=conversation.address, updated_at=conversation.updated_at)
        statement = dialect_insert(self._session)(ConversationRow).values(**values)
        changed = {key: statement.excluded[key] for key in ("workspace_id", "kind", "address", "updated_at")}
        # A name once learned is kept when a later activity does not carry one.
        changed["name"] = func.coalesce(func.nullif(statement.excluded.name, ""), ConversationRow.name)
        self._session.execute(statement.on_conflict_do_update(index_elements=["platform", "conversation_id"],
                                                              set_=changed))

    def get(self, platform: str, conversation_id: str) -> Conversation | None:
        row = self._session.scalar(select(ConversationRow).where(
            ConversationRow.platform == platform, ConversationRow.conversation_id == conversation_id))
        return _conversation(row) if row else None


class SqlPostLog:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, post: Post) -> None:
        statement = dialect_insert(self._session)(PostRow).values(
            platform=post.platform, conversation_id=post.conversation_id, message_id=post.message_id,
            tip_id=post.tip_id, question_id=post.question_id,
        ).on_conflict_do_nothing(index_elements=["platform", "conversation_id", "message_id"])
        self._session.execute(statement)

    def find(self, platform: str, conversation_id: str, message_id: str) -> Post | None:
        row = self._session.scalar(select(PostRow).where(
            PostRow.platform == platform, PostRow.conversation_id == conversation_id, PostRow.message_id == message_id))
        return Post(row.platform, row.conversation_id, row.message_id, row.tip_id, row.question_id) if row else None

    def keep_only(self, platform: str, conversation_id: str, message_ids: Iterable[str]) -> int:
        """Forget the posts in this conversation but those named; how many were forgotten."""
        return self._session.execute(delete(PostRow).where(
            PostRow.platform == platform, PostRow.conversation_id == conversation_id,
            PostRow.message_id.not_in(list(message_ids)))).rowcount
