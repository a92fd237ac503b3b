"""The database tables, all in one module. Full-text search objects live in the migration, not here."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, DateTime, Dialect, Index, LargeBinary, Text, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class UtcDateTime(TypeDecorator[datetime]):
    """Stores UTC, returns timezone-aware UTC on every dialect; refuses naive datetimes."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value.isoformat()}: the store keeps timezone-aware UTC only")
        utc = value.astimezone(timezone.utc)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class TipRow(SQLModel, table=True):
    """A captured message. The columns that filter searches come before the long text columns."""

    __tablename__ = "tip"
    __table_args__ = (
        UniqueConstraint("platform", "workspace_id", "channel_id", "message_id", name="uq_tip_source"),
        Index("ix_tip_captured_at", "captured_at"),
        Index("ix_tip_status", "status"),
        Index("ix_tip_channels", "platform", "workspace_id", "visibility", "channel_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    platform: str
    workspace_id: str
    channel_id: str
    message_id: str
    visibility: str
    status: str
    deleted_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    thread_id: str | None = None
    author_id: str
    author_name: str = ""
    captured_by: str = Field(default="", sa_column_kwargs={"server_default": ""})
    channel_name: str = ""
    origin: str
    posted_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    captured_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    permalink: str = Field(default="", sa_type=Text)
    text: str = Field(sa_type=Text)
    previous_text: str | None = Field(default=None, sa_type=Text)
    redacted: str = ""
    """Comma-separated kinds of patient identifier removed before the text was stored."""
    files: list = Field(default_factory=list, sa_type=JSON)
    """References to the message's files ({"name", "kind", "size", "link"}): never the files themselves."""


class TipSaverRow(SQLModel, table=True):
    """One person's vote for a tip; row order is the order they saved."""

    __tablename__ = "tip_saver"
    __table_args__ = (UniqueConstraint("tip_id", "user_id", name="uq_tip_saver"),)

    id: int | None = Field(default=None, primary_key=True)
    tip_id: int = Field(foreign_key="tip.id", ondelete="CASCADE")
    user_id: str
    saved_at: datetime = Field(sa_type=UtcDateTime)


class TipTagRow(SQLModel, table=True):
    __tablename__ = "tip_tag"
    __table_args__ = (UniqueConstraint("tip_id", "tag", name="uq_tip_tag"),)

    id: int | None = Field(default=None, primary_key=True)
    tip_id: int = Field(foreign_key="tip.id", ondelete="CASCADE")
    tag: str


class TipEmbeddingRow(SQLModel, table=True):
    """A tip's sentence embedding under one model (float32, unit length). Rows only grow in id: a new vector
    for a tip is a new row, so a reader can follow changes by id. A trigger (in the migration) deletes the
    row when the tip's text changes or its source is deleted."""

    __tablename__ = "tip_embedding"
    __table_args__ = (
        UniqueConstraint("tip_id", "model", name="uq_tip_embedding"),
        Index("ix_tip_embedding_model", "model", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    tip_id: int = Field(foreign_key="tip.id", ondelete="CASCADE")
    model: str
    vector: bytes = Field(sa_type=LargeBinary)


class QuestionRow(SQLModel, table=True):
    __tablename__ = "question"
    __table_args__ = (Index("ix_question_asked_at", "asked_at"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str
    workspace_id: str
    asker_id: str
    asked_at: datetime = Field(sa_type=UtcDateTime)
    answered: bool
    tip_ids: list[int] = Field(default_factory=list, sa_type=JSON)
    text: str = Field(sa_type=Text)
    resolution: str = ""
    """"" while open, "answered" or "dismissed" by a trainer."""
    resolved_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    resolved_by: str = ""
    answer_tip_id: int | None = None
    """The tip a trainer wrote as the answer (no foreign key: an erased answer leaves the question answered)."""


class ChannelMemberRow(SQLModel, table=True):
    """Who can read a channel: decides which private tips a person may find."""

    __tablename__ = "channel_member"
    __table_args__ = (
        UniqueConstraint("platform", "workspace_id", "channel_id", "user_id", name="uq_channel_member"),
        Index("ix_channel_member_user", "platform", "workspace_id", "user_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    platform: str
    workspace_id: str
    channel_id: str
    user_id: str


class FeedbackRow(SQLModel, table=True):
    """One person's verdict on one /ask answer; a later click replaces an earlier one."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("question_id", "user_id", name="uq_feedback_person"),)

    id: int | None = Field(default=None, primary_key=True)
    question_id: int = Field(foreign_key="question.id", ondelete="CASCADE")
    user_id: str
    helpful: bool
    given_at: datetime = Field(sa_type=UtcDateTime)


class InboxRow(SQLModel, table=True):
    """A platform event accepted (and acknowledged) but maybe not yet processed.

    The unique event key makes platform retries land on the row that is already here.
    """

    __tablename__ = "inbox"
    __table_args__ = (
        UniqueConstraint("platform", "event_key", name="uq_inbox_event"),
        Index("ix_inbox_pending", "processed_at", "claimed_until"),
    )

    id: int | None = Field(default=None, primary_key=True)
    platform: str
    event_key: str
    kind: str
    received_at: datetime = Field(sa_type=UtcDateTime)
    attempts: int = 0
    claimed_until: datetime | None = Field(default=None, sa_type=UtcDateTime)
    processed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    dead_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    """Given up on (payload kept, never claimed) until an operator retries or drops it."""
    outcome: str = Field(default="", sa_type=Text)
    payload: dict = Field(default_factory=dict, sa_type=JSON)


class ReleaseRow(SQLModel, table=True):
    __tablename__ = "release"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    released_at: datetime = Field(sa_type=UtcDateTime)
    recorded_by: str = ""


class TipChangeRow(SQLModel, table=True):
    """The audit trail of trainers' decisions and edits: who, what, when, before and after."""

    __tablename__ = "tip_change"
    __table_args__ = (Index("ix_tip_change_tip", "tip_id"),)

    id: int | None = Field(default=None, primary_key=True)
    tip_id: int = Field(foreign_key="tip.id", ondelete="CASCADE")
    actor_id: str
    actor_name: str = ""
    action: str
    at: datetime = Field(sa_type=UtcDateTime)
    before: dict = Field(default_factory=dict, sa_type=JSON)
    after: dict = Field(default_factory=dict, sa_type=JSON)


class DigestRunRow(SQLModel, table=True):
    """One digest for one period: claimed before it is posted, so it is posted once across replicas."""

    __tablename__ = "digest_run"
    __table_args__ = (UniqueConstraint("name", "period", name="uq_digest_run"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str
    period: str
    state: str
    """claimed | posted | failed"""
    claimed_at: datetime = Field(sa_type=UtcDateTime)
    """When the sender holding it last said it is alive (renewed while it posts)."""
    started_at: datetime = Field(sa_type=UtcDateTime)
    """When the first sender claimed it: a resuming sender looks for unrecorded messages from then."""
    posted_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    attempts: int = 0
    error: str = Field(default="", sa_type=Text)
    messages: list = Field(default_factory=list, sa_type=JSON)
    """Where each message went, recorded one by one as each is posted."""


class ConversationRow(SQLModel, table=True):
    """A conversation the bot was added to, with the platform's address for posting there later."""

    __tablename__ = "conversation"
    __table_args__ = (UniqueConstraint("platform", "conversation_id", name="uq_conversation"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str
    workspace_id: str
    conversation_id: str
    kind: str
    name: str
    address: dict = Field(default_factory=dict, sa_type=JSON)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class PostRow(SQLModel, table=True):
    """A message the bot posted about a tip (reactions count as saves) or an answer (reactions as feedback)."""

    __tablename__ = "bot_post"
    __table_args__ = (UniqueConstraint("platform", "conversation_id", "message_id", name="uq_bot_post"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str
    conversation_id: str
    message_id: str
    tip_id: int | None = Field(default=None, foreign_key="tip.id", ondelete="CASCADE")
    question_id: int | None = Field(default=None, foreign_key="question.id", ondelete="CASCADE")


class EventReplyRow(SQLModel, table=True):
    """A reply posted while processing an inbox event, by its place in that processing: a later attempt at the
    same event skips it. Ids and ordinals only, never the message's text."""

    __tablename__ = "event_reply"
    __table_args__ = (UniqueConstraint("platform", "event_key", "ordinal", name="uq_event_reply"),)

    id: int | None = Field(default=None, primary_key=True)
    platform: str
    event_key: str
    ordinal: int
    message_id: str = ""
    """The platform's id of the posted message ("" when it gives none, e.g. a response_url answer)."""
    sent_at: datetime = Field(sa_type=UtcDateTime)


metadata = SQLModel.metadata
