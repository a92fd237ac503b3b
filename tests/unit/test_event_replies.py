"""Replies posted once per inbox event across attempts (runtime.replies), with the worker around them."""
from __future__ import annotations

from runtime.inbox import InboxWorker
from runtime.replies import posted_once


class CountingStore:
    """The fake store, counting the units of work opened (each is a round trip or more to a real database)."""

    def __init__(self, store) -> None:
        self.store, self.opened = store, 0

    def __call__(self):
        self.opened += 1
        return self.store()


def accept(store, clock, key: str) -> None:
    with store() as uow:
        uow.inbox.accept("slack", key, "reaction_added", {"n": key}, clock.now())
        uow.commit()


def two_notes(posts: list, die_after_first: set):
    def handle(item) -> str:
        posted_once(lambda: posts.append(f"{item.event_key}: first") or f"{item.event_key}.1")
        if item.event_key in die_after_first:
            die_after_first.discard(item.event_key)
            raise ConnectionError("the process died here")
        posted_once(lambda: posts.append(f"{item.event_key}: second") or f"{item.event_key}.2")
        return "done"
    return handle


def test_an_event_processed_again_posts_only_what_its_first_attempt_did_not(store, clock):
    posts: list[str] = []
    worker = InboxWorker(store, clock, two_notes(posts, {"Ev1"}))
    accept(store, clock, "Ev1")
    worker.run_once()
    assert posts == ["Ev1: first"] and store.committed.replies == {("slack", "Ev1", 1): "Ev1.1"}
    clock.advance(minutes=1)
    worker.run_once()
    assert posts == ["Ev1: first", "Ev1: second"]
    assert store.committed.replies == {}, "the finished event's replies are forgotten"


def test_a_first_attempt_only_writes_one_record_per_reply(store, clock):
    counting = CountingStore(store)
    posts: list[str] = []
    accept(store, clock, "Ev1")
    InboxWorker(counting, clock, two_notes(posts, set())).run_once()
    assert posts == ["Ev1: first", "Ev1: second"]
    assert counting.opened == 1 + 2 + 1, "the claim, one record per reply, the close: no look-up"


def test_a_revived_dead_event_does_not_repeat_its_replies(store, clock):
    posts: list[str] = []
    accept(store, clock, "Ev1")
    InboxWorker(store, clock, two_notes(posts, {"Ev1"})).run_once()
    with store() as uow:
        uow.inbox.bury(1, clock.now(), "dead after 40 attempts")
        uow.commit()
    with store() as uow:
        uow.inbox.revive(1)
        uow.commit()
    InboxWorker(store, clock, two_notes(posts, set())).run_once()
    assert posts == ["Ev1: first", "Ev1: second"]


def test_outside_an_event_a_reply_is_simply_posted(store, clock):
    posts: list[str] = []
    assert posted_once(lambda: posts.append("hello") or "1.1").message_id == "1.1"
    assert posted_once(lambda: None) is None and posts == ["hello"]
