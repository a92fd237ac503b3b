from __future__ import annotations

from bot.commands import CaptureMessage, EditTip, RecordRelease, Review
from bot.model import TipStatus, Visibility
from bot.operator import Operator
from bot.replies import Level, Notice
from tests.unit.conftest import make_source

OPERATOR = Operator("tests")
"""The tests here exercise the handlers, not the trainer rule (tests/unit/test_trainers.py does)."""


def one_tip(bot, store):
    bot.handle(CaptureMessage(make_source(), "Use F9 to refresh", "U-JO", Visibility.PUBLIC))
    (tip,) = store.committed.tips.values()
    return tip


def test_review_moves_a_new_tip_to_approved(bot, store):
    tip = one_tip(bot, store)
    reply = bot.handle(Review(tip.id, "U-TRAINER", TipStatus.APPROVED, at=OPERATOR))
    assert "approved" in reply.text and store.committed.tips[tip.id].status is TipStatus.APPROVED


def test_repeating_a_review_is_harmless(bot, store):
    tip = one_tip(bot, store)
    bot.handle(Review(tip.id, "U-TRAINER", TipStatus.APPROVED, at=OPERATOR))
    commits = store.commits
    reply = bot.handle(Review(tip.id, "U-TRAINER", TipStatus.APPROVED, at=OPERATOR))
    assert "already" in reply.text and store.commits == commits


def test_a_reviewed_tip_cannot_go_back_to_new(bot, store):
    tip = one_tip(bot, store)
    bot.handle(Review(tip.id, "U-TRAINER", TipStatus.APPROVED, at=OPERATOR))
    reply = bot.handle(Review(tip.id, "U-TRAINER", TipStatus.NEW, at=OPERATOR))
    assert isinstance(reply, Notice) and reply.level is Level.ERROR


def test_unknown_tip_gets_a_clear_error(bot):
    reply = bot.handle(Review(999, "U-TRAINER", TipStatus.APPROVED, at=OPERATOR))
    assert reply.level is Level.ERROR and "#999" in reply.text


def test_every_review_decision_is_audited_with_who_and_before_after(bot, store, clock):
    tip = one_tip(bot, store)
    bot.handle(Review(tip.id, "U-JO", TipStatus.APPROVED, "Jo Brennan", at=OPERATOR))
    bot.handle(Review(tip.id, "U-JO", TipStatus.APPROVED, "Jo Brennan", at=OPERATOR))  # a double click
    bot.handle(Review(tip.id, "U-AL", TipStatus.NEEDS_UPDATE, "Alex Kim", at=OPERATOR))
    changes = store.committed.changes
    assert [(c.actor_name, c.before, c.after) for c in changes] == [
        ("Jo Brennan", {"status": "new"}, {"status": "approved"}),
        ("Alex Kim", {"status": "approved"}, {"status": "needs_update"}),
    ]
    assert changes[0].at == clock.now() and changes[0].action == "status"


def test_a_trainer_corrects_text_and_tags_and_the_edit_is_audited(bot, store):
    tip = one_tip(bot, store)
    reply = bot.handle(EditTip(tip.id, "U-JO", "Use F5 to refresh the MAR", ("#MAR", "shortcuts", " "), "Jo Brennan", at=OPERATOR))
    assert "corrected" in reply.text
    stored = store.committed.tips[tip.id]
    assert stored.text == "Use F5 to refresh the MAR" and stored.tags == ["mar", "shortcuts"]
    assert stored.previous_text == "Use F9 to refresh"
    (change,) = store.committed.changes
    assert change.before == {"text": "Use F9 to refresh", "tags": []} and change.action == "edit"


def test_an_empty_correction_is_refused(bot, store):
    tip = one_tip(bot, store)
    assert bot.handle(EditTip(tip.id, "U-JO", "  ", (), at=OPERATOR)).level is Level.ERROR
    assert store.committed.tips[tip.id].text == "Use F9 to refresh"


def test_releases_are_recorded_with_their_date(bot, store, clock):
    reply = bot.handle(RecordRelease("  EMR   2.3 ", "U-JO", at=OPERATOR))
    assert "EMR 2.3" in reply.text
    (release,) = store.committed.releases
    assert release.name == "EMR 2.3" and release.released_at == clock.now()
    assert bot.handle(RecordRelease("", "U-JO", at=OPERATOR)).level is Level.USAGE
