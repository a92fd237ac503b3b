"""What the runtime needs from the store, as Protocols: the inbox of accepted platform events, the digest
runs, the chats the bot may post to, the posts it made and the replies posted while processing each event.
The core (bot/) never sees these: they are the plumbing around it, used by the inbox worker, the digest
sender and the adapters."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Iterable, Protocol

from bot.model import DigestRun, Post, PostedMessage
from runtime.model import Conversation, DeadEvent, InboxBacklog, InboxItem, NewEvent


class Inbox(Protocol):
    """Platform events, written before they are acknowledged and processed from here, at most once each."""

    def accept(self, platform: str, event_key: str, kind: str, payload: dict, now: datetime) -> bool:
        """Store a new event; False when this event key was accepted before (a platform retry)."""

    def accept_all(self, events: list[NewEvent], now: datetime) -> int:
        """Store the events that are new in one statement (a platform retry is skipped); how many were new."""

    def claim(self, now: datetime, lease: timedelta, limit: int) -> list[InboxItem]:
        """Unprocessed events nobody holds (or whose holder's lease ran out), now held until now + lease."""

    def finish(self, item_id: int, now: datetime, outcome: str) -> None:
        """The event is done with (handled, or given up on): never claimed again, its payload erased."""

    def retry_later(self, item_id: int, at: datetime, error: str) -> None:
        """Processing failed for a passing reason: the event may be claimed again from `at`."""

    def renew(self, item_ids: list[int], until: datetime) -> None:
        """The worker is still on these events: nobody else may claim them before `until`."""

    def bury(self, item_id: int, now: datetime, reason: str) -> None:
        """Give up on an event that keeps failing for a reason of its own: never claimed again, payload kept."""

    def pending(self) -> int:
        """How many events are still to be processed (dead ones excluded)."""

    def backlog(self) -> InboxBacklog:
        """Counts of waiting, retrying and dead events, and the age of the oldest one still to be processed."""

    def dead(self, limit: int = 100) -> list[DeadEvent]:
        """Dead events, oldest first."""

    def revive(self, item_id: int | None) -> int:
        """Dead events (one, or all with None) wait again, counted as tried once (so the replies their earlier
        attempts posted are looked up, not posted again); how many were revived."""

    def drop(self, item_id: int, now: datetime) -> bool:
        """Close a dead event for good, erase its payload and forget its replies; False when no dead event has
        this id."""


class DigestRuns(Protocol):
    def claim(self, name: str, period: str, now: datetime, stale_after: timedelta) -> DigestRun | None:
        """Take (digest, period) for sending. None when it was posted already, or when another sender's
        claim is younger than `stale_after` (a claim older than that belongs to a sender that died)."""

    def renew(self, run_id: int, now: datetime) -> None:
        """The sender holding this claim is still posting: its claim is as young as `now`."""

    def in_flight(self, name: str, period: str, now: datetime, stale_after: timedelta) -> bool:
        """Another sender holds a claim on (digest, period) younger than `stale_after`, not posted yet."""

    def keep_message(self, run_id: int, message: PostedMessage) -> None:
        """One more of the run's messages was just posted: add its record to the run's messages."""

    def posted(self, run_id: int, now: datetime, messages: list[PostedMessage]) -> None:
        """Every message is out: the run is done, with `messages` as its records."""

    def failed(self, run_id: int, error: str) -> None:
        """Posting failed: the next attempt may claim it at once."""

    def find_message(self, channel: str, ts: str) -> DigestRun | None:
        """The posted run one of whose messages is message `ts` of conversation `channel`."""

    def ever_posted(self, name: str) -> bool: ...

    def last_channel(self, name: str) -> str | None:
        """The channel id where this digest was last posted."""


class ReplyLedger(Protocol):
    """The replies posted while processing an inbox event, by their place (ordinal, from 1) in that processing,
    so a later attempt at the same event posts only those not sent yet. Ids and ordinals only, never text."""

    def sent(self, platform: str, event_key: str) -> dict[int, str]:
        """ordinal -> the platform's id of the message ("" when the platform gave none), for this event."""

    def record(self, platform: str, event_key: str, ordinal: int, message_id: str, now: datetime) -> None:
        """This reply was posted (recording the same ordinal twice keeps the first)."""

    def forget(self, platform: str, event_key: str) -> int:
        """The event is finished: its replies need no record any more; how many were removed."""


class ConversationBook(Protocol):
    """Where the bot was added, kept so it can post there later (proactive messages)."""

    def remember(self, conversation: Conversation) -> None:
        """Add it, or replace what was known about the same (platform, conversation_id)."""

    def get(self, platform: str, conversation_id: str) -> Conversation | None:
        """By id only: a conversation's name is anyone's to choose, so nothing is found by name."""


class PostLog(Protocol):
    """Messages the bot posted about a tip or an answer."""

    def add(self, post: Post) -> None:
        """Keep it (adding the same message twice keeps the first)."""

    def find(self, platform: str, conversation_id: str, message_id: str) -> Post | None: ...

    def keep_only(self, platform: str, conversation_id: str, message_ids: Iterable[str]) -> int:
        """Forget the posts in this conversation but those named (a view published again replaces the last);
        how many were forgotten."""


class RuntimeUnitOfWork(Protocol):
    """One transaction over the runtime's records: all committed together by `commit()`, or none."""

    inbox: Inbox
    digest_runs: DigestRuns
    conversations: ConversationBook
    posts: PostLog
    replies: ReplyLedger

    def __enter__(self) -> "RuntimeUnitOfWork": ...

    def __exit__(self, *exc: object) -> None:
        """Roll back whatever was not committed."""

    def commit(self) -> None: ...

    def schema_revision(self) -> str | None:
        """The schema's migration revision, as the database records it (for the readiness check)."""


class RuntimeUnits(Protocol):
    """Opens a fresh RuntimeUnitOfWork each time it is called."""

    def __call__(self) -> RuntimeUnitOfWork: ...
