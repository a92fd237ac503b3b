"""SqlTipRepository and SqlUnitOfWork on a real database."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.model import Person, SourceRef, TipStatus, Visibility
from bot.ports import Conflict
from store.tables import TipSaverRow
from tests.contract.samples import MONDAY, sample_tip, store_tips


def test_a_tip_round_trips_with_its_source_savers_and_tags(units):
    tip = sample_tip("1.1", savers=("U-ANA", "U-BEN", "U-CHO"), tags=("scanner", "barcode"),
                     visibility=Visibility.PRIVATE)
    (stored,) = store_tips(units, tip)
    with units() as u:
        loaded = u.tips.get(stored.id)
        by_source = u.tips.get_by_source(tip.source.ref)
    assert stored.id is not None
    assert loaded == tip == by_source
    assert loaded.source.author == Person("U-MARIA", "Maria")
    assert loaded.savers == ["U-ANA", "U-BEN", "U-CHO"] and loaded.votes == 3


def test_unknown_tips_are_none(units):
    with units() as u:
        assert u.tips.get(12345) is None
        assert u.tips.get_by_source(SourceRef("slack", "T1", "C-GENERAL", "9.9")) is None
        assert u.tips.get_many([]) == {}


def test_a_second_tip_for_the_same_message_is_a_conflict(units):
    store_tips(units, sample_tip("1.1"))
    with units() as u, pytest.raises(Conflict):
        u.tips.add(sample_tip("1.1", "the same message captured by another replica"))
        u.commit()
    with units() as u:
        assert [t.text for t in u.tips.list()] == [sample_tip("1.1").text]


def test_savers_and_tags_follow_the_tip_by_difference(units, engine):
    (tip,) = store_tips(units, sample_tip("1.1", savers=("U-ANA", "U-BEN"), tags=("scanner",)))
    with units() as u:
        tip = u.tips.get(tip.id)
        tip.savers = ["U-BEN", "U-CHO", "U-ANA-2"]
        tip.tags = ["scanner", "barcode"]
        u.tips.update(tip)
        u.commit()
    with units() as u:
        loaded = u.tips.get(tip.id)
    assert loaded.savers == ["U-BEN", "U-CHO", "U-ANA-2"]
    assert loaded.tags == ["scanner", "barcode"]
    with engine.connect() as connection:
        saved_at = dict(connection.execute(select(TipSaverRow.user_id, TipSaverRow.saved_at)).all())
    assert saved_at["U-BEN"] == MONDAY, "a saver who stays keeps the time they saved"
    assert saved_at["U-CHO"] > MONDAY


def test_update_writes_text_status_and_times(units):
    (tip,) = store_tips(units, sample_tip("1.1", "old words"))
    edited_at = MONDAY + timedelta(days=1)
    with units() as u:
        tip = u.tips.get(tip.id)
        tip.previous_text, tip.text = tip.text, "new words"
        tip.status, tip.updated_at = TipStatus.APPROVED, edited_at
        u.tips.update(tip)
        u.commit()
    with units() as u:
        loaded = u.tips.get(tip.id)
    assert (loaded.text, loaded.previous_text, loaded.status, loaded.updated_at) == (
        "new words", "old words", TipStatus.APPROVED, edited_at)


def test_updating_a_tip_that_was_never_added_is_refused(units):
    with units() as u, pytest.raises(LookupError):
        u.tips.update(sample_tip("1.1"))


def test_work_not_committed_is_rolled_back_on_exit(units):
    with units() as u:
        u.tips.add(sample_tip("1.1"))
    with pytest.raises(RuntimeError), units() as u:
        u.tips.add(sample_tip("1.2"))
        raise RuntimeError("the command failed half way")
    with units() as u:
        assert u.tips.list() == []


def test_datetimes_come_back_timezone_aware_utc(units):
    paris = datetime(2026, 11, 23, 10, 30, tzinfo=ZoneInfo("Europe/Paris"))
    (tip,) = store_tips(units, sample_tip("1.1", captured_at=paris))
    with units() as u:
        loaded = u.tips.get(tip.id)
    assert loaded.captured_at == paris
    assert loaded.captured_at.tzinfo == timezone.utc and loaded.captured_at.hour == 9
    assert loaded.source.posted_at.tzinfo == timezone.utc


def test_naive_datetimes_are_refused(units):
    with units() as u, pytest.raises(Exception, match="naive datetime"):
        u.tips.add(sample_tip("1.1", captured_at=datetime(2026, 11, 23, 9, 0)))


def test_get_many_returns_what_exists_keyed_by_id(units):
    tips = store_tips(units, *(sample_tip(f"1.{n}") for n in range(3)))
    with units() as u:
        found = u.tips.get_many(t.id for t in [*tips, tips[0]])
        found_with_unknown = u.tips.get_many([tips[1].id, 999])
    assert sorted(found) == [t.id for t in tips]
    assert list(found_with_unknown) == [tips[1].id]


def test_a_concurrent_capture_of_the_same_message_is_a_conflict(units):
    """The second writer waits for the first (no 'database is locked'), then sees the key is taken."""
    outcome: list[BaseException | None] = []

    def second_writer() -> None:
        try:
            with units() as u:
                u.tips.add(sample_tip("1.1", "captured by the other replica"))
                u.commit()
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            outcome.append(exc)

    with units() as first:
        first.tips.add(sample_tip("1.1"))
        other = threading.Thread(target=second_writer)
        other.start()
        other.join(timeout=0.5)
        assert other.is_alive(), "the second writer waits while the first holds the message"
        first.commit()
    other.join(timeout=10)
    assert len(outcome) == 1 and isinstance(outcome[0], Conflict)


def test_a_tips_visibility_follows_an_update(units):
    """A channel made private takes its tips with it: the visibility is written back like the text."""
    from bot.model import Visibility

    (tip,) = store_tips(units, sample_tip("1.7"))
    with units() as u:
        tip = u.tips.get(tip.id)
        assert tip.visibility is Visibility.PUBLIC
        tip.visibility = Visibility.PRIVATE
        u.tips.update(tip)
        u.commit()
    with units() as u:
        assert u.tips.get(tip.id).visibility is Visibility.PRIVATE
