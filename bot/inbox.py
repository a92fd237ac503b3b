"""InboxWorker: processes accepted platform events from the store's inbox, each one to an end.

Adapters write an event to the inbox before acknowledging it, then wake the worker. Whatever the worker
has not finished when the process stops is still in the inbox and is claimed again on the next start (by
this replica or another), so an acknowledged event is never lost. Processing must be idempotent: an event
whose worker died half-way is processed again once its lease runs out.
"""
from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta
from typing import Callable

from bot.model import InboxItem
from bot.ports import Clock, PermanentFailure, StoreUnavailable, UnitOfWorkFactory

log = logging.getLogger(__name__)

Handler = Callable[[InboxItem], str]


class InboxWorker:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, handle: Handler, *,
                 lease: timedelta = timedelta(minutes=2), max_attempts: int = 5, batch: int = 10,
                 busy: Callable[[], bool] = lambda: False) -> None:
        self.uow, self.clock, self.handle = uow, clock, handle
        self.lease, self.max_attempts, self.batch = lease, max_attempts, batch
        self.busy = busy
        """True while the platform is waiting for acknowledgements: the worker steps aside for them."""
        self.wake = threading.Event()

    def run_once(self) -> int:
        """Claim a batch of waiting events and process them; how many were claimed."""
        with self.uow() as uow:
            items = uow.inbox.claim(self.clock.now(), self.lease, self.batch)
            uow.commit()
        for item in items:
            self._step_aside()
            self._process(item)
        return len(items)

    def _step_aside(self, most_seconds: float = 0.5) -> None:
        """Let acknowledgements go first: wait while they flow, but never so long that work stalls."""
        deadline = time.monotonic() + most_seconds
        while self.busy() and time.monotonic() < deadline:
            time.sleep(0.005)

    def run(self, stop: threading.Event, idle_seconds: float = 1.0) -> None:
        """Process until `stop` is set; between batches wait for `wake` (or `idle_seconds`, to pick up retries)."""
        while not stop.is_set():
            try:
                claimed = self.run_once()
            except StoreUnavailable as exc:
                log.error("inbox: store unavailable, retrying in %.0f s: %s", idle_seconds, exc)
                claimed = 0
            if not claimed:
                self.wake.wait(idle_seconds)
                self.wake.clear()

    def _process(self, item: InboxItem) -> None:
        try:
            outcome = self.handle(item)
        except PermanentFailure as exc:
            log.warning("inbox: %s event %s closed: %s", item.kind, item.event_key, exc)
            self._close(item, f"failed: {exc}")
        except Exception as exc:  # noqa: BLE001 - any other failure is retried, then given up on
            self._after_failure(item, exc)
        else:
            self._close(item, outcome or "done")

    def _after_failure(self, item: InboxItem, exc: Exception) -> None:
        reason = f"{type(exc).__name__}: {exc}"
        if item.attempts >= self.max_attempts:
            log.error("inbox: %s event %s given up after %d attempts: %s", item.kind, item.event_key, item.attempts, reason)
            self._close(item, f"gave up after {item.attempts} attempts: {reason}")
            return
        delay = timedelta(seconds=min(2 ** item.attempts, 300))
        log.warning("inbox: %s event %s failed (attempt %d), retrying in %s: %s",
                    item.kind, item.event_key, item.attempts, delay, reason)
        with self.uow() as uow:
            uow.inbox.retry_later(item.id, self.clock.now() + delay, reason)
            uow.commit()

    def _close(self, item: InboxItem, outcome: str) -> None:
        with self.uow() as uow:
            uow.inbox.finish(item.id, self.clock.now(), outcome)
            uow.commit()
