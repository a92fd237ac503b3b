from __future__ import annotations

from adapters.cache import TtlCache


def test_entries_expire_after_their_seconds():
    now = [0.0]
    cache, loads = TtlCache(10, clock=lambda: now[0]), []
    load = lambda: loads.append(1) or len(loads)  # noqa: E731
    assert cache.get("C1", load) == 1 and cache.get("C1", load) == 1
    now[0] = 11
    assert cache.get("C1", load) == 2


def test_a_flood_of_new_keys_keeps_the_cache_bounded_and_drops_the_oldest():
    cache = TtlCache(3600, max_entries=100)
    for n in range(10_000):
        cache.get(f"U{n}", lambda n=n: n)
    assert len(cache) == 100
    assert cache.get("U9999", lambda: "reloaded") == 9999 and cache.get("U0", lambda: "reloaded") == "reloaded"
