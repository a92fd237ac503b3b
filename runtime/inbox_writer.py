"""InboxWriter: stores accepted events in groups, one transaction (one disk sync) for all that arrived together.

Each caller still waits until its own event is committed before it acknowledges the platform; what changes
is that fifty requests arriving at once cost one commit instead of fifty. The first event after a quiet
moment is written at once: nothing waits to fill a batch.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from bot.ports import Clock, StoreUnavailable
from runtime.model import NewEvent
from runtime.ports import RuntimeUnits

WRITE_TIMEOUT_SECONDS = 10.0


@dataclass
class _Pending:
    platform: str
    kind: str
    key: str
    payload: dict
    done: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None


class InboxWriter:
    def __init__(self, units: RuntimeUnits, clock: Clock, written: Callable[[], None] = lambda: None,
                 max_batch: int = 200) -> None:
        self.units, self.clock, self.written, self.max_batch = units, clock, written, max_batch
        self._queue: list[_Pending] = []
        self._last_accept = 0.0
        self._ready = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="inbox-writer", daemon=True)
        self._thread.start()

    def accept(self, platform: str, kind: str, key: str, payload: dict) -> None:
        """Return once the event is committed; raise StoreUnavailable when it could not be."""
        pending = _Pending(platform, kind, key, payload)
        self._last_accept = time.monotonic()
        with self._ready:
            self._queue.append(pending)
            self._ready.notify()
        if not pending.done.wait(WRITE_TIMEOUT_SECONDS):
            raise StoreUnavailable(f"the inbox write did not finish within {WRITE_TIMEOUT_SECONDS:.0f} s")
        if pending.error is not None:
            raise pending.error

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

    def _write(self, batch: list[_Pending]) -> None:
        try:
            with self.units() as uow:
                now = self.clock.now()
                uow.inbox.accept_all([NewEvent(p.platform, p.key, p.kind, p.payload) for p in batch], now)
                uow.commit()
        except Exception as exc:  # noqa: BLE001 - handed to every waiting caller, who answers the platform
            for pending in batch:
                pending.error = exc if isinstance(exc, StoreUnavailable) else StoreUnavailable(str(exc))
        for pending in batch:
            pending.done.set()
        self.written()
