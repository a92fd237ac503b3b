"""The inbox's record of an event outlives its payload and any erasure: what it says of the event (the outcome,
or why it failed) must never carry the words of a message, a tip or an answer. Three ways words got there: a
Teams answer's text as the outcome, an exception quoting the value it could not read, and a malformed payload's
error message."""
from __future__ import annotations

from adapters.dispatch import by_platform
from bot.replies import Answer, Level, Notice, Refused
from runtime.inbox import InboxWorker
from runtime.model import InboxItem
from tests.unit.fakes import FakeStore, FixedClock

WORDS = "Okonkwo-Hale in bed 12"


def test_an_answer_or_a_notice_closes_its_event_without_their_words():
    """Both platforms' processors close an event with the reply's summary (`outcome`)."""
    replies = [Answer(f"what about {WORDS}", text=f"Ask {WORDS}'s nurse", question_id=4),
               Notice(f"Tip #3 quoted {WORDS}", Level.ERROR), Refused(f"{WORDS} is not yours to change")]
    said = [reply.summary for reply in replies]
    assert not [s for s in said if WORDS in s], said


def _worker_failing_with(error: Exception) -> list[dict]:
    store, clock = FakeStore(), FixedClock()
    with store() as uow:
        uow.inbox.accept("teams", "Ev1", "message", {"text": WORDS}, clock.now())
        uow.commit()

    def handle(item: InboxItem) -> str:
        raise error

    InboxWorker(store, clock, by_platform({"teams": handle})).run_once()
    return list(store.committed.inbox.values())


def test_an_exception_quoting_the_event_is_kept_by_its_kind_only():
    (row,) = _worker_failing_with(RuntimeError(f"could not post {WORDS}"))
    assert row["outcome"] and WORDS not in row["outcome"] and "RuntimeError" in row["outcome"]


def test_a_malformed_payload_is_kept_by_its_kind_only():
    (row,) = _worker_failing_with(ValueError(f"invalid literal for int() with base 10: '{WORDS}'"))
    assert row["dead_at"] is not None and row["outcome"].startswith("malformed: message payload: ValueError")
    assert WORDS not in row["outcome"]
