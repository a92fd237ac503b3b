"""TtlCache: the short-lived cache both platform adapters keep of member lists, names and channels."""
from __future__ import annotations

import threading
import time
from typing import Callable, Hashable

MAX_ENTRIES = 5000
"""Enough for every channel and person a hospital's workspace has in play at once; a flood of made-up ids
(or of one-off conversations) costs at most this many entries, never the server's memory."""


class TtlCache:
    """A small thread-safe cache whose entries expire after `seconds`; beyond `max_entries`, the oldest go."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic,
                 max_entries: int = MAX_ENTRIES) -> None:
        self.seconds, self.clock, self.max_entries = seconds, clock, max_entries
        self._entries: dict[Hashable, tuple[float, object]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, load: Callable[[], object]) -> object:
        with self._lock:
            hit = self._entries.get(key)
            if hit and self.clock() - hit[0] < self.seconds:
                return hit[1]
        value = load()
        with self._lock:
            self._entries.pop(key, None)  # re-inserted last: the dict's order is the age order
            self._entries[key] = (self.clock(), value)
            while len(self._entries) > self.max_entries:
                del self._entries[next(iter(self._entries))]
        return value

    def __len__(self) -> int:
        return len(self._entries)

    def forget(self, key: Hashable) -> None:
        with self._lock:
            self._entries.pop(key, None)
