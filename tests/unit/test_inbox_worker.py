from __future__ import annotations

from datetime import timedelta

import pytest

from bot.inbox import InboxWorker
from bot.ports import PermanentFailure


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


def test_a_passing_failure_is_retried_with_backoff_then_given_up(store, clock):
    calls = []

    def flaky(item):
        calls.append(clock.now())
        raise ConnectionError("connection reset")

    worker = InboxWorker(store, clock, flaky, max_attempts=3)
    accept(store, clock, "Ev1")
    worker.run_once()
    assert worker.run_once() == 0, "not before the backoff has passed"
    for _ in range(2):
        clock.advance(minutes=10)
        worker.run_once()
    assert len(calls) == 3 and rows(store)[0]["outcome"].startswith("gave up after 3 attempts: ConnectionError")
    clock.advance(hours=1)
    assert worker.run_once() == 0


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
