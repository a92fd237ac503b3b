from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from runtime.inbox import InboxWorker, RetryPolicy
from bot.ports import MalformedEvent, PermanentFailure, StoreUnavailable


def accept(store, clock, key: str, payload: dict | None = None) -> None:
    with store() as uow:
        assert uow.inbox.accept("slack", key, "reaction_added", payload or {"n": key}, clock.now())
        uow.commit()


def rows(store) -> list[dict]:
    return list(store.committed.inbox.values())


def test_each_event_is_processed_once_and_closed(store, clock):
    seen = []
    worker = InboxWorker(store, clock, lambda item: seen.append(item.payload["n"]) or "saved")
    accept(store, clock, "Ev1")
    accept(store, clock, "Ev2")
    assert worker.run_once() == 2 and worker.run_once() == 0
    assert seen == ["Ev1", "Ev2"] and [r["outcome"] for r in rows(store)] == ["saved", "saved"]


def test_a_retried_event_is_accepted_once(store, clock):
    accept(store, clock, "Ev1")
    with store() as uow:
        assert not uow.inbox.accept("slack", "Ev1", "reaction_added", {}, clock.now())


def test_a_permanent_failure_closes_the_event_without_retrying(store, clock):
    def gone(item):
        raise PermanentFailure("message_not_found")

    worker = InboxWorker(store, clock, gone)
    accept(store, clock, "Ev1")
    worker.run_once()
    clock.advance(hours=1)
    assert worker.run_once() == 0 and rows(store)[0]["outcome"] == "failed: message_not_found"


def test_a_passing_failure_is_retried_with_capped_backoff_until_the_time_limit_then_kept_dead(store, clock):
    calls = []

    def flaky(item):
        calls.append(clock.now())
        raise ConnectionError("connection reset")

    policy = RetryPolicy(max_delay=timedelta(minutes=1), give_up_after=timedelta(hours=2))
    worker = InboxWorker(store, clock, flaky, retry=policy)
    accept(store, clock, "Ev1", {"text": "kept for a replay"})
    worker.run_once()
    assert worker.run_once() == 0, "not before the backoff has passed"
    while clock.now() - calls[0] < timedelta(hours=3):
        clock.advance(minutes=1)
        worker.run_once()
    gaps = {later - earlier for earlier, later in zip(calls, calls[1:])}
    assert max(gaps) == timedelta(minutes=1), "the backoff is capped"
    assert calls[-1] - calls[0] >= timedelta(hours=2), "tried for the whole time limit, not for five attempts"
    (row,) = rows(store)
    assert row["dead_at"] is not None
    assert row["outcome"].startswith(f"dead after {len(calls)} attempts: ConnectionError")
    assert row["payload"] == {"text": "kept for a replay"}
    clock.advance(hours=1)
    assert worker.run_once() == 0


def test_an_hour_long_store_outage_is_waited_out_and_the_event_never_dies(store, clock):
    outage_ends = clock.now() + timedelta(hours=1)
    tries = []

    def save(item):
        tries.append(clock.now())
        if clock.now() < outage_ends:
            raise StoreUnavailable("database is locked")
        return "saved"

    worker = InboxWorker(store, clock, save, retry=RetryPolicy(max_delay=timedelta(minutes=5),
                                                                 give_up_after=timedelta(minutes=30)))
    accept(store, clock, "Ev1")
    while rows(store)[0]["processed_at"] is None:
        worker.run_once()
        assert rows(store)[0]["dead_at"] is None
        clock.advance(seconds=30)
    assert rows(store)[0]["outcome"] == "saved" and tries[-1] - tries[0] >= timedelta(hours=1)
    assert tries[-1] - outage_ends <= timedelta(minutes=5), "back at work within one capped delay"


def test_a_store_failure_stops_the_batch_and_frees_the_rest_for_later(store, clock):
    seen = []

    def locked(item):
        seen.append(item.event_key)
        raise StoreUnavailable("database is locked")

    worker = InboxWorker(store, clock, locked, batch=5)
    for n in range(5):
        accept(store, clock, f"Ev{n}")
    assert worker.run_once() == 5 and seen == ["Ev0"]
    clock.advance(seconds=3)
    worker.handle = lambda item: "saved"
    while worker.run_once():
        clock.advance(seconds=3)
    assert [r["outcome"] for r in rows(store)] == ["saved"] * 5


def test_the_heartbeat_keeps_the_claim_of_an_event_in_hand(store, clock):
    started, others = threading.Event(), InboxWorker(store, clock, lambda item: "twice!")
    release = threading.Event()

    def slow(item):
        started.set()
        release.wait(10)
        return "saved"

    worker = InboxWorker(store, clock, slow, lease=timedelta(seconds=15))
    accept(store, clock, "Ev1")
    thread = threading.Thread(target=worker.run_once)
    thread.start()
    assert started.wait(5)
    for _ in range(10):  # 100 s of work, a beat every 5 s: no one else may take the event
        clock.advance(seconds=5)
        worker.beat()
        assert others.run_once() == 0
    release.set()
    thread.join(5)
    assert rows(store)[0]["outcome"] == "saved"


def test_a_malformed_event_is_dead_at_once_with_its_payload(store, clock):
    def unreadable(item):
        raise MalformedEvent("reaction_added payload: KeyError: 'item'")

    worker = InboxWorker(store, clock, unreadable)
    accept(store, clock, "Ev1", {"event": {"reaction": "bulb"}})
    worker.run_once()
    clock.advance(days=2)
    assert worker.run_once() == 0
    (row,) = rows(store)
    assert row["dead_at"] is not None and row["outcome"].startswith("malformed: reaction_added payload")
    assert row["payload"] == {"event": {"reaction": "bulb"}}


def test_an_event_whose_worker_died_is_claimed_again_after_its_lease(store, clock):
    with store() as uow:
        uow.inbox.accept("slack", "Ev1", "reaction_added", {}, clock.now())
        uow.inbox.claim(clock.now(), timedelta(minutes=2), 10)  # a worker took it, then the process died
        uow.commit()
    done = []
    worker = InboxWorker(store, clock, lambda item: done.append(item.attempts) or "saved")
    assert worker.run_once() == 0
    clock.advance(minutes=3)
    assert worker.run_once() == 1 and done == [2]


@pytest.mark.parametrize("count", [0, 25])
def test_pending_counts_what_is_not_finished(store, clock, count):
    for n in range(count):
        accept(store, clock, f"Ev{n}")
    InboxWorker(store, clock, lambda item: "ok", batch=10).run_once()
    with store() as uow:
        assert uow.inbox.pending() == max(count - 10, 0)
