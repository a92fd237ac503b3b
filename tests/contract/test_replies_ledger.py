"""The reply ledger and digest runs recorded message by message, on both databases."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import inspect, text

from bot.model import PostedMessage
from store.db import downgrade, open_store, upgrade

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
STALE = timedelta(minutes=1)


def record(runtime, key: str, ordinal: int, message_id: str, platform: str = "slack") -> None:
    with runtime() as u:
        u.replies.record(platform, key, ordinal, message_id, NOW)
        u.commit()


def test_replies_are_recorded_per_event_and_ordinal_and_the_first_record_stays(runtime):
    record(runtime, "Ev1", 1, "1800000001.000100")
    record(runtime, "Ev1", 2, "")
    record(runtime, "Ev1", 1, "1800000009.000900")  # a second record of the same reply changes nothing
    record(runtime, "Ev2", 1, "1800000002.000100")
    record(runtime, "Ev1", 1, "1700000000001", platform="teams")
    with runtime() as u:
        assert u.replies.sent("slack", "Ev1") == {1: "1800000001.000100", 2: ""}
        assert u.replies.sent("teams", "Ev1") == {1: "1700000000001"}
        assert u.replies.sent("slack", "Ev3") == {}


def test_a_finished_events_replies_are_forgotten_and_no_others(runtime):
    record(runtime, "Ev1", 1, "1.1")
    record(runtime, "Ev1", 2, "1.2")
    record(runtime, "Ev2", 1, "2.1")
    with runtime() as u:
        assert u.replies.forget("slack", "Ev1") == 2
        u.commit()
    with runtime() as u:
        assert u.replies.sent("slack", "Ev1") == {} and u.replies.sent("slack", "Ev2") == {1: "2.1"}


def test_the_ledger_holds_ids_and_ordinals_only(engine):
    columns = {column["name"] for column in inspect(engine).get_columns("event_reply")}
    assert columns == {"id", "platform", "event_key", "ordinal", "message_id", "sent_at"}


def test_dropping_a_dead_event_forgets_its_replies(runtime):
    with runtime() as u:
        u.inbox.accept("slack", "Ev1", "save_tip", {"message": {"text": "Bed 12"}}, NOW)
        (item,) = u.inbox.claim(NOW, STALE, 10)
        u.inbox.bury(item.id, NOW, "dead after 40 attempts")
        u.replies.record("slack", "Ev1", 1, "1.1", NOW)
        u.replies.record("slack", "Ev2", 1, "2.1", NOW)
        u.commit()
    with runtime() as u:
        assert u.inbox.drop(item.id, NOW) and not u.inbox.drop(item.id, NOW)
        u.commit()
    with runtime() as u:
        assert u.replies.sent("slack", "Ev1") == {} and u.replies.sent("slack", "Ev2") == {1: "2.1"}


def test_an_event_closed_by_an_erasure_forgets_its_replies(units, runtime):
    with runtime() as u:
        u.inbox.accept("slack", "Ev1", "message_changed", {"event": {"text": "Bed 12 MRN 448812"}}, NOW)
        u.replies.record("slack", "Ev1", 1, "1.1", NOW)
        u.replies.record("slack", "Ev2", 1, "2.1", NOW)
        u.commit()
    with units() as u:
        assert u.erasure.erase_inbox_mentioning(["MRN 448812"]) == 1
        u.commit()
    with runtime() as u:
        assert u.inbox.pending() == 0
        assert u.replies.sent("slack", "Ev1") == {} and u.replies.sent("slack", "Ev2") == {1: "2.1"}


def test_a_digest_runs_messages_are_kept_one_by_one_and_a_later_claim_resumes_from_them(runtime):
    with runtime() as u:
        run = u.digest_runs.claim("weekly", "2026-W48", NOW, STALE)
        u.commit()
    assert run.started_at == NOW and run.messages == []
    for n in (1, 2):
        with runtime() as u:
            u.digest_runs.keep_message(run.id, PostedMessage("C-TRAINERS", f"1.{n}", tips=(n,)))
            u.commit()
    later = NOW + STALE + timedelta(seconds=1)  # the sender died: its claim lapsed
    with runtime() as u:
        again = u.digest_runs.claim("weekly", "2026-W48", later, STALE)
        u.commit()
    assert again.id == run.id and again.attempts == 2 and again.started_at == NOW
    assert again.messages == [PostedMessage("C-TRAINERS", "1.1", tips=(1,)),
                              PostedMessage("C-TRAINERS", "1.2", tips=(2,))]
    with runtime() as u:
        u.digest_runs.failed(again.id, "ratelimited")
        u.commit()
    with runtime() as u:
        third = u.digest_runs.claim("weekly", "2026-W48", later, STALE)
        u.commit()
    assert len(third.messages) == 2, "a failed attempt keeps the messages it posted"
    with runtime() as u:
        u.digest_runs.posted(third.id, later, [*third.messages, PostedMessage("C-TRAINERS", "1.3")])
        u.commit()
    with runtime() as u:
        assert u.digest_runs.find_message("C-TRAINERS", "1.3").messages[0].message_id == "1.1"


def test_runs_claimed_before_the_migration_start_when_they_were_claimed(empty_database_url):
    engine = open_store(empty_database_url, auto_upgrade=True)
    try:
        downgrade(engine, "0008")
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO digest_run (name, period, state, claimed_at, attempts, error, messages) "
                "VALUES ('weekly', '2026-W47', 'claimed', :at, 1, '', '[]')"), {"at": NOW})
        upgrade(engine)
        with engine.connect() as connection:
            started = connection.execute(text("SELECT started_at, claimed_at FROM digest_run")).one()
        assert started[0] == started[1]
    finally:
        engine.dispose()
