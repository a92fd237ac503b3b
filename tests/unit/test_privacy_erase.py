"""Who may delete a tip, and what a deletion does in the core."""
from __future__ import annotations

from bot.commands import CaptureMessage, EditTip, EraseTip, Purge
from bot.model import Visibility
from bot.operator import Operator
from bot.replies import Erased, Level, Notice
from tests.unit.conftest import make_source

OPERATOR = Operator("tests")
"""The tests here exercise the handlers, not the trainer rule (tests/unit/test_trainers.py does)."""

TEXT = "Wristband printer jams: open the side door and pull the ribbon straight"


def saved(bot, saver="U-JO"):
    return bot.handle(CaptureMessage(make_source(), TEXT, saver, Visibility.PUBLIC)).tip


def test_the_author_the_first_saver_and_the_operator_may_delete(bot, store):
    for who, at in (("U-MARIA", None), ("U-JO", None), ("cli", OPERATOR)):
        tip = saved(bot)
        reply = bot.handle(EraseTip(tip.id, who, at=at))
        assert isinstance(reply, Erased) and reply.tip_ids == (tip.id,)
        erased = store.committed.tips[tip.id]
        assert erased.deleted and erased.text == "" and erased.previous_text is None
        store.committed.tips.clear()
    assert store.compactions == 3


def test_anyone_else_is_refused_and_nothing_changes(bot, store):
    tip = saved(bot)
    bot.handle(CaptureMessage(make_source(), TEXT, "U-SAM", Visibility.PUBLIC))
    reply = bot.handle(EraseTip(tip.id, "U-SAM"))
    assert isinstance(reply, Notice) and reply.level is Level.ERROR
    assert store.committed.tips[tip.id].text == TEXT


def test_the_audit_trail_keeps_its_rows_without_the_words(bot, store):
    tip = saved(bot)
    bot.handle(EditTip(tip.id, "U-TRAINER", TEXT + " gently", (), at=OPERATOR))
    bot.handle(EraseTip(tip.id, "U-MARIA"))
    (change,) = store.committed.changes
    assert change.before["text"] == change.after["text"] == "[erased]" and change.actor_id == "U-TRAINER"


def test_purge_needs_exactly_one_selector_and_a_dry_run_keeps_everything(bot, store):
    tip = saved(bot)
    assert bot.handle(Purge()).level is Level.USAGE
    assert bot.handle(Purge(tip_id=tip.id, user_id="U-MARIA")).level is Level.USAGE
    dry = bot.handle(Purge(user_id="U-MARIA", dry_run=True))
    assert dry.dry_run and dry.tip_ids == (tip.id,) and store.committed.tips[tip.id].text == TEXT
    assert bot.handle(Purge(match="RIBBON")).tip_ids == (tip.id,)
    assert store.committed.tips[tip.id].text == ""
