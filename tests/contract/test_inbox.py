"""The inbox on both databases: accepted once, claimed by one worker at a time, finished for good."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

from sqlalchemy import text

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)
LEASE = timedelta(minutes=2)


def accept(uow, key: str, payload: dict | None = None) -> bool:
    with uow() as u:
        accepted = u.inbox.accept("slack", key, "reaction_added", payload or {"event_id": key}, NOW)
        u.commit()
    return accepted


def claim(uow, now=NOW, limit=10):
    with uow() as u:
        items = u.inbox.claim(now, LEASE, limit)
        u.commit()
    return items


def test_an_event_is_accepted_once_with_its_payload(uow):
    assert accept(uow, "Ev1", {"event": {"reaction": "bulb", "text": "é ✓"}})
    assert not accept(uow, "Ev1", {"other": "retry body"})
    (item,) = claim(uow)
    assert item.payload == {"event": {"reaction": "bulb", "text": "é ✓"}} and item.attempts == 1
    assert item.received_at == NOW and item.kind == "reaction_added"


def test_a_claimed_event_is_held_until_its_lease_runs_out(uow):
    accept(uow, "Ev1")
    assert len(claim(uow)) == 1
    assert claim(uow, NOW + LEASE - timedelta(seconds=1)) == []
    (again,) = claim(uow, NOW + LEASE)
    assert again.attempts == 2


def test_finished_events_are_never_claimed_again_and_lose_their_payload(uow, engine):
    accept(uow, "Ev1", {"event": {"text": "Bed 12, MRN 448812"}})
    (item,) = claim(uow)
    with uow() as u:
        u.inbox.finish(item.id, NOW, "saved as tip 1")
        u.commit()
    assert claim(uow, NOW + timedelta(days=1)) == []
    with uow() as u:
        assert u.inbox.pending() == 0
    with engine.connect() as connection:
        (payload,) = connection.execute(text("SELECT payload FROM inbox")).one()
    assert "448812" not in str(payload)


def test_retry_later_holds_the_event_until_then(uow):
    accept(uow, "Ev1")
    (item,) = claim(uow)
    with uow() as u:
        u.inbox.retry_later(item.id, NOW + timedelta(seconds=30), "ConnectionError")
        u.commit()
    assert claim(uow, NOW + timedelta(seconds=29)) == []
    assert len(claim(uow, NOW + timedelta(seconds=30))) == 1


def test_claims_are_oldest_first_and_limited(uow):
    for n in range(5):
        accept(uow, f"Ev{n}")
    assert [i.event_key for i in claim(uow, limit=3)] == ["Ev0", "Ev1", "Ev2"]
    assert [i.event_key for i in claim(uow, limit=3)] == ["Ev3", "Ev4"]


def test_two_workers_claiming_at_once_never_share_an_event(uow):
    for n in range(40):
        accept(uow, f"Ev{n}")
    claimed: list[list[str]] = []
    start = threading.Barrier(4)

    def worker() -> None:
        start.wait()
        mine: list[str] = []
        while batch := claim(uow, limit=3):
            mine.extend(i.event_key for i in batch)
        claimed.append(mine)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    everything = [key for mine in claimed for key in mine]
    assert sorted(everything) == sorted(f"Ev{n}" for n in range(40))
