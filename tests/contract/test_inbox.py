"""The inbox on both databases: accepted once, claimed by one worker at a time, finished for good."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

from sqlalchemy import text

from runtime.model import NewEvent

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)
LEASE = timedelta(minutes=2)


def accept(runtime, key: str, payload: dict | None = None) -> bool:
    with runtime() as u:
        accepted = u.inbox.accept("slack", key, "reaction_added", payload or {"event_id": key}, NOW)
        u.commit()
    return accepted


def claim(runtime, now=NOW, limit=10):
    with runtime() as u:
        items = u.inbox.claim(now, LEASE, limit)
        u.commit()
    return items


def test_an_event_is_accepted_once_with_its_payload(runtime):
    assert accept(runtime, "Ev1", {"event": {"reaction": "bulb", "text": "é ✓"}})
    assert not accept(runtime, "Ev1", {"other": "retry body"})
    (item,) = claim(runtime)
    assert item.payload == {"event": {"reaction": "bulb", "text": "é ✓"}} and item.attempts == 1
    assert item.received_at == NOW and item.kind == "reaction_added"


def test_a_batch_is_stored_in_one_go_and_skips_what_was_accepted_before(runtime):
    accept(runtime, "Ev1", {"first": True})
    batch = [NewEvent("slack", key, "reaction_added", {"key": key, "n": n})
             for n, key in enumerate(["Ev2", "Ev1", "Ev3", "Ev2"])]  # a retry of Ev1, and Ev2 twice in one batch
    with runtime() as u:
        assert u.inbox.accept_all(batch, NOW) == 2
        u.commit()
    with runtime() as u:
        assert u.inbox.accept_all([], NOW) == 0
    items = claim(runtime)
    assert [(item.event_key, item.payload) for item in items] == [
        ("Ev1", {"first": True}), ("Ev2", {"key": "Ev2", "n": 0}), ("Ev3", {"key": "Ev3", "n": 2})]


def test_a_claimed_event_is_held_until_its_lease_runs_out(runtime):
    accept(runtime, "Ev1")
    assert len(claim(runtime)) == 1
    assert claim(runtime, NOW + LEASE - timedelta(seconds=1)) == []
    (again,) = claim(runtime, NOW + LEASE)
    assert again.attempts == 2


def test_finished_events_are_never_claimed_again_and_lose_their_payload(runtime, engine):
    accept(runtime, "Ev1", {"event": {"text": "Bed 12, MRN 448812"}})
    (item,) = claim(runtime)
    with runtime() as u:
        u.inbox.finish(item.id, NOW, "saved as tip 1")
        u.commit()
    assert claim(runtime, NOW + timedelta(days=1)) == []
    with runtime() as u:
        assert u.inbox.pending() == 0
    with engine.connect() as connection:
        (payload,) = connection.execute(text("SELECT payload FROM inbox")).one()
    assert "448812" not in str(payload)


def test_retry_later_holds_the_event_until_then(runtime):
    accept(runtime, "Ev1")
    (item,) = claim(runtime)
    with runtime() as u:
        u.inbox.retry_later(item.id, NOW + timedelta(seconds=30), "ConnectionError")
        u.commit()
    assert claim(runtime, NOW + timedelta(seconds=29)) == []
    assert len(claim(runtime, NOW + timedelta(seconds=30))) == 1


def test_claims_are_oldest_first_and_limited(runtime):
    for n in range(5):
        accept(runtime, f"Ev{n}")
    assert [i.event_key for i in claim(runtime, limit=3)] == ["Ev0", "Ev1", "Ev2"]
    assert [i.event_key for i in claim(runtime, limit=3)] == ["Ev3", "Ev4"]


def test_two_workers_claiming_at_once_never_share_an_event(runtime):
    for n in range(40):
        accept(runtime, f"Ev{n}")
    claimed: list[list[str]] = []
    start = threading.Barrier(4)

    def worker() -> None:
        start.wait()
        mine: list[str] = []
        while batch := claim(runtime, limit=3):
            mine.extend(i.event_key for i in batch)
        claimed.append(mine)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    everything = [key for mine in claimed for key in mine]
    assert sorted(everything) == sorted(f"Ev{n}" for n in range(40))


def test_a_dead_event_keeps_its_payload_is_never_claimed_and_can_be_revived(runtime):
    accept(runtime, "Ev1", {"event": {"text": "Bed 12"}})
    accept(runtime, "Ev2")
    (first, second) = claim(runtime)
    with runtime() as u:
        u.inbox.bury(first.id, NOW, "dead after 40 attempts: KeyError: 'item'")
        u.inbox.retry_later(second.id, NOW + timedelta(seconds=30), "ConnectionError")
        u.commit()
    assert [i.event_key for i in claim(runtime, NOW + timedelta(days=1))] == ["Ev2"]
    with runtime() as u:
        (dead,) = u.inbox.dead()
        backlog = u.inbox.backlog()
        assert u.inbox.pending() == 1
    assert dead.id == first.id and dead.reason.startswith("dead after 40") and dead.kind == "reaction_added"
    assert (backlog.waiting, backlog.retrying, backlog.dead) == (0, 1, 1)
    with runtime() as u:
        assert u.inbox.revive(first.id) == 1 and u.inbox.revive(first.id) == 0
        assert u.inbox.backlog().waiting == 1, "a revived event waits as if just accepted"
        u.commit()
    (again,) = [i for i in claim(runtime, NOW + timedelta(days=3)) if i.id == first.id]
    # Not a first attempt: its worker looks up what the earlier attempts posted.
    assert again.payload == {"event": {"text": "Bed 12"}} and again.attempts == 2


def test_backlog_counts_waiting_retrying_and_dead_with_the_oldest_age(runtime):
    with runtime() as u:
        empty = u.inbox.backlog()
    assert (empty.waiting, empty.retrying, empty.dead, empty.oldest) == (0, 0, 0, None)
    for n in range(4):
        with runtime() as u:
            u.inbox.accept("slack", f"Ev{n}", "reaction_added", {}, NOW + timedelta(minutes=n))
            u.commit()
    (a, b) = claim(runtime, limit=2)
    with runtime() as u:
        u.inbox.retry_later(a.id, NOW + timedelta(minutes=1), "StoreError: database is locked")
        u.inbox.bury(b.id, NOW, "dead")
        u.commit()
        backlog = u.inbox.backlog()
    assert (backlog.waiting, backlog.retrying, backlog.dead) == (2, 1, 1) and backlog.oldest == NOW


def test_dropping_a_dead_event_erases_its_payload_and_only_dead_ones_can_be_dropped(runtime, engine):
    accept(runtime, "Ev1", {"event": {"text": "MRN 448812"}})
    accept(runtime, "Ev2")
    (first, second) = claim(runtime)
    with runtime() as u:
        u.inbox.bury(first.id, NOW, "dead")
        assert not u.inbox.drop(second.id, NOW), "a live event is not dropped"
        assert u.inbox.drop(first.id, NOW)
        u.commit()
    with runtime() as u:
        assert u.inbox.dead() == [] and u.inbox.backlog().dead == 0
    with engine.connect() as connection:
        payloads = connection.execute(text("SELECT payload FROM inbox")).scalars().all()
    assert "448812" not in str(payloads)


def test_renewing_a_claim_holds_the_event_longer(runtime):
    accept(runtime, "Ev1")
    (item,) = claim(runtime)
    with runtime() as u:
        u.inbox.renew([item.id], NOW + timedelta(minutes=10))
        u.commit()
    assert claim(runtime, NOW + LEASE) == []
    assert len(claim(runtime, NOW + timedelta(minutes=10))) == 1
