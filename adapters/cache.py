"""TtlCache: the short-lived cache both platform adapters keep of member lists, names and channels."""
from __future__ import annotations

import threading
import time
from typing import Callable, Hashable


class TtlCache:
    """A small thread-safe cache whose entries expire after `seconds`."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds, self.clock = seconds, clock
        self._entries: dict[Hashable, tuple[float, object]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, load: Callable[[], object]) -> object:
        with self._lock:
            hit = self._entries.get(key)
            if hit and self.clock() - hit[0] < self.seconds:
                return hit[1]
        value = load()
        with self._lock:
            self._entries[key] = (self.clock(), value)
        return value

    def forget(self, key: Hashable) -> None:
        with self._lock:
            self._entries.pop(key, None)
