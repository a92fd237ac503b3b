"""Indexing tips for search by meaning: embedding their text and storing the vectors beside them.

`TipIndexer` embeds tips and stores their vectors, either at once in a given transaction (imports, `tipjar
reindex`) or soon, on the `BackgroundIndexer`: a thread of its own that embeds newly captured or edited tips
in batches.

A capture commits its tip and returns at once; the model (tens of milliseconds a text on a small CPU) runs
after, many texts per call. Until a tip's vector is stored, /ask still finds it by its words. `flush()`
waits for the backlog (an /ask calls it, so a question right after a capture sees the new tip fully), and
so does the end of the process; a tip whose embedding was lost anyway is filled in by `tipjar reindex`.
"""
from __future__ import annotations

import atexit
import logging
import threading
import time
from typing import Callable

import numpy as np

from bot.ports import Embedder, UnitOfWork, UnitOfWorkFactory
from bot.text import display_text

log = logging.getLogger(__name__)
BATCH = 32
STEP_ASIDE_SECONDS = 2.0
"""Longest a batch waits for a pause in the acknowledgements before it is embedded anyway."""

Index = Callable[[UnitOfWorkFactory, list[tuple[int, str]]], int]


class BackgroundIndexer:
    def __init__(self, index: Index, units: UnitOfWorkFactory, busy: Callable[[], bool] = lambda: False) -> None:
        self.index, self.units, self.busy = index, units, busy
        self._pending: list[tuple[int, str]] = []
        self._embedding = False
        self._flushing = 0
        self._stopping = False
        self._changed = threading.Condition()
        threading.Thread(target=self._run, name="tip-indexer", daemon=True).start()
        atexit.register(self.finish)

    def submit(self, tips: list[tuple[int, str]]) -> None:
        with self._changed:
            self._pending.extend(tips)
            self._changed.notify_all()

    def flush(self, timeout: float = 60.0) -> bool:
        """Wait until every submitted tip is embedded and stored; False when `timeout` ran out first."""
        with self._changed:
            self._flushing += 1
            try:
                return self._changed.wait_for(lambda: not self._pending and not self._embedding, timeout)
            finally:
                self._flushing -= 1

    def finish(self, timeout: float = 60.0) -> None:
        """At exit: embed what is waiting for up to `timeout`, then stop after the batch in hand. The model must
        not be running while the interpreter shuts down (its native threads abort the process)."""
        if self.flush(timeout):
            return
        with self._changed:
            self._stopping = True
            left = len(self._pending)
            self._changed.wait_for(lambda: not self._embedding)
        log.warning("%d tips not embedded before exit; run `tipjar reindex` to embed them", left)

    def _step_aside(self) -> None:
        """While the platforms wait for acknowledgements, the model (which takes a core) waits for a pause, up to
        STEP_ASIDE_SECONDS a batch; never while somebody waits for the backlog (an /ask)."""
        deadline = time.monotonic() + STEP_ASIDE_SECONDS
        while self.busy() and not self._flushing and time.monotonic() < deadline:
            time.sleep(0.005)

    def _run(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: bool(self._pending) and not self._stopping)
            self._step_aside()
            with self._changed:
                if self._stopping:
                    continue
                batch, self._pending = self._pending[:BATCH], self._pending[BATCH:]
                self._embedding = True
            try:
                self.index(self.units, batch)
            except Exception as exc:  # noqa: BLE001 - the tips stay findable by their words; reindex fills in
                log.warning("%d tips not embedded (%s); run `tipjar reindex` later", len(batch), exc)
            finally:
                with self._changed:
                    self._embedding = False
                    self._changed.notify_all()


class TipIndexer:
    """Embeds tips with `embedder` (None: search by words only, nothing to index) and stores their vectors."""

    def __init__(self, embedder: Embedder | None) -> None:
        self.embedder = embedder
        self.busy: Callable[[], bool] = lambda: False
        """True while acknowledgements are in flight (set by the server): background embedding steps aside."""
        self._background: BackgroundIndexer | None = None
        self._background_lock = threading.Lock()

    def index_texts(self, uow: UnitOfWork, tips: list[tuple[int, str]]) -> int:
        """Embed and store these (id, text) tips in `uow`; how many vectors were stored."""
        items, vectors = self._embedded(tips)
        return self._store(uow, items, vectors)

    def index_later(self, units: UnitOfWorkFactory, tips: list[tuple[int, str]]) -> None:
        """Embed these committed tips soon, on the background indexer, so a capture never waits for the model."""
        if self.embedder is None or not tips:
            return
        with self._background_lock:
            if self._background is None:
                self._background = BackgroundIndexer(self.index_committed, units, lambda: self.busy())
        self._background.submit(tips)

    def flush(self, timeout: float = 60.0) -> bool:
        """Wait for tips still waiting to be embedded; False when `timeout` ran out first."""
        return self._background is None or self._background.flush(timeout)

    def index_committed(self, units: UnitOfWorkFactory, tips: list[tuple[int, str]]) -> int:
        """After a capture or an edit: embed outside any transaction, then store in a short one of its own."""
        items, vectors = self._embedded(tips)
        if not items:
            return 0
        with units() as uow:
            stored = self._store(uow, items, vectors)
            uow.commit()
        return stored

    def _embedded(self, tips: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], np.ndarray | None]:
        items = [(tip_id, text) for tip_id, text in tips if text.strip()]
        if self.embedder is None or not items:
            return [], None
        try:
            return items, self.embedder.embed([display_text(text) for _, text in items])
        except Exception as exc:  # the tip is kept all the same; `tipjar reindex` fills the gap later
            log.warning("%d tips not embedded (%s); run `tipjar reindex` later", len(items), exc)
            return [], None

    def _store(self, uow: UnitOfWork, items: list[tuple[int, str]], vectors: np.ndarray | None) -> int:
        if vectors is None:
            return 0
        model = self.embedder.model
        return sum(uow.embeddings.put(tip_id, model, vector.astype(np.float32).tobytes(), text)
                   for (tip_id, text), vector in zip(items, vectors))
