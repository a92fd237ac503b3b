"""InboxWorker: processes accepted platform events from the store's inbox, each one to an end.

Adapters write an event to the inbox before acknowledging it, then wake the worker. Whatever the worker
has not finished when the process stops is still in the inbox and is claimed again on the next start (by
this replica or another), so an acknowledged event is never lost. Processing must be idempotent: an event
whose worker died half-way is processed again once its lease runs out.

Claims are short and renewed by a heartbeat while the worker is on them, so a worker that dies (kill -9,
out of memory, a lost container) holds its events for seconds, not minutes. An event whose processing
fails is tried again later: when the store failed, for as long as the store stays down (the failure says
nothing about the event); for any other passing reason, until `give_up_after` has gone by since it
arrived, after which it is dead: kept, payload and all, for an operator to retry or drop. A malformed
payload is dead at once; an event whose message or channel is gone (PermanentFailure) is closed.

Replies a handler posts go through runtime.replies: an event processed again does not repeat the replies an
earlier attempt recorded posting. Their records go when the event is closed.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable, Protocol

from bot.ports import Clock, MalformedEvent, PermanentFailure, StoreUnavailable
from runtime.model import InboxItem
from runtime.ports import RuntimeUnits
from runtime.replies import EventReplies

log = logging.getLogger(__name__)

Handler = Callable[[InboxItem], str]
CLAIM_RETRY_CAP = timedelta(seconds=30)
"""Longest pause between two attempts to claim while the store is down: new events wait no longer than this."""


class InboxObserver(Protocol):
    """Told what became of each event, for an operator's figures (metrics live outside the core)."""

    def processed(self, item: InboxItem, result: str, seconds: float) -> None:
        """`result`: done, failed, retrying or dead; `seconds`: how long handling took."""


class NoObserver:
    def processed(self, item: InboxItem, result: str, seconds: float) -> None:
        pass


@dataclass(frozen=True)
class RetryPolicy:
    """Waits double from `first_delay` up to `max_delay`; an event failing for reasons of its own dies once
    `give_up_after` has passed since it arrived."""

    first_delay: timedelta = timedelta(seconds=2)
    max_delay: timedelta = timedelta(minutes=5)
    give_up_after: timedelta = timedelta(hours=24)

    def delay(self, failures: int) -> timedelta:
        doublings = min(max(failures - 1, 0), 30)
        return min(self.first_delay * 2 ** doublings, self.max_delay)


class InboxWorker:
    def __init__(self, units: RuntimeUnits, clock: Clock, handle: Handler, *,
                 lease: timedelta = timedelta(seconds=15), retry: RetryPolicy = RetryPolicy(), batch: int = 10,
                 busy: Callable[[], bool] = lambda: False, observer: InboxObserver = NoObserver()) -> None:
        self.units, self.clock, self.handle, self.observer = units, clock, handle, observer
        self.lease, self.retry, self.batch = lease, retry, batch
        self.busy = busy
        """True while the platform is waiting for acknowledgements: the worker steps aside for them."""
        self.wake = threading.Event()
        self._held: set[int] = set()
        self._held_lock = threading.Lock()
        self._store_failures = 0

    def run_once(self) -> int:
        """Claim a batch of waiting events and process them; how many were claimed."""
        with self.units() as uow:
            items = uow.inbox.claim(self.clock.now(), self.lease, self.batch)
            uow.commit()
        self._hold(items)
        try:
            for number, item in enumerate(items):
                self._step_aside()
                if not self._process(item):
                    self._put_back(items[number + 1:])
                    break
        finally:
            self._release(items)
        return len(items)

    def _step_aside(self, most_seconds: float = 0.5) -> None:
        """Let acknowledgements go first: wait while they flow, but never so long that work stalls."""
        deadline = time.monotonic() + most_seconds
        while self.busy() and time.monotonic() < deadline:
            time.sleep(0.005)

    def run(self, stop: threading.Event, idle_seconds: float = 1.0) -> None:
        """Process until `stop` is set; between batches wait for `wake` (or `idle_seconds`, to pick up retries).
        While the store is down, wait longer each time (up to the retry policy's longest delay)."""
        while not stop.is_set():
            try:
                claimed = self.run_once()
                self._store_failures = 0
            except StoreUnavailable as exc:
                self._store_failures += 1
                longest = min(self.retry.max_delay, CLAIM_RETRY_CAP).total_seconds()
                pause = max(idle_seconds, min(self.retry.delay(self._store_failures).total_seconds(), longest))
                log.error("inbox: store unavailable, trying again in %.0f s: %s", pause, exc)
                stop.wait(pause)
                continue
            if not claimed:
                self.wake.wait(idle_seconds)
                self.wake.clear()

    def heartbeat(self, stop: threading.Event) -> None:
        """Renew the claims on events being processed, a third of a lease apart, until `stop` is set."""
        while not stop.wait(self.lease.total_seconds() / 3):
            try:
                self.beat()
            except StoreUnavailable as exc:  # the claims may lapse: the work in hand cannot commit either
                log.warning("inbox: claims not renewed: %s", exc)

    def beat(self) -> None:
        with self._held_lock:
            held = sorted(self._held)
        if held:
            with self.units() as uow:
                uow.inbox.renew(held, self.clock.now() + self.lease)
                uow.commit()

    def _process(self, item: InboxItem) -> bool:
        """Process one event; False when the store failed (the rest of the batch would fail the same way)."""
        started = time.monotonic()
        result, store_down = self._attempt(item)
        seconds = time.monotonic() - started
        self.observer.processed(item, result, seconds)
        # One line per event, with fields a JSON log keeps apart; never the payload (it holds message text).
        log.info("inbox: %s event %s %s in %.0f ms", item.kind, item.event_key, result, seconds * 1000,
                 extra={"platform": item.platform, "event_key": item.event_key, "outcome": result,
                        "duration_ms": round(seconds * 1000, 1)})
        if store_down:
            return False
        self._release([item])
        return True

    def _attempt(self, item: InboxItem) -> tuple[str, bool]:
        """What became of the event (done, failed, dead or retrying), and whether the store was down."""
        replies = EventReplies(self.units, self.clock, item)
        try:
            with replies.current():
                outcome = self.handle(item)
        except PermanentFailure as exc:
            log.warning("inbox: %s event %s closed: %s", item.kind, item.event_key, exc)
            self._close(item, f"failed: {exc}", replies)
            return "failed", False
        except MalformedEvent as exc:
            log.error("inbox: %s event %s dead: %s", item.kind, item.event_key, exc)
            self._bury(item, f"malformed: {exc}")
            return "dead", False
        except StoreUnavailable as exc:
            self._retry(item, exc, item.attempts)
            return "retrying", True
        except Exception as exc:  # noqa: BLE001 - any other failure is retried, then given up on
            return self._after_failure(item, exc), False
        self._close(item, outcome or "done", replies)
        return "done", False

    def _after_failure(self, item: InboxItem, exc: Exception) -> str:
        reason = stored_reason(exc)
        failing_for = self.clock.now() - item.received_at
        if failing_for >= self.retry.give_up_after:
            log.error("inbox: %s event %s dead after %d attempts over %s: %s: %s",
                      item.kind, item.event_key, item.attempts, failing_for, reason, exc)
            self._bury(item, f"dead after {item.attempts} attempts: {reason}")
            return "dead"
        self._retry(item, exc, item.attempts)
        return "retrying"

    def _retry(self, item: InboxItem, exc: Exception, failures: int) -> None:
        delay = self.retry.delay(failures)
        log.warning("inbox: %s event %s failed (attempt %d), retrying in %s: %s: %s",
                    item.kind, item.event_key, item.attempts, delay, type(exc).__name__, exc)
        try:
            with self.units() as uow:
                uow.inbox.retry_later(item.id, self.clock.now() + delay, stored_reason(exc))
                uow.commit()
        except StoreUnavailable:  # the claim lapses by itself and the event is taken up again then
            log.warning("inbox: %s event %s left to its lease: the store is down", item.kind, item.event_key)

    def _put_back(self, items: list[InboxItem]) -> None:
        """Events of the batch not yet started: free them for a try once the store is back."""
        if not items:
            return
        try:
            with self.units() as uow:
                uow.inbox.renew([item.id for item in items], self.clock.now() + self.retry.first_delay)
                uow.commit()
        except StoreUnavailable:
            pass  # their claims lapse by themselves

    def _bury(self, item: InboxItem, reason: str) -> None:
        with self.units() as uow:
            uow.inbox.bury(item.id, self.clock.now(), reason)
            uow.commit()

    def _close(self, item: InboxItem, outcome: str, replies: EventReplies) -> None:
        with self.units() as uow:
            uow.inbox.finish(item.id, self.clock.now(), outcome)
            if replies.kept:  # never processed again: which replies went out needs no record any more
                uow.replies.forget(item.platform, item.event_key)
            uow.commit()

    def _hold(self, items: list[InboxItem]) -> None:
        with self._held_lock:
            self._held.update(item.id for item in items)

    def _release(self, items: list[InboxItem]) -> None:
        with self._held_lock:
            self._held.difference_update(item.id for item in items)


def stored_reason(exc: Exception) -> str:
    """Why an attempt failed, as the inbox keeps it: the exception's kind only. Its message may quote the event
    (a ValueError repeats the value it could not read) and the inbox row outlives the payload; the log has it."""
    return type(exc).__name__
