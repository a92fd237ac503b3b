"""Lexical /ask judges its hits: a tip sharing a word or two with the question is not an answer."""
from __future__ import annotations

import pytest

from bench.emr_questions import emr_questions
from bot.commands import Ask, CaptureMessage
from bot.config import AskSettings
from adapters.settings import Settings
from bot.model import TipStatus, Viewer, Visibility
from bot.relevance import content_words, word_share
from bot.retrieval import Found, Retriever
from tests.unit.conftest import make_source
from tipjar.bootstrap import build_bot

VIEWER = Viewer("slack", "T1", "U-ASKER")
DOWNTIME = "Print your downtime reports before 01:45"
PRINTER = "Label printer jammed? Open the side door and pull the ribbon"


@pytest.fixture
def lexical_bot(store, clock):
    bot = build_bot(Settings(), units=store, clock=clock, retriever=Retriever(AskSettings()))
    for n, text in enumerate((DOWNTIME, PRINTER)):
        bot.handle(CaptureMessage(make_source(f"9.{n}"), text, "U-JO", Visibility.PUBLIC))
    return bot


def test_a_tip_sharing_one_word_is_no_answer_and_the_gap_is_recorded(lexical_bot, store):
    answer = lexical_bot.handle(Ask(VIEWER, "scanner frozen after downtime"))
    assert not answer.sources
    assert "I don't know" in answer.text
    assert [q.answered for q in store.committed.questions] == [False]


def test_a_tip_holding_most_of_the_question_is_still_the_answer(lexical_bot):
    answer = lexical_bot.handle(Ask(VIEWER, "how do I fix a jammed label printer?"))
    assert [s.tip.text for s in answer.sources] == [PRINTER]


def test_question_filler_counts_for_nothing_and_longer_words_for_more():
    assert content_words("does anyone know how to get the printer working") == {"print": 7}
    assert word_share("wristband scanner frozen", "reprint the wristband") == pytest.approx(9 / 22)
    assert word_share("how do I?", "how do I") == 0.0


def test_the_share_is_set_in_app_yaml():
    strict = Retriever(AskSettings(min_word_share=1.0))
    loose = Retriever(AskSettings(min_word_share=0.0))
    hit = [Found(1, 1.0, TipStatus.NEW)]
    assert strict.relevant("scanner frozen", hit, {1: "scanner"}) == []
    assert loose.relevant("scanner frozen", hit, {1: "scanner"}) == hit


def test_the_unanswerable_emr_questions_are_distinct_and_many():
    questions = emr_questions()
    assert len(questions) == len(set(questions)) == 120
