"""Domain types. Plain dataclasses: no database, no platform."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum


class Visibility(str, Enum):
    PUBLIC = "public"
    PRIVATE = "private"


class TipStatus(str, Enum):
    NEW = "new"
    APPROVED = "approved"
    NEEDS_UPDATE = "needs_update"
    ARCHIVED = "archived"


class Origin(str, Enum):
    """How a tip entered Tipjar."""

    REACTION = "reaction"
    COMMAND = "command"
    SHORTCUT = "shortcut"
    IMPORT = "import"
    ANSWER = "answer"
    """A trainer's answer to a question nobody could answer (bot.gaps)."""


@dataclass(frozen=True)
class SourceRef:
    """The identity of a chat message: unique per platform and workspace."""

    platform: str
    workspace_id: str
    channel_id: str
    message_id: str


@dataclass(frozen=True)
class Person:
    user_id: str
    name: str = ""

    @property
    def display_name(self) -> str:
        return self.name or self.user_id


@dataclass(frozen=True)
class FileRef:
    """A file attached to a saved message, kept as a reference only: the chat platform keeps the file and
    decides who may open `link`; Tipjar never downloads or copies it."""

    name: str
    kind: str = ""
    """The media type ("image/png") or the platform's file type."""
    size: int = 0
    link: str = ""


@dataclass
class Source:
    """Where a tip came from: the message, its channel and its author."""

    ref: SourceRef
    author: Person
    thread_id: str | None = None
    permalink: str = ""
    channel_name: str = ""
    posted_at: datetime | None = None
    files: tuple[FileRef, ...] = ()


@dataclass
class Tip:
    source: Source
    text: str
    visibility: Visibility
    origin: Origin
    captured_at: datetime
    status: TipStatus = TipStatus.NEW
    tags: list[str] = field(default_factory=list)
    savers: list[str] = field(default_factory=list)
    previous_text: str | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None
    id: int | None = None
    redacted: list[str] = field(default_factory=list)
    """Kinds of patient identifier (NAME, MRN...) removed from the text before it was stored."""
    captured_by: str | None = None
    """Who saved it first, fixed at capture (the first of `savers` when not given): savers may take their vote
    back, and the first saver's right to delete the tip must not pass to the next one. "" when nobody did."""

    def __post_init__(self) -> None:
        if self.captured_by is None:
            self.captured_by = self.savers[0] if self.savers else ""

    @property
    def votes(self) -> int:
        return len(self.savers)

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def created_at(self) -> datetime:
        """When the source message was posted (the capture time when unknown)."""
        return self.source.posted_at or self.captured_at


@dataclass
class Question:
    """A question asked with /ask, kept so the digest can show what nobody could answer."""

    asker_id: str
    text: str
    asked_at: datetime
    platform: str
    workspace_id: str
    answered: bool
    tip_ids: list[int] = field(default_factory=list)
    id: int | None = None
    resolution: str = ""
    """"" while open; "answered" (a trainer wrote `answer_tip_id`) or "dismissed" ("Not a question for us")."""
    resolved_at: datetime | None = None
    resolved_by: str = ""
    """The trainer's name, as the digest credits them."""
    answer_tip_id: int | None = None

    @property
    def resolved(self) -> bool:
        return bool(self.resolution)


@dataclass(frozen=True)
class Viewer:
    """Who is looking: used to decide which private tips they may see."""

    platform: str
    workspace_id: str
    user_id: str


@dataclass(frozen=True)
class Feedback:
    """A verdict on one /ask answer."""

    question_id: int
    user_id: str
    helpful: bool
    given_at: datetime


@dataclass(frozen=True)
class Release:
    """A new version of the system people work in (e.g. "EMR 2.3"): tips from before it need re-checking."""

    name: str
    released_at: datetime
    id: int | None = None


@dataclass(frozen=True)
class TipChange:
    """One audited change a trainer made to a tip: a review decision or an edit."""

    tip_id: int
    actor_id: str
    actor_name: str
    action: str
    """"status" or "edit"."""
    before: dict
    after: dict
    at: datetime
    id: int | None = None


@dataclass(frozen=True)
class PostedMessage:
    """One posted message of a digest: where it is, and the tips and questions it shows with their buttons.

    Its renderer says what it shows as it renders it; the poster adds where the platform put it. A trainer's
    click is checked against this record (bot.trainers), never against ids the click itself carries."""

    conversation_id: str
    """The Slack channel or Teams conversation it was posted to."""
    message_id: str
    """The platform's id of the message: Slack's ts, the Teams activity id."""
    tips: tuple[int, ...] = ()
    questions: tuple[int, ...] = ()


@dataclass(frozen=True)
class DigestRun:
    """One digest for one period, and where it was posted: one record per message, kept as each is posted (a
    run whose sender stopped half-way holds the messages already out)."""

    id: int
    name: str
    period: str
    state: str
    attempts: int
    messages: list[PostedMessage] = field(default_factory=list)
    started_at: datetime | None = None
    """When the run was first claimed (before any of its messages was posted)."""


@dataclass(frozen=True)
class Post:
    """A message the bot posted about one tip or one answer, so a reaction to it can be traced back."""

    platform: str
    conversation_id: str
    message_id: str
    tip_id: int | None = None
    question_id: int | None = None
