"""The stored tip embeddings of one model, held in memory as a numpy matrix for brute-force cosine search.

The matrix follows the store by row id: each refresh reads only the vectors stored since the last one. On
PostgreSQL, rows can commit out of id order (two replicas capturing at once), so ids skipped over are kept
as holes and asked for again on the next refreshes. A vector whose tip was since deleted or hidden may stay
in memory; it is harmless, because every result is checked against the store before it is shown.
"""
from __future__ import annotations

import threading

import numpy as np

from bot.ports import EmbeddingRepository, StoredVector

MAX_HOLES = 256


class VectorIndex:
    def __init__(self, model: str) -> None:
        self.model = model
        self._lock = threading.Lock()
        self._matrix = np.zeros((0, 0), dtype=np.float32)
        self._tip_ids = np.zeros(0, dtype=np.int64)
        self._slots: dict[int, int] = {}
        self._last_row = 0
        self._holes: list[int] = []

    def __len__(self) -> int:
        return len(self._slots)

    def refresh(self, embeddings: EmbeddingRepository) -> None:
        """Take in the vectors stored since the last refresh."""
        with self._lock:
            rows = embeddings.rows(self.model, self._last_row, self._holes)
            if rows:
                self._take(rows)

    def _take(self, rows: list[StoredVector]) -> None:
        seen = {row.row_id for row in rows}
        newest = max(self._last_row, max(seen))
        skipped = (r for r in range(max(self._last_row + 1, newest - MAX_HOLES), newest) if r not in seen)
        self._holes = [*(h for h in self._holes if h not in seen), *skipped][-MAX_HOLES:]
        self._last_row = newest
        for row in rows:
            self._put(row.tip_id, np.frombuffer(row.vector, dtype=np.float32))

    def _put(self, tip_id: int, vector: np.ndarray) -> None:
        slot = self._slots.get(tip_id)
        if slot is None:
            slot = len(self._slots)
            self._grow(slot + 1, vector.shape[0])
            self._slots[tip_id] = slot
            self._tip_ids[slot] = tip_id
        self._matrix[slot] = vector

    def _grow(self, rows: int, dimensions: int) -> None:
        if self._matrix.shape[0] >= rows and self._matrix.shape[1] == dimensions:
            return
        capacity = max(1024, rows, 2 * self._matrix.shape[0])
        matrix = np.zeros((capacity, dimensions), dtype=np.float32)
        tip_ids = np.zeros(capacity, dtype=np.int64)
        used = len(self._slots)
        if used and self._matrix.shape[1] == dimensions:
            matrix[:used], tip_ids[:used] = self._matrix[:used], self._tip_ids[:used]
        self._matrix, self._tip_ids = matrix, tip_ids

    def nearest(self, query: np.ndarray, count: int) -> list[tuple[int, float]]:
        """The `count` tips most similar to `query` (a unit vector) by cosine, best first."""
        with self._lock:
            used = len(self._slots)
            if not used or count <= 0:
                return []
            scores = self._matrix[:used] @ query.astype(np.float32)
            tip_ids = self._tip_ids[:used]
        if count < used:
            best = np.argpartition(-scores, count - 1)[:count]
        else:
            best = np.arange(used)
        order = best[np.lexsort((tip_ids[best], -scores[best]))]
        return [(int(tip_ids[i]), float(scores[i])) for i in order]

    def similarities(self, query: np.ndarray, tip_ids: list[int]) -> dict[int, float]:
        """Cosine of `query` with each of these tips that has a vector."""
        with self._lock:
            slots = [(tip_id, self._slots[tip_id]) for tip_id in tip_ids if tip_id in self._slots]
            if not slots:
                return {}
            scores = self._matrix[[slot for _, slot in slots]] @ query.astype(np.float32)
        return {tip_id: float(score) for (tip_id, _), score in zip(slots, scores)}

    def vectors(self, tip_ids: list[int]) -> np.ndarray:
        """The vectors of these tips that have one, one row each, in the order given."""
        with self._lock:
            slots = [self._slots[tip_id] for tip_id in tip_ids if tip_id in self._slots]
            return self._matrix[slots].copy()
