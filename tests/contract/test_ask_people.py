"""What people do moves /ask's ranking, through the real store on SQLite and PostgreSQL: a trainer's approval
lifts a tip, archiving hides it, "Not helpful" lowers it for similar questions, and savers lift it within a
bound that never passes a clearly better match."""
from __future__ import annotations

import pytest

from bot.commands import Ask, CaptureMessage, RecordFeedback, Review
from bot.config import AskSettings
from adapters.settings import Settings
from bot.model import TipStatus, Viewer, Visibility
from bot.operator import Operator
from bot.retrieval import Retriever
from tests.unit.conftest import make_source
from tests.unit.fakes import FixedClock
from tipjar.bootstrap import build_bot

OPERATOR = Operator("tests")
"""The tests here exercise the handlers, not the trainer rule (tests/unit/test_trainers.py does)."""

ASKER, OTHER = Viewer("slack", "T1", "U-MARIA"), Viewer("slack", "T1", "U-SAM")
SIDE_DOOR = "Label printer jammed: open the side door"
HELP_DESK = "Label printer jammed: call the help desk"


@pytest.fixture
def bot(units):
    bot = build_bot(Settings(), units=units, clock=FixedClock(), retriever=Retriever(AskSettings(min_word_share=0)))
    for n, text in enumerate((SIDE_DOOR, HELP_DESK)):
        bot.handle(CaptureMessage(make_source(f"5.{n}"), text, "U-JO", Visibility.PUBLIC))
    return bot


def shown(bot, question: str, viewer: Viewer = OTHER) -> list[str]:
    return [s.tip.text for s in bot.handle(Ask(viewer, question)).sources]


def tip_id(bot, text: str) -> int:
    return next(t.id for t in bot.views.tips() if t.text == text)


def test_equal_matches_keep_the_order_they_were_saved_in(bot):
    assert shown(bot, "label printer jammed") == [SIDE_DOOR, HELP_DESK]


def test_an_approved_tip_rises_and_an_archived_one_never_shows(bot):
    bot.handle(Review(tip_id(bot, HELP_DESK), "U-TRAINER", TipStatus.APPROVED, at=OPERATOR))
    assert shown(bot, "label printer jammed") == [HELP_DESK, SIDE_DOOR]
    bot.handle(Review(tip_id(bot, HELP_DESK), "U-TRAINER", TipStatus.ARCHIVED, at=OPERATOR))
    assert shown(bot, "label printer jammed") == [SIDE_DOOR]
    assert HELP_DESK not in shown(bot, "call the help desk")


def test_not_helpful_lowers_a_tip_for_similar_questions(bot):
    answer = bot.handle(Ask(ASKER, "label printer jammed"))
    bot.handle(RecordFeedback(answer.question_id, "U-MARIA", helpful=False))
    assert shown(bot, "the label printer is jammed") == [HELP_DESK, SIDE_DOOR]


def test_saves_lift_a_tip_among_equal_matches(bot):
    for n in range(3):
        bot.handle(CaptureMessage(make_source("5.1"), HELP_DESK, f"U-SAVER{n}", Visibility.PUBLIC))
    assert shown(bot, "label printer jammed") == [HELP_DESK, SIDE_DOOR]


def test_any_number_of_saves_stays_below_a_clearly_better_match(bot):
    bot.handle(CaptureMessage(make_source("5.9"), "Ward phone list: ask the ward clerk", "U-JO", Visibility.PUBLIC))
    for n in range(40):
        bot.handle(CaptureMessage(make_source("5.1"), HELP_DESK, f"U-SAVER{n}", Visibility.PUBLIC))
    assert shown(bot, "open the side door of the jammed label printer")[0] == SIDE_DOOR
