"""Who may delete (erase, for good) someone else's tip from a private note: its author, and the person who
saved it first. That right must stay with the one who captured the tip: someone who saved it later, or who
saves a tip nobody still votes for, must not inherit it by the first saver taking their vote back.
"""
from __future__ import annotations

import pytest

from bot.commands import CaptureMessage, EraseTip, RemoveVote
from bot.model import Visibility
from bot.replies import Erased
from tests.unit.conftest import bot, clock, make_source, store  # noqa: F401 (fixtures)

TEXT = "Wristband printer jams: open the side door and pull the ribbon straight"
INHERITS = ("the first saver is whoever is first among the savers now (savers[:1]); who captured the tip is "
            "not stored, so removing a vote hands the Delete on. Fix: keep the capturer on the tip (a "
            "captured_by column, set by capture, never changed by RemoveVote) and let bot.trainers.erase_refusal "
            "use it instead of savers[:1]")


def save(bot, who: str):
    return bot.handle(CaptureMessage(make_source(), TEXT, who, Visibility.PUBLIC)).tip


@pytest.mark.xfail(strict=True, reason=INHERITS)
def test_a_later_saver_does_not_inherit_the_first_savers_delete(bot, store):
    tip = save(bot, "U-JO")  # Jo saves Maria's message first; Sam agrees
    save(bot, "U-SAM")
    bot.handle(RemoveVote(tip.source.ref, "U-JO"))  # Jo takes the vote back
    reply = bot.handle(EraseTip(tip.id, "U-SAM", at=None))
    assert not isinstance(reply, Erased) and store.committed.tips[tip.id].text == TEXT


@pytest.mark.xfail(strict=True, reason=INHERITS)
def test_saving_a_tip_nobody_votes_for_does_not_make_it_yours_to_delete(bot, store):
    tip = save(bot, "U-JO")
    bot.handle(RemoveVote(tip.source.ref, "U-JO"))
    save(bot, "U-SAM")  # the tip is still there, with no saver: Sam's reaction makes him "first"
    reply = bot.handle(EraseTip(tip.id, "U-SAM", at=None))
    assert not isinstance(reply, Erased) and store.committed.tips[tip.id].text == TEXT


def test_the_author_and_the_capturer_may_still_delete(bot, store):
    for who in ("U-MARIA", "U-JO"):
        tip = save(bot, "U-JO")
        save(bot, "U-SAM")
        assert isinstance(bot.handle(EraseTip(tip.id, who, at=None)), Erased), who
        store.committed.tips.clear()
