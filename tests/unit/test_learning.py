"""Verdicts on answers nudge tips for similar questions only, in the asker's workspace, within a bound."""
from __future__ import annotations

import pytest

from bot.commands import Ask, CaptureMessage, RecordFeedback
from bot.config import AskSettings
from adapters.settings import Settings
from bot.learning import SAVES_FULL, feedback_shifts, saves_shift, similarity
from bot.model import Viewer, Visibility
from bot.retrieval import Retriever
from tests.unit.conftest import make_source
from tipjar.bootstrap import build_bot

MARIA, SAM = Viewer("slack", "T1", "U-MARIA"), Viewer("slack", "T1", "U-SAM")
ELSEWHERE = Viewer("slack", "T2", "U-OTHER")


@pytest.fixture
def bot(store, clock):
    bot = build_bot(Settings(), units=store, clock=clock, retriever=Retriever(AskSettings()))
    for n, text in enumerate(("Label printer jammed: open the side door", "Label printer jammed: call the help desk")):
        bot.handle(CaptureMessage(make_source(f"8.{n}"), text, "U-JO", Visibility.PUBLIC))
    return bot


def first_words(bot, viewer, question):
    return [s.tip.text.split(": ")[1] for s in bot.handle(Ask(viewer, question)).sources]


def verdict(bot, viewer, question, helpful, people=("U-MARIA",)):
    answer = bot.handle(Ask(viewer, question))
    for person in people:
        bot.handle(RecordFeedback(answer.question_id, person, helpful))
    return answer


def shifts(bot, viewer, question, **settings):
    with bot.context.units() as uow:
        return feedback_shifts(uow, question, viewer, AskSettings(**settings), bot.context.clock.now())


def test_not_helpful_lowers_the_first_tip_most_for_similar_questions_only(bot):
    verdict(bot, MARIA, "label printer jammed", helpful=False)
    assert first_words(bot, SAM, "label printer jammed again") == ["call the help desk", "open the side door"]
    assert shifts(bot, SAM, "where is the side door of the label printer") == {}  # not similar enough
    assert shifts(bot, ELSEWHERE, "label printer jammed") == {}  # another workspace's verdicts do not count


def test_helpful_raises_and_many_verdicts_stay_within_the_limit(bot):
    verdict(bot, MARIA, "label printer jammed", helpful=True, people=[f"U-{n}" for n in range(40)])
    moved = shifts(bot, SAM, "label printer jammed", feedback_step=0.25, feedback_limit=0.5)
    assert 0 < moved[2] < moved[1] <= 0.5  # the first tip shown gains most, neither passes the limit
    assert shifts(bot, SAM, "label printer jammed", feedback_step=0) == {}


def test_similarity_is_shared_content_words():
    assert similarity("label printer jammed", "the label printer is jammed today") == pytest.approx(3 / 4)
    assert similarity("how do I?", "label printer") == 0.0


def test_saves_count_by_doubling_and_never_past_the_bound():
    assert saves_shift(0, 0.15) == saves_shift(1, 0.15) == 0.0  # the one who captured it is no extra vote
    assert saves_shift(4, 0.15) - saves_shift(2, 0.15) == pytest.approx(saves_shift(2, 0.15))
    assert saves_shift(SAVES_FULL, 0.15) == saves_shift(1000, 0.15) == pytest.approx(0.15)
    assert saves_shift(1000, 0) == 0.0
