"""InboxWriter: stores accepted events in groups, one transaction (one disk sync) for all that arrived together.

Each caller still waits until its own event is committed before it acknowledges the platform; what changes
is that fifty requests arriving at once cost one commit instead of fifty. The first event after a quiet
moment is written at once: nothing waits to fill a batch.

`submit` hands back a future that completes when the event is committed, so the HTTP endpoints wait for it on
their event loop instead of holding a thread per request (`accept` blocks, for Slack's Socket Mode and tests).
"""
from __future__ import annotations

import threading
import time
from concurrent.futures import Future, InvalidStateError, TimeoutError as FutureTimeout
from typing import Callable

from bot.ports import Clock, StoreUnavailable
from runtime.model import NewEvent
from runtime.ports import RuntimeUnits

WRITE_TIMEOUT_SECONDS = 10.0
"""How long a caller waits for its event's commit before answering the platform that it could not store it."""


class InboxWriter:
    def __init__(self, units: RuntimeUnits, clock: Clock, written: Callable[[], None] = lambda: None,
                 max_batch: int = 200) -> None:
        self.units, self.clock, self.written, self.max_batch = units, clock, written, max_batch
        self._queue: list[tuple[NewEvent, Future]] = []
        self._last_accept = 0.0
        self._ready = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="inbox-writer", daemon=True)
        self._thread.start()

    def submit(self, platform: str, kind: str, key: str, payload: dict) -> Future:
        """Queue the event for the next commit. The future's result is None once it is committed; its exception
        is StoreUnavailable when it could not be."""
        committed: Future = Future()
        self._last_accept = time.monotonic()
        with self._ready:
            self._queue.append((NewEvent(platform, key, kind, payload), committed))
            self._ready.notify()
        return committed

    def accept(self, platform: str, kind: str, key: str, payload: dict) -> None:
        """Return once the event is committed; raise StoreUnavailable when it could not be."""
        try:
            self.submit(platform, kind, key, payload).result(WRITE_TIMEOUT_SECONDS)
        except FutureTimeout:
            raise StoreUnavailable(f"the inbox write did not finish within {WRITE_TIMEOUT_SECONDS:.0f} s") from None

    def queued(self) -> int:
        """Events waiting for the next commit (not those of a commit under way)."""
        with self._ready:
            return len(self._queue)

    def busy(self, window_seconds: float = 0.02) -> bool:
        """Events arrived in the last `window_seconds`: acknowledgements are in flight."""
        return time.monotonic() - self._last_accept < window_seconds

    def _run(self) -> None:
        while True:
            with self._ready:
                while not self._queue:
                    self._ready.wait()
                batch, self._queue = self._queue[: self.max_batch], self._queue[self.max_batch:]
            self._write(batch)

    def _write(self, batch: list[tuple[NewEvent, Future]]) -> None:
        error: StoreUnavailable | None = None
        try:
            with self.units() as uow:
                uow.inbox.accept_all([event for event, _ in batch], self.clock.now())
                uow.commit()
        except Exception as exc:  # noqa: BLE001 - handed to every waiting caller, who answers the platform
            error = exc if isinstance(exc, StoreUnavailable) else StoreUnavailable(str(exc))
        for _, committed in batch:
            _settle(committed, error)
        self.written()


def _settle(committed: Future, error: StoreUnavailable | None) -> None:
    try:
        if error is None:
            committed.set_result(None)
        else:
            committed.set_exception(error)
    except InvalidStateError:  # the caller gave up waiting and cancelled it: nobody is listening any more
        pass
