"""Real store failures in the middle of processing: the event waits them out, and a deletion still erases.

SQLite: another connection holds the write lock (as `tipjar import` does) for longer than the busy timeout.
PostgreSQL: a throwaway database and role of the test's own, whose connections are terminated and whose
CONNECT privilege is revoked for a while (the shared test database and the server are never touched).
"""
from __future__ import annotations

import sqlite3
import threading
import time
from datetime import timedelta
from typing import Callable

import pytest
from sqlalchemy import text

from adapters.slack.process import SlackProcessor
from bot.commands import CaptureMessage
from adapters.settings import Settings
from bot.context import SystemClock
from bot.model import Visibility
from runtime.inbox import InboxWorker, RetryPolicy
from runtime.model import InboxItem
from store import db
from store.repository import unit_of_work_factory
from store.runtime import runtime_units
from tests.contract.databases import throwaway_postgres
from tests.unit.conftest import make_source
from tipjar.bootstrap import build_bot

SECRET_WORDS = "MRN 448812"
LEASE = timedelta(seconds=3)
FAST = RetryPolicy(first_delay=timedelta(seconds=0.2), max_delay=timedelta(seconds=1))


def deletion_event(source) -> dict:
    ref = source.ref
    return {"team_id": ref.workspace_id, "event": {
        "type": "message", "subtype": "message_deleted", "channel": ref.channel_id, "deleted_ts": ref.message_id}}


def saved_tip_and_deletion(engine):
    """A tip holding words that must go, and its author's deletion accepted into the inbox."""
    bot = build_bot(Settings(), units=unit_of_work_factory(engine), caller_retries=True)
    source = make_source()
    bot.handle(CaptureMessage(source, f"Bed 12, {SECRET_WORDS}: use the downtime MAR", "U-JO", Visibility.PUBLIC))
    with runtime_units(engine)() as unit:
        unit.inbox.accept("slack", "EvDelete", "message_deleted", deletion_event(source), SystemClock().now())
        unit.commit()
    return bot, source


def secret_left(engine) -> int:
    with engine.connect() as connection:
        in_tips = connection.execute(text("SELECT count(*) FROM tip WHERE text LIKE :w"), {"w": f"%{SECRET_WORDS}%"})
        in_inbox = connection.execute(text("SELECT payload FROM inbox")).scalars().all()
        return in_tips.scalar() + sum(SECRET_WORDS in str(p) for p in in_inbox)


def run_worker(worker: InboxWorker, until: Callable[[], bool], timeout: float) -> float:
    """Run the worker on its own threads until `until()` holds; the seconds it took."""
    stop, started = threading.Event(), time.monotonic()
    threads = [threading.Thread(target=worker.run, args=(stop, 0.1)),
               threading.Thread(target=worker.heartbeat, args=(stop,))]
    for thread in threads:
        thread.start()
    try:
        while not until():
            assert time.monotonic() - started < timeout, "the event was not processed in time"
            time.sleep(0.1)
    finally:
        stop.set()
        worker.wake.set()
        for thread in threads:
            thread.join(10)
    return time.monotonic() - started


def closed(runtime) -> Callable[[], bool]:
    def check() -> bool:
        try:
            with runtime() as unit:
                return unit.inbox.pending() == 0
        except db.StoreError:
            return False
    return check


def processor(bot) -> Callable[[InboxItem], str]:
    return SlackProcessor(bot, None, Settings(), None).handle


@pytest.mark.parametrize("lock_seconds", [0.0, 2.0])  # let go as soon as the save gave up, or 2 s later
def test_a_deletion_that_meets_a_locked_sqlite_database_waits_and_still_erases(tmp_path, monkeypatch, lock_seconds):
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 300)
    path = tmp_path / "tipjar.db"
    engine = db.open_store(f"sqlite:///{path}")
    units, runtime = unit_of_work_factory(engine), runtime_units(engine)
    bot, _ = saved_tip_and_deletion(engine)
    importer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    tries = []

    def locked_first(item: InboxItem) -> str:
        tries.append(time.monotonic())
        if len(tries) > 1:
            return processor(bot)(item)
        importer.execute("BEGIN IMMEDIATE")  # `tipjar import` takes the write lock just as the deletion is processed
        try:
            return processor(bot)(item)
        finally:
            threading.Timer(lock_seconds, importer.rollback).start()

    run_worker(InboxWorker(runtime, SystemClock(), locked_first, retry=FAST, lease=LEASE), closed(runtime), timeout=20)
    assert len(tries) >= 2 and tries[-1] - tries[0] >= lock_seconds, "tried again after the lock was gone"
    assert secret_left(engine) == 0
    with units() as unit:
        tip = unit.tips.get_by_source(make_source().ref)
    assert tip.deleted and tip.text == ""
    importer.close()
    engine.dispose()


@pytest.mark.parametrize("outage_seconds", [0.0, 6.0])  # a blip during the deletion only; an outage of seconds
def test_a_deletion_during_a_postgres_outage_waits_it_out_and_still_erases(outage_seconds):
    with throwaway_postgres() as (url, break_it, mend_it):
        engine = db.open_store(url, auto_upgrade=True)
        units, runtime = unit_of_work_factory(engine), runtime_units(engine)
        bot, _ = saved_tip_and_deletion(engine)
        outage: list[float] = []

        def fails_over_first(item: InboxItem) -> str:
            if outage:
                return processor(bot)(item)
            break_it()  # the database goes away just as the deletion is processed
            outage.append(time.monotonic())
            try:
                return processor(bot)(item)
            finally:
                threading.Timer(outage_seconds, mend_it).start()

        run_worker(InboxWorker(runtime, SystemClock(), fails_over_first, retry=FAST, lease=LEASE), closed(runtime), timeout=60)
        waited = time.monotonic() - outage[0]
        assert waited >= outage_seconds
        assert secret_left(engine) == 0
        with units() as unit:
            tip = unit.tips.get_by_source(make_source().ref)
        assert tip.deleted and tip.text == ""
        engine.dispose()


def test_after_a_failover_the_pool_reconnects_without_failing_anyone():
    """Every pooled connection dies with the old primary: the next unit of work gets a new one, no error."""
    with throwaway_postgres() as (url, break_it, mend_it):
        engine = db.open_store(url, auto_upgrade=True)
        runtime = runtime_units(engine)
        units = [runtime() for _ in range(3)]  # three pooled connections in use, then back in the pool
        for unit in units:
            unit.__enter__()
            unit.inbox.pending()
        for unit in units:
            unit.__exit__(None, None, None)
        break_it()
        mend_it()
        for _ in range(3):
            with runtime() as unit:
                assert unit.inbox.pending() == 0
        engine.dispose()
