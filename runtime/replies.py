"""Replies posted once per inbox event, however many times the event is processed.

A worker that dies half-way through an event leaves it to be processed again, and a handler may post more
than once for one event (two notes, a card then a reply, one note per asker). Each reply posted while an event
is processed is numbered in order (its ordinal) and recorded in the store's ReplyLedger the moment the
platform answers, in a commit of its own; a later attempt at the same event counts its replies the same way
and skips those an earlier attempt recorded. The first attempt only writes (one small insert per reply); only
a retry reads the ledger, once, at its first reply.

What stays open: a reply the platform received while the process died before recording it is posted again.
Chat APIs take no idempotency key, so that window can be made short, not closed.

The worker opens `EventReplies.current()` around each event; the adapters post through `posted_once`, one
call per platform's posting path. Outside an event (a command, the digest schedule) `posted_once` just posts.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from bot.ports import Clock
from runtime.model import InboxItem
from runtime.ports import RuntimeUnits

log = logging.getLogger(__name__)
_handling: ContextVar["EventReplies | None"] = ContextVar("tipjar_event_replies", default=None)
"""The event this thread is processing; each worker thread has its own."""


@dataclass(frozen=True)
class Sent:
    """A reply that is out: the platform's id for it, and whether an earlier attempt posted it (not this one)."""

    message_id: str
    earlier: bool = False


class EventReplies:
    """The replies of one attempt at one inbox event, numbered from 1 in the order the handler posts them."""

    def __init__(self, units: RuntimeUnits, clock: Clock, item: InboxItem) -> None:
        self.units, self.clock, self.item = units, clock, item
        self._posted = 0
        self._earlier: dict[int, str] | None = {} if item.attempts <= 1 else None  # None: not looked up yet
        self.kept = item.attempts > 1
        """The ledger may hold rows of this event (a retry's, or a reply recorded now): closing it removes them."""

    @contextmanager
    def current(self) -> Iterator["EventReplies"]:
        token = _handling.set(self)
        try:
            yield self
        finally:
            _handling.reset(token)

    def post(self, send: Callable[[], str | None]) -> Sent | None:
        """Post through `send` (the platform's id of the message, or None when it was not delivered) unless an
        earlier attempt already posted this reply; record it as soon as `send` returns."""
        self._posted += 1
        ordinal = self._posted
        earlier = self._earlier_replies()
        if ordinal in earlier:
            log.info("inbox: %s event %s: reply %d was posted by an earlier attempt, not posted again",
                     self.item.kind, self.item.event_key, ordinal)
            return Sent(earlier[ordinal], earlier=True)
        message_id = send()
        if message_id is None:
            return None
        with self.units() as uow:
            uow.replies.record(self.item.platform, self.item.event_key, ordinal, message_id, self.clock.now())
            uow.commit()
        self.kept = True
        return Sent(message_id)

    def _earlier_replies(self) -> dict[int, str]:
        if self._earlier is None:
            with self.units() as uow:
                self._earlier = uow.replies.sent(self.item.platform, self.item.event_key)
        return self._earlier


def posted_once(send: Callable[[], str | None]) -> Sent | None:
    """Post a reply through `send` (see EventReplies.post): once per inbox event when one is being processed on
    this thread, else simply posted. None when `send` delivered nothing."""
    replies = _handling.get()
    if replies is not None:
        return replies.post(send)
    message_id = send()
    return None if message_id is None else Sent(message_id)
