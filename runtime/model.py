"""The runtime's records: accepted platform events and the chats the bot can post to. Plain dataclasses."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class InboxItem:
    """An accepted platform event waiting to be processed (or being processed)."""

    id: int
    platform: str
    event_key: str
    kind: str
    payload: dict
    attempts: int
    received_at: datetime


@dataclass(frozen=True)
class NewEvent:
    """A platform event as it arrives, before the inbox gives it an id."""

    platform: str
    event_key: str
    kind: str
    payload: dict


@dataclass(frozen=True)
class InboxBacklog:
    """What the inbox holds that is not done: never tried, failed and waiting to be tried again, given up."""

    waiting: int = 0
    retrying: int = 0
    dead: int = 0
    oldest: datetime | None = None
    """When the oldest event still to be processed (waiting or retrying) arrived."""


@dataclass(frozen=True)
class DeadEvent:
    """An event given up on: its payload is kept so that it can be processed again (`tipjar inbox retry`)."""

    id: int
    platform: str
    kind: str
    event_key: str
    received_at: datetime
    attempts: int
    reason: str


@dataclass(frozen=True)
class Conversation:
    """A chat, channel or team the bot was added to, and how to reach it later without being asked
    (a proactive message such as the digest). `address` is the platform's own description, opaque here."""

    platform: str
    workspace_id: str
    conversation_id: str
    kind: str
    """"channel", "team", "group" or "personal"."""
    name: str
    address: dict
    updated_at: datetime
