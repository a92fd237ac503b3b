"""SqlTipRepository.list: the filters digests and exports rely on."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bot.model import TipStatus
from bot.ports import TipFilter
from tests.contract.samples import MONDAY, sample_tip, store_tips


@pytest.fixture
def week_of_tips(units):
    """One tip a day from Monday: new, approved, needs_update, archived, then one deleted."""
    statuses = [TipStatus.NEW, TipStatus.APPROVED, TipStatus.NEEDS_UPDATE, TipStatus.ARCHIVED, TipStatus.NEW]
    tips = store_tips(units, *(
        sample_tip(f"1.{day}", f"tip of day {day}", status=status, captured_at=MONDAY + timedelta(days=day),
                   tags=("scanner",) if day % 2 == 0 else ("pharmacy",))
        for day, status in enumerate(statuses)
    ))
    with units() as u:
        deleted = u.tips.get(tips[-1].id)
        deleted.text, deleted.deleted_at = "", MONDAY + timedelta(days=6)
        u.tips.update(deleted)
        u.commit()
    return tips


def listed(units, **where) -> list[str]:
    with units() as u:
        return [tip.source.ref.message_id for tip in u.tips.list(TipFilter(**where))]


def test_listing_never_shows_deleted_tips_and_keeps_capture_order(units, week_of_tips):
    assert listed(units) == ["1.0", "1.1", "1.2", "1.3"]


def test_listing_by_status_and_without_archived(units, week_of_tips):
    assert listed(units, status=TipStatus.APPROVED) == ["1.1"]
    assert listed(units, include_archived=False) == ["1.0", "1.1", "1.2"]


def test_listing_by_tag(units, week_of_tips):
    assert listed(units, tag="scanner") == ["1.0", "1.2"]
    assert listed(units, tag="unknown") == []


def test_listing_by_capture_time_includes_the_start_and_excludes_the_end(units, week_of_tips):
    tuesday, thursday = MONDAY + timedelta(days=1), MONDAY + timedelta(days=3)
    assert listed(units, captured_from=tuesday, captured_until=thursday) == ["1.1", "1.2"]
    assert listed(units, captured_from=thursday) == ["1.3"]


def test_a_deleted_tip_is_still_found_by_its_source(units, week_of_tips):
    with units() as u:
        deleted = u.tips.get_by_source(week_of_tips[-1].source.ref)
    assert deleted.deleted and deleted.text == ""


def test_listing_by_saver(units, week_of_tips):
    with units() as u:
        tip = u.tips.get(week_of_tips[2].id)
        tip.savers.append("U-JO")
        u.tips.update(tip)
        u.commit()
    assert listed(units, saver="U-JO") == ["1.2"]
    assert listed(units, saver="U-ANA") == ["1.0", "1.1", "1.2", "1.3"]
