from __future__ import annotations

import threading
import time

import pytest

from runtime.inbox_writer import InboxWriter
from bot.ports import StoreUnavailable


class SlowDisk:
    """Each commit takes 20 ms, as a disk sync might: callers arriving meanwhile must share the next one."""

    def __init__(self, store) -> None:
        self.store = store

    def __call__(self):
        unit = self.store()
        commit = unit.commit

        def slow_commit() -> None:
            time.sleep(0.02)
            commit()

        unit.commit = slow_commit
        return unit


def test_concurrent_accepts_are_committed_together_and_each_caller_waits_for_its_own(store, clock):
    woken = threading.Event()
    writer = InboxWriter(SlowDisk(store), clock, woken.set)
    start = threading.Barrier(20)

    def accept(n: int) -> None:
        start.wait()
        writer.accept("slack", "reaction_added", f"Ev{n}", {"n": n})
        assert any(r["event_key"] == f"Ev{n}" for r in store.committed.inbox.values()), "committed before return"

    threads = [threading.Thread(target=accept, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(store.committed.inbox) == 20 and store.commits <= 5 and woken.is_set()


def test_busy_while_events_arrive(store, clock):
    writer = InboxWriter(store, clock)
    assert not writer.busy()
    writer.accept("slack", "reaction_added", "Ev1", {})
    assert writer.busy(window_seconds=5)
    time.sleep(0.03)
    assert not writer.busy()


def test_a_retry_is_stored_once(store, clock):
    writer = InboxWriter(store, clock)
    writer.accept("slack", "reaction_added", "Ev1", {"try": 1})
    writer.accept("slack", "reaction_added", "Ev1", {"try": 2})
    (row,) = store.committed.inbox.values()
    assert row["payload"] == {"try": 1}


class BrokenStore:
    def __call__(self):
        raise StoreUnavailable("database is down")


def test_a_store_that_is_down_fails_the_callers_so_the_platform_retries(clock):
    writer = InboxWriter(BrokenStore(), clock)
    with pytest.raises(StoreUnavailable, match="database is down"):
        writer.accept("slack", "reaction_added", "Ev1", {})
