"""The core's only input. Adapters translate platform payloads into these."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from bot.model import FileRef, Origin, Person, Source, SourceRef, Tip, TipStatus, Viewer, Visibility

if TYPE_CHECKING:  # named in annotations only: bot.commands, which every adapter imports, does not hand it out
    from bot.operator import Operator


@dataclass(frozen=True)
class Command:
    """Base of every command."""


@dataclass(frozen=True)
class Clicked:
    """Where a trainer's button or form came from, as Tipjar recorded the message when it posted it, for the
    trainer rule (bot.trainers): the platform, the digest whose trainers act there (None: the first digest), the
    channel (Teams: team or chat) that digest is posted in, the workspace (Slack team, Teams tenant) of the click,
    and the tips and questions the clicked message shows. A trainer's command acts only on one of those, of
    that workspace. The other place a trainer's command may carry is the `Operator` (bot.operator)."""

    platform: str
    digest: str | None
    channel_id: str | None
    workspace_id: str
    tips: frozenset[int] = frozenset()
    questions: frozenset[int] = frozenset()


@dataclass(frozen=True)
class CaptureMessage(Command):
    """Someone flagged a message (reaction, shortcut, message action)."""

    source: Source
    text: str
    saver_id: str
    visibility: Visibility
    origin: Origin = Origin.REACTION
    author_can_confirm: bool = False
    """The platform can ask the author privately (privacy.patient_data: hold); otherwise identifiers are redacted."""
    confirmed: bool = False
    """The author confirmed it holds no patient data: stored as written."""


@dataclass(frozen=True)
class RemoveVote(Command):
    """Someone took their flag back (reaction removed)."""

    ref: SourceRef
    saver_id: str


@dataclass(frozen=True)
class SubmitTip(Command):
    """`/tip text #tags`: the poster is author and first saver."""

    source: Source
    text: str
    visibility: Visibility
    author_can_confirm: bool = False
    confirmed: bool = False


@dataclass(frozen=True)
class EditSource(Command):
    ref: SourceRef
    text: str
    files: tuple[FileRef, ...] | None = None
    """The files the edited message still has; None when the edit does not say (its files are left as they are)."""


@dataclass(frozen=True)
class DeleteSource(Command):
    ref: SourceRef


@dataclass(frozen=True)
class Ask(Command):
    viewer: Viewer
    text: str
    limit: int | None = None
    within: frozenset[str] | None = None
    """When the answer is shown to a whole channel rather than to the viewer alone: the private channels
    everyone there may read. Private tips from any other channel stay out of the answer."""
    public: bool = True
    """False when the answer is shown where people of other workspaces may read it (a Teams channel that is
    its own scope, shared channels among them): no public tip then, only `within`'s."""


@dataclass(frozen=True)
class RecordFeedback(Command):
    """"Helpful" / "Not helpful" on an /ask answer."""

    question_id: int
    user_id: str
    helpful: bool


@dataclass(frozen=True)
class Review(Command):
    """A trainer sets a tip's review state."""

    tip_id: int
    reviewer_id: str
    status: TipStatus
    reviewer_name: str = ""
    at: Clicked | Operator = field(kw_only=True)


@dataclass(frozen=True)
class EditTip(Command):
    """A trainer corrects a tip's text and tags (the source message stays as its author wrote it)."""

    tip_id: int
    editor_id: str
    text: str
    tags: tuple[str, ...]
    editor_name: str = ""
    at: Clicked | Operator = field(kw_only=True)


@dataclass(frozen=True)
class RecordRelease(Command):
    """A new version of the system went live: tips captured before it are due for re-checking."""

    name: str
    recorded_by: str
    released_at: datetime | None = None
    at: Clicked | Operator = field(kw_only=True)


@dataclass(frozen=True)
class MakeChannelPrivate(Command):
    """A channel became private: its public tips become private (its members only) from now on."""

    platform: str
    workspace_id: str
    channel_id: str


@dataclass(frozen=True)
class RecordMembership(Command):
    """The platform told us who is in a channel (used for private-tip access)."""

    platform: str
    workspace_id: str
    channel_id: str
    user_ids: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class EraseTip(Command):
    """Delete a tip and erase its words everywhere: its author, its first saver or a trainer asked for it.
    `at`: the message whose Delete was clicked, as recorded (a trainer may delete a tip it shows); None where
    no record says what the message shows (a private note, an old card): then only the author or first saver."""

    tip_id: int
    actor_id: str
    at: Clicked | Operator | None = field(default=None, kw_only=True)


@dataclass(frozen=True)
class Purge(Command):
    """The operator's erasure (`tipjar purge`): one tip, everything by one person, or every text holding `match`."""

    tip_id: int | None = None
    user_id: str | None = None
    match: str | None = None
    dry_run: bool = False


@dataclass(frozen=True)
class ImportTips(Command):
    """Tips from an export file. A tip whose source is already stored only adds its savers and tags."""

    tips: tuple[Tip, ...]


@dataclass(frozen=True)
class AnswerGap(Command):
    """A trainer answers a question nobody could answer (and every question grouped with it)."""

    question_id: int
    trainer: Person
    text: str
    tags: tuple[str, ...] = ()
    at: Clicked | Operator = field(kw_only=True)


@dataclass(frozen=True)
class DismissGap(Command):
    """A trainer decides a question is not one for them ("Not a question for us"): it leaves the digest."""

    question_id: int
    trainer: Person
    at: Clicked | Operator = field(kw_only=True)
