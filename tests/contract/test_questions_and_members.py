"""SqlQuestionRepository and SqlMembershipRepository on a real database."""
from __future__ import annotations

from datetime import timedelta, timezone

from bot.model import Question
from tests.contract.samples import MONDAY


def ask(asked_at, text="where is the crash cart key?", answered=False, tip_ids=()) -> Question:
    return Question(asker_id="U-ANA", text=text, asked_at=asked_at, platform="slack", workspace_id="T1",
                    answered=answered, tip_ids=list(tip_ids))


def test_a_question_round_trips(units):
    question = ask(MONDAY, answered=True, tip_ids=(3, 1))
    with units() as u:
        stored = u.questions.add(question)
        u.commit()
    with units() as u:
        (loaded,) = u.questions.list()
    assert stored.id is not None
    assert loaded == question
    assert loaded.asked_at.tzinfo == timezone.utc


def test_questions_are_listed_oldest_first_within_since_and_until(units):
    with units() as u:
        for day in (2, 0, 1, 7):
            u.questions.add(ask(MONDAY + timedelta(days=day), text=f"day {day}"))
        u.commit()
    with units() as u:
        week = u.questions.list(since=MONDAY, until=MONDAY + timedelta(days=7))
        later = u.questions.list(since=MONDAY + timedelta(days=1))
    assert [q.text for q in week] == ["day 0", "day 1", "day 2"]
    assert [q.text for q in later] == ["day 1", "day 2", "day 7"]


def test_memberships_are_recorded_once_and_read_per_person(units):
    with units() as u:
        u.members.add("slack", "T1", "C-NURSES", ["U-ANA", "U-BEN", "U-ANA"])
        u.members.add("slack", "T1", "C-PHARMACY", ["U-ANA"])
        u.commit()
    with units() as u:
        u.members.add("slack", "T1", "C-NURSES", ["U-ANA", "U-CHO"])
        u.members.add("slack", "T1", "C-EMPTY", [])
        u.commit()
    with units() as u:
        assert u.members.channels_of("slack", "T1", "U-ANA") == {"C-NURSES", "C-PHARMACY"}
        assert u.members.channels_of("slack", "T1", "U-CHO") == {"C-NURSES"}
        assert u.members.channels_of("slack", "T2", "U-ANA") == frozenset()
        assert u.members.channels_of("teams", "T1", "U-ANA") == frozenset()
