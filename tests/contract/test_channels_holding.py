"""The channels holding live tips of a visibility: every one of them, however the deleted tips fall between."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

from bot.model import SourceRef, Visibility
from tests.contract.samples import sample_tip, store_tips

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)
PRIVATE = Visibility.PRIVATE


def _elsewhere(message_id: str, channel_id: str):
    tip = sample_tip(message_id, channel_id=channel_id, visibility=PRIVATE)
    tip.source = replace(tip.source, ref=SourceRef("slack", "T-OTHER", channel_id, message_id))
    return tip


def _delete(units, *tip_ids: int) -> None:
    with units() as uow:
        for tip_id in tip_ids:
            tip = uow.tips.get(tip_id)
            tip.deleted_at, tip.text = NOW, ""
            uow.tips.update(tip)
        uow.commit()


def test_every_channel_with_a_live_tip_is_listed_and_no_other(units):
    stored = store_tips(
        units,
        sample_tip("1", channel_id="C-A", visibility=PRIVATE),
        sample_tip("2", channel_id="C-B", visibility=PRIVATE),  # deleted: C-B holds no live private tip
        sample_tip("3", channel_id="C-C", visibility=PRIVATE),  # deleted, beside a live one in C-C
        sample_tip("4", channel_id="C-C", visibility=PRIVATE),
        sample_tip("5", channel_id="C-D", visibility=PRIVATE),
        sample_tip("6", channel_id="C-E"),
        sample_tip("7", channel_id="C-F"),  # deleted: C-F holds no live public tip
        _elsewhere("8", "C-Z"),
    )
    _delete(units, stored[1].id, stored[2].id, stored[6].id)
    with units() as uow:
        assert uow.tips.private_channels("slack", "T1") == frozenset({"C-A", "C-C", "C-D"})
        assert uow.tips.public_channels("slack", "T1") == frozenset({"C-E"})
        assert uow.tips.private_channels("slack", "T-OTHER") == frozenset({"C-Z"})
        assert uow.tips.private_channels("teams", "T1") == frozenset()


def test_a_new_private_tip_makes_its_channel_listed_at_once(units):
    store_tips(units, sample_tip("1", channel_id="C-A", visibility=PRIVATE))
    with units() as uow:
        assert uow.tips.private_channels("slack", "T1") == frozenset({"C-A"})
    store_tips(units, sample_tip("2", channel_id="C-0", visibility=PRIVATE))
    with units() as uow:
        assert uow.tips.private_channels("slack", "T1") == frozenset({"C-0", "C-A"})
