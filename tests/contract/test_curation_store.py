"""Releases, the audit trail and digest runs on both databases."""
from __future__ import annotations

import json
import threading
from datetime import datetime, timedelta, timezone

from sqlalchemy import text

from bot.model import PostedMessage, Release, TipChange
from tests.contract.samples import sample_tip, store_tips

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
STALE = timedelta(minutes=10)


def claim(runtime, now=NOW, name="weekly", period="2026-W48"):
    with runtime() as u:
        run = u.digest_runs.claim(name, period, now, STALE)
        u.commit()
    return run


def test_releases_are_listed_oldest_first(units):
    with units() as u:
        u.releases.add(Release("EMR 2.4", NOW))
        u.releases.add(Release("EMR 2.3", NOW - timedelta(days=30)))
        u.commit()
    with units() as u:
        assert [r.name for r in u.releases.list()] == ["EMR 2.3", "EMR 2.4"]


def test_the_audit_trail_keeps_who_what_when_before_and_after(units):
    (tip,) = store_tips(units, sample_tip("1.1"))
    with units() as u:
        u.changes.add(TipChange(tip.id, "U-JO", "Jo Brennan", "status", {"status": "new"}, {"status": "approved"}, NOW))
        u.changes.add(TipChange(tip.id, "U-AL", "Alex Kim", "edit", {"text": "a"}, {"text": "b"}, NOW + timedelta(minutes=1)))
        u.commit()
    with units() as u:
        first, second = u.changes.list([tip.id])
        assert (first.actor_name, first.after, first.at) == ("Jo Brennan", {"status": "approved"}, NOW)
        assert second.action == "edit" and u.changes.list([tip.id + 1]) == []


def test_a_digest_is_claimed_once_and_posted_once(runtime):
    run = claim(runtime)
    assert run is not None and run.attempts == 1
    assert claim(runtime) is None, "a fresh claim is held"
    with runtime() as u:
        u.digest_runs.posted(run.id, NOW, [PostedMessage("C-TRAINERS", "1.5", tips=(7, 9))])
        u.commit()
    assert claim(runtime, NOW + timedelta(days=1)) is None, "posted means never again"
    with runtime() as u:
        found = u.digest_runs.find_message("C-TRAINERS", "1.5")
        assert found.period == "2026-W48" and found.messages[0].tips == (7, 9)  # what a Teams card showed
        assert u.digest_runs.find_message("C-TRAINERS", "9.9") is None and u.digest_runs.ever_posted("weekly")
        assert u.digest_runs.last_channel("weekly") == "C-TRAINERS" and u.digest_runs.last_channel("monthly") is None


def test_a_failed_or_abandoned_claim_can_be_taken_again(runtime):
    run = claim(runtime)
    with runtime() as u:
        u.digest_runs.failed(run.id, "not_in_channel")
        u.commit()
    again = claim(runtime)
    assert again is not None and again.attempts == 2
    assert claim(runtime, NOW + STALE - timedelta(seconds=1)) is None
    assert claim(runtime, NOW + STALE + timedelta(seconds=1)).attempts == 3


def test_a_renewed_claim_stays_held_and_shows_in_flight_until_it_is_posted(runtime):
    run = claim(runtime)
    later = NOW + STALE - timedelta(seconds=1)
    with runtime() as u:
        u.digest_runs.renew(run.id, later)
        u.commit()
    with runtime() as u:
        assert u.digest_runs.in_flight("weekly", "2026-W48", NOW + STALE + timedelta(seconds=1), STALE)
        assert not u.digest_runs.in_flight("weekly", "2026-W47", NOW, STALE)
    assert claim(runtime, NOW + STALE + timedelta(seconds=1)) is None, "renewed: younger than the lease"
    with runtime() as u:
        assert not u.digest_runs.in_flight("weekly", "2026-W48", later + STALE + timedelta(seconds=1), STALE)
        u.digest_runs.posted(run.id, later, [])
        u.digest_runs.renew(run.id, later + STALE)  # a renewal arriving after the post changes nothing
        u.commit()
    with runtime() as u:
        assert not u.digest_runs.in_flight("weekly", "2026-W48", later, STALE)
    assert claim(runtime, later + 2 * STALE) is None, "posted means never again"


def test_two_senders_at_once_get_one_claim(runtime):
    won: list[object] = []
    start = threading.Barrier(4)

    def sender() -> None:
        start.wait()
        won.append(claim(runtime))

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sum(run is not None for run in won) == 1


def test_records_posted_before_they_were_typed_read_back_and_new_ones_keep_their_stored_keys(engine, runtime):
    """Runs posted by an earlier release hold plain JSON: {"channel", "ts"}, later with "tips" and "questions".
    They read back as PostedMessage, so a click on such a message is still checked against what it showed."""
    run = claim(runtime)
    with runtime() as u:
        u.digest_runs.posted(run.id, NOW, [])
        u.commit()
    older = [{"channel": "C-TRAINERS", "ts": "1.1"},
             {"channel": "C-TRAINERS", "ts": "1.2", "tips": [7, True, "8"], "questions": [3]},
             "not a record", {"channel": 5, "ts": None, "tips": "7"}]
    with engine.begin() as connection:
        connection.execute(text("UPDATE digest_run SET messages = :messages WHERE id = :id"),
                           {"messages": json.dumps(older), "id": run.id})
    with runtime() as u:
        found = u.digest_runs.find_message("C-TRAINERS", "1.2")
    assert found.messages == [PostedMessage("C-TRAINERS", "1.1"), PostedMessage("C-TRAINERS", "1.2", (7,), (3,)),
                              PostedMessage("", ""), PostedMessage("", "")]
    again = claim(runtime, period="2026-W49")
    with runtime() as u:
        u.digest_runs.keep_message(again.id, PostedMessage("C-TRAINERS", "2.1", (4,), (5, 6)))
        u.commit()
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT messages FROM digest_run WHERE id = :id"), {"id": again.id}).scalar()
    assert (json.loads(stored) if isinstance(stored, str) else stored) == [
        {"channel": "C-TRAINERS", "ts": "2.1", "tips": [4], "questions": [5, 6]}]
