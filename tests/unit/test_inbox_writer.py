from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import Future

import pytest

from adapters.acks import committed
from runtime.inbox_writer import InboxWriter
from bot.ports import StoreUnavailable


class HeldDisk:
    """The first commit waits until the test releases it, as a slow disk sync would: the callers that arrive
    meanwhile must all share the next commit."""

    def __init__(self, store) -> None:
        self.store = store
        self.committing, self.release = threading.Event(), threading.Event()

    def __call__(self):
        unit = self.store()
        commit = unit.commit

        def held_commit() -> None:
            if not self.committing.is_set():
                self.committing.set()
                assert self.release.wait(10), "the test never released the first commit"
            commit()

        unit.commit = held_commit
        return unit


def wait_for(check, what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.005)


def test_concurrent_accepts_are_committed_together_and_each_caller_waits_for_its_own(store, clock):
    woken = threading.Event()
    disk = HeldDisk(store)
    writer = InboxWriter(disk, clock, woken.set)
    committed_on_return: dict[int, bool] = {}

    def accept(n: int) -> None:
        writer.accept("slack", "reaction_added", f"Ev{n}", {"n": n})
        committed_on_return[n] = any(r["event_key"] == f"Ev{n}" for r in store.committed.inbox.values())

    first = threading.Thread(target=accept, args=(0,))
    first.start()
    assert disk.committing.wait(10), "the first event is written at once"
    others = [threading.Thread(target=accept, args=(n,)) for n in range(1, 20)]
    for thread in others:
        thread.start()
    wait_for(lambda: writer.queued() == 19, "the other 19 events to queue behind the first commit")
    assert committed_on_return == {}, "nobody returns before their event is committed"
    disk.release.set()
    for thread in [first, *others]:
        thread.join(timeout=10)
        assert not thread.is_alive()
    assert committed_on_return == {n: True for n in range(20)}
    assert len(store.committed.inbox) == 20 and store.commits == 2 and woken.is_set()


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


def test_an_acknowledgement_waits_for_its_commit_on_the_event_loop_and_gives_up_after_the_timeout(store, clock):
    writer = InboxWriter(store, clock)
    asyncio.run(committed(writer.submit("slack", "reaction_added", "Ev1", {})))
    assert len(store.committed.inbox) == 1, "awaited: the event is committed"

    never: Future = Future()
    with pytest.raises(StoreUnavailable, match="did not finish"):
        asyncio.run(committed(never, timeout=0.05))
    assert not never.cancelled(), "a write the request stopped waiting for is left to finish"
    asyncio.run(committed(None))  # stored already (Socket Mode's listener waited itself)


def test_a_failed_write_fails_the_acknowledgement(clock):
    writer = InboxWriter(BrokenStore(), clock)
    with pytest.raises(StoreUnavailable, match="database is down"):
        asyncio.run(committed(writer.submit("slack", "reaction_added", "Ev1", {})))
