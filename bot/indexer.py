"""BackgroundIndexer: embeds newly captured or edited tips on a thread of its own, in batches.

A capture commits its tip and returns at once; the model (tens of milliseconds a text on a small CPU) runs
after, many texts per call. Until a tip's vector is stored, /ask still finds it by its words. `flush()`
waits for the backlog (an /ask calls it, so a question right after a capture sees the new tip fully), and
so does the end of the process; a tip whose embedding was lost anyway is filled in by `tipjar reindex`.
"""
from __future__ import annotations

import atexit
import logging
import threading
from typing import Callable

from bot.ports import UnitOfWorkFactory

log = logging.getLogger(__name__)
BATCH = 32

Index = Callable[[UnitOfWorkFactory, list[tuple[int, str]]], int]


class BackgroundIndexer:
    def __init__(self, index: Index, units: UnitOfWorkFactory) -> None:
        self.index, self.units = index, units
        self._pending: list[tuple[int, str]] = []
        self._busy = False
        self._changed = threading.Condition()
        threading.Thread(target=self._run, name="tip-indexer", daemon=True).start()
        atexit.register(self.flush)

    def submit(self, tips: list[tuple[int, str]]) -> None:
        with self._changed:
            self._pending.extend(tips)
            self._changed.notify_all()

    def flush(self, timeout: float = 60.0) -> bool:
        """Wait until every submitted tip is embedded and stored; False when `timeout` ran out first."""
        with self._changed:
            return self._changed.wait_for(lambda: not self._pending and not self._busy, timeout)

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: bool(self._pending))
                batch, self._pending = self._pending[:BATCH], self._pending[BATCH:]
                self._busy = True
            try:
                self.index(self.units, batch)
            except Exception as exc:  # noqa: BLE001 - the tips stay findable by their words; reindex fills in
                log.warning("%d tips not embedded (%s); run `tipjar reindex` later", len(batch), exc)
            finally:
                with self._changed:
                    self._busy = False
                    self._changed.notify_all()
