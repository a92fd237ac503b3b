"""Trainers close the gaps, on SQLite and PostgreSQL: an answer is an approved tip that /ask finds, one decision
covers every question grouped with it, and the answer is screened like every text Tipjar stores."""
from __future__ import annotations


import pytest

from bot.commands import AnswerGap, Ask, DismissGap
from adapters.settings import Settings
from bot.model import Person, Viewer
from bot.operator import Operator
from bot.replies import Answer, GapAnswered, Notice
from tests.unit.fakes import FixedClock
from tipjar.bootstrap import build_bot

OPERATOR = Operator("tests")
"""The tests here exercise the handlers, not the trainer rule (tests/unit/test_trainers.py does)."""

JO = Person("U-JO", "Jo Brennan")


@pytest.fixture
def bot(units):
    bot = build_bot(Settings(), units=units, clock=FixedClock())
    yield bot
    # With the semantic extra an answer is embedded in the background: done before the next test empties the tables.
    assert bot.context.retriever.indexer.flush()


def asked(bot, user: str, text: str) -> int:
    answer = bot.handle(Ask(Viewer("slack", "T1", user), text))
    assert isinstance(answer, Answer) and not answer.answered
    return answer.question_id


def test_an_answer_is_an_approved_tip_for_the_whole_group_and_ask_finds_it(bot, units):
    first = asked(bot, "U-MARIA", "how do I cancel a discharge order")
    asked(bot, "U-SAM", "cancel discharge order?")
    asked(bot, "U-MARIA", "cancel the discharge order please")
    other = asked(bot, "U-DEV", "canteen opening hours")
    reply = bot.handle(AnswerGap(first, JO, "Orders > Discharge > right-click > Cancel #orders", ("Discharge",), at=OPERATOR))
    assert isinstance(reply, GapAnswered) and reply.trainer == "Jo Brennan"
    assert [q.asker_id for q in reply.askers] == ["U-MARIA", "U-SAM"], "one note per person, for their first question"
    tip = reply.tip
    assert (tip.origin.value, tip.status.value, tip.tags, tip.savers) == ("answer", "approved", ["discharge", "orders"], ["U-JO"])
    with units() as u:
        questions = {q.id: q for q in u.questions.list()}
        (change,) = u.changes.list([tip.id])
    assert [q.resolution for q in questions.values()] == ["answered", "answered", "answered", ""]
    assert {q.answer_tip_id for q in questions.values() if q.id != other} == {tip.id}
    assert questions[first].resolved_by == "Jo Brennan" and change.actor_name == "Jo Brennan"
    found = bot.handle(Ask(Viewer("slack", "T1", "U-PRIYA"), "cancel discharge order"))
    assert found.answered and found.sources[0].tip.id == tip.id


def test_an_answered_or_dismissed_question_is_not_answered_twice(bot, units):
    question = asked(bot, "U-MARIA", "where is the bariatric bed order")
    assert isinstance(bot.handle(AnswerGap(question, JO, "Orders > Equipment", at=OPERATOR)), GapAnswered)
    again = bot.handle(AnswerGap(question, Person("U-SAM", "Sam Okafor"), "somewhere else", at=OPERATOR))
    assert isinstance(again, Notice) and "already answered by Jo Brennan" in again.text
    dismissed = asked(bot, "U-DEV", "what is for lunch today")
    assert "Dismissed" in bot.handle(DismissGap(dismissed, JO, at=OPERATOR)).text
    assert "already dismissed" in bot.handle(AnswerGap(dismissed, JO, "soup", at=OPERATOR)).text
    with units() as u:
        assert len([t for t in u.tips.list() if t.origin.value == "answer"]) == 1


def test_bad_answers_get_a_clear_notice_and_store_nothing(bot, units):
    question = asked(bot, "U-MARIA", "how do I print a downtime MAR")
    assert "needs some text" in bot.handle(AnswerGap(question, JO, "   ", at=OPERATOR)).text
    assert "longer than" in bot.handle(AnswerGap(question, JO, "x" * 50_000, at=OPERATOR)).text
    assert "no longer on record" in bot.handle(AnswerGap(999_999, JO, "an answer", at=OPERATOR)).text
    with units() as u:
        assert u.tips.list() == [] and not u.questions.get(question).resolved


def test_patient_details_in_an_answer_are_removed_before_it_is_stored(bot, units):
    question = asked(bot, "U-MARIA", "how do I fix a merged record")
    reply = bot.handle(AnswerGap(question, JO, "Like we did for MRN 448812: ask HIM to unmerge", at=OPERATOR))
    assert "448812" not in reply.tip.text and reply.tip.redacted == ["MRN"]
    with units() as u:
        assert "448812" not in u.tips.get_many([reply.tip.id])[reply.tip.id].text


def test_question_numbers_from_buttons_that_no_database_holds_are_a_clear_notice(bot):
    for number in (0, -5, 2**31, 10**30):
        assert "no longer on record" in bot.handle(AnswerGap(number, JO, "an answer", at=OPERATOR)).text
        assert "no longer on record" in bot.handle(DismissGap(number, JO, at=OPERATOR)).text
