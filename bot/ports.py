"""What the core needs from the outside world, as Protocols. The store and adapters implement them."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Iterable, Protocol

from bot.model import DigestRun, Feedback, Post, Question, Release, SourceRef, Tip, TipChange, TipStatus, Viewer

if TYPE_CHECKING:
    import numpy


@dataclass(frozen=True)
class Scope:
    """Which tips a search may return: the public tips of this workspace and of the workspaces it shares
    public tips with (bot.sharing), plus the private tips of these channels of this workspace."""

    platform: str = ""
    workspace_id: str = ""
    private_channel_ids: frozenset[str] = field(default_factory=frozenset)
    shared_workspaces: frozenset[str] = field(default_factory=frozenset)
    """Other workspaces, as "platform:workspace_id", whose public tips this scope reads too."""
    public: bool = True
    """False where people of other workspaces may read the answer too (a Teams shared channel): then no public
    tip, of this workspace or another, only the private tips of `private_channel_ids`."""


@dataclass(frozen=True)
class SearchHit:
    tip_id: int
    score: float
    """Higher is better; comparable only within one result list."""


@dataclass(frozen=True)
class TipFilter:
    """Selects tips for listings and exports. Deleted tips are never listed."""

    status: TipStatus | None = None
    tag: str | None = None
    captured_from: datetime | None = None
    captured_until: datetime | None = None
    include_archived: bool = True
    saver: str | None = None
    """Only tips this person saved."""


class TipRepository(Protocol):
    """`get` and `get_by_source` are reads for an update: concurrent units of work that read the same tip
    this way take turns, so none writes back a stale copy."""

    def get(self, tip_id: int) -> Tip | None: ...

    def get_by_source(self, ref: SourceRef) -> Tip | None:
        """The tip for this message, deleted or not."""

    def add(self, tip: Tip) -> Tip:
        """Store a new tip with its savers and tags; returns it with `id` set."""

    def update(self, tip: Tip) -> None:
        """Write back text, previous_text, status, tags, savers, updated_at, deleted_at."""

    def list(self, where: TipFilter = TipFilter()) -> list[Tip]: ...

    def get_many(self, tip_ids: Iterable[int]) -> dict[int, Tip]: ...

    def private_channels(self, platform: str, workspace_id: str) -> frozenset[str]:
        """Channels of this workspace that hold live private tips."""

    def public_channels(self, platform: str, workspace_id: str) -> frozenset[str]:
        """Channels of this workspace that hold live public tips."""

    def workspaces(self) -> frozenset[tuple[str, str]]:
        """(platform, workspace id) of every workspace that holds live tips."""


class QuestionRepository(Protocol):
    def add(self, question: Question) -> Question: ...

    def get(self, question_id: int) -> Question | None: ...

    def list(self, since: datetime | None = None, until: datetime | None = None) -> list[Question]: ...

    def resolve(self, question_ids: list[int], resolution: str, by: str, at: datetime,
                answer_tip_id: int | None = None) -> int:
        """Mark the still-open ones among `question_ids` "answered" or "dismissed"; how many changed."""


class FeedbackRepository(Protocol):
    def record(self, feedback: Feedback) -> None:
        """Keep this verdict; it replaces the same person's earlier verdict on the same answer."""

    def list(self, since: datetime | None = None, until: datetime | None = None) -> list[Feedback]: ...


class ReleaseRepository(Protocol):
    def add(self, release: Release) -> Release: ...

    def list(self) -> list[Release]:
        """Every recorded release, oldest first."""


class ChangeLog(Protocol):
    """The audit trail: every review decision and edit a trainer made, never rewritten."""

    def add(self, change: TipChange) -> None: ...

    def list(self, tip_ids: Iterable[int] | None = None) -> list[TipChange]:
        """Changes (of these tips), oldest first."""


class MembershipRepository(Protocol):
    def add(self, platform: str, workspace_id: str, channel_id: str, user_ids: Iterable[str]) -> None: ...

    def channels_of(self, platform: str, workspace_id: str, user_id: str) -> frozenset[str]: ...


class Searcher(Protocol):
    def search(self, query: str, scope: Scope, limit: int) -> list[SearchHit]:
        """Full-text search over live (not deleted, not archived) tips that `scope` may see, best first."""

    def visible(self, tip_ids: Iterable[int], scope: Scope) -> dict[int, TipStatus]:
        """Those of `tip_ids` that are live, not archived and readable by `scope`, with their review state."""

    def saves(self, tip_ids: Iterable[int]) -> dict[int, int]:
        """How many people saved (voted for) each of these tips; tips nobody saved are left out."""


@dataclass(frozen=True)
class StoredVector:
    row_id: int
    """Grows with every vector stored: a reader follows new vectors by it."""
    tip_id: int
    vector: bytes
    """float32, native byte order, unit length."""


class EmbeddingRepository(Protocol):
    """Sentence embeddings of tips, one per tip and model. The store drops a tip's vectors when its text changes."""

    def put(self, tip_id: int, model: str, vector: bytes, text: str) -> bool:
        """Keep `vector`, computed from `text`, for the tip under `model`, replacing any earlier one (as a new
        row) — but only while the tip is live and its text is still `text`; False when it was not kept."""

    def rows(self, model: str, after_row: int, also_rows: Iterable[int] = ()) -> list[StoredVector]:
        """Vectors of `model` stored after row `after_row`, plus the rows `also_rows`, by row."""

    def unembedded(self, model: str, after_tip: int, limit: int) -> list[tuple[int, str]]:
        """(id, text) of live tips after `after_tip` with no vector under `model`, by id."""

    def count_unembedded(self, model: str) -> int: ...


class ErasureStore(Protocol):
    """The places besides a tip's own row where words can linger, and how to wipe them."""

    def erase_audit_text(self, tip_ids: Iterable[int]) -> int:
        """Texts in the audit trail of these tips become "[erased]" (the rows stay); how many rows changed."""

    def erase_inbox_item(self, item_id: int) -> None:
        """This event's payload is erased now (its text was handled), before the event is finished."""

    def erase_inbox_mentioning(self, needles: Iterable[str]) -> int:
        """Payloads of inbox events holding any of `needles` are erased (unfinished ones are closed)."""

    def erase_questions(self, *, asker_id: str | None = None, containing: str | None = None,
                        asked_before: datetime | None = None) -> int:
        """Question texts matching every condition given become "[erased]"; how many changed."""

    def posts_about(self, tip_ids: Iterable[int]) -> list[Post]:
        """What the bot posted about these tips, or in answers that cited them."""

    def digests_posted_since(self, when: datetime) -> list[DigestRun]:
        """Digests posted at or after `when` (they may list a tip captured then)."""

    def tips_of(self, *, author_id: str | None = None, containing: str | None = None) -> list[int]:
        """Ids of tips (deleted or not, with text left) by this author or holding this text, in any case, in
        their text, earlier text, link, file names and links, tags or any version the audit trail kept."""

    def erase_inbox_containing(self, words: str) -> int:
        """Payloads of inbox events (dead ones too) holding `words` in any case are erased."""

    def clear_place_names(self, words: str) -> int:
        """Names of channels and chats holding `words` are cleared."""

    def posts_about_questions(self, *, asker_id: str | None = None, containing: str | None = None) -> list[Post]:
        """What the bot posted quoting the stored questions of this asker or holding these words."""


class UnitOfWork(Protocol):
    """One command's writes: all committed together by `commit()`, or none."""

    tips: TipRepository
    questions: QuestionRepository
    feedback: FeedbackRepository
    members: MembershipRepository
    releases: ReleaseRepository
    changes: ChangeLog
    search: Searcher
    embeddings: EmbeddingRepository
    erasure: ErasureStore

    def __enter__(self) -> "UnitOfWork": ...

    def __exit__(self, *exc: object) -> None:
        """Roll back whatever was not committed."""

    def commit(self) -> None: ...

    def compact(self, log_only: bool = False) -> list[str]:
        """After an erasure was committed: make the database drop the freed bytes (old full-text segments,
        the write-ahead log, dead rows; with `log_only`, the write-ahead log alone). Says what it did."""


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class Members(Protocol):
    """Who is in a channel (on Teams: a team or chat), as the platform knows it; empty when it cannot say."""

    def members(self, channel_id: str) -> frozenset[str]: ...


class Directory(Protocol):
    """Who may read which channel, as the platform knows it."""

    def readable(self, viewer: Viewer, channel_ids: frozenset[str]) -> frozenset[str]:
        """The channels among `channel_ids` (of the viewer's workspace) that the viewer can read."""


class Clock(Protocol):
    def now(self) -> datetime:
        """Timezone-aware UTC."""


class Embedder(Protocol):
    """Turns texts into sentence embeddings; `model` names the vector space (vectors of two models never mix)."""

    model: str

    def embed(self, texts: list[str]) -> "numpy.ndarray":
        """float32 array of shape (len(texts), dimensions), each row of unit length."""


class Answerer(Protocol):
    def compose(self, question: str, sources: list["AnswerSourceLike"]) -> str:
        """A short answer grounded in `sources`; empty string when it has nothing to add."""


class AnswerSourceLike(Protocol):
    tip: Tip
    score: float
    snippet: str


class StoreUnavailable(Exception):
    """The database cannot be reached or refused the work; nothing was written."""


class PermanentFailure(Exception):
    """The event can never be processed (the message or channel is gone): log it and close the event."""


class MalformedEvent(Exception):
    """The event's payload is not what the platform sends: trying again cannot help, but after a fix it may
    be replayed, so it is kept as a dead event (payload and all) rather than closed."""


class Conflict(Exception):
    """A concurrent writer got there first (a unique key was taken); retrying sees its result."""
