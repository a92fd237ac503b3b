from __future__ import annotations

from datetime import timedelta

from bot.commands import CaptureMessage, Review
from bot.curation import is_due_for_recheck
from bot.model import TipStatus, Visibility
from bot.replies import Level, Notice
from tests.unit.conftest import make_source


def one_tip(bot, store):
    bot.handle(CaptureMessage(make_source(), "Use F9 to refresh", "U-JO", Visibility.PUBLIC))
    (tip,) = store.committed.tips.values()
    return tip


def test_review_moves_a_new_tip_to_approved(bot, store):
    tip = one_tip(bot, store)
    reply = bot.handle(Review(tip.id, "U-TRAINER", TipStatus.APPROVED))
    assert "approved" in reply.text and store.committed.tips[tip.id].status is TipStatus.APPROVED


def test_repeating_a_review_is_harmless(bot, store):
    tip = one_tip(bot, store)
    bot.handle(Review(tip.id, "U-TRAINER", TipStatus.APPROVED))
    commits = store.commits
    reply = bot.handle(Review(tip.id, "U-TRAINER", TipStatus.APPROVED))
    assert "already" in reply.text and store.commits == commits


def test_a_reviewed_tip_cannot_go_back_to_new(bot, store):
    tip = one_tip(bot, store)
    bot.handle(Review(tip.id, "U-TRAINER", TipStatus.APPROVED))
    reply = bot.handle(Review(tip.id, "U-TRAINER", TipStatus.NEW))
    assert isinstance(reply, Notice) and reply.level is Level.ERROR


def test_unknown_tip_gets_a_clear_error(bot):
    reply = bot.handle(Review(999, "U-TRAINER", TipStatus.APPROVED))
    assert reply.level is Level.ERROR and "#999" in reply.text


def test_approved_tips_fall_due_for_recheck(bot, store, clock):
    tip = one_tip(bot, store)
    bot.handle(Review(tip.id, "U-TRAINER", TipStatus.APPROVED))
    approved = store.committed.tips[tip.id]
    assert not is_due_for_recheck(approved, clock.now() + timedelta(days=89), 90)
    assert is_due_for_recheck(approved, clock.now() + timedelta(days=90), 90)
