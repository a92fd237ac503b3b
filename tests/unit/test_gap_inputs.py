"""The words that reach the gap commands from outside: any typed /answer line, any Answer button or modal."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from adapters.console import translate
from adapters.slack.gaps import _question_id, answer_view, heard_back
from adapters.slack.render import escalation
from bot.model import Question


@settings(max_examples=200, deadline=500)
@given(st.text(max_size=200))
def test_any_answer_line_is_an_answer_or_a_clear_usage_message(rest):
    action = translate.parse("/answer " + rest)
    assert isinstance(action, (translate.AnswerCommand, translate.Invalid))
    if isinstance(action, translate.Invalid):
        assert "/answer" in action.message
    else:
        assert action.number >= 0 and action.text


@settings(max_examples=200, deadline=500)
@given(st.one_of(st.none(), st.integers(), st.text(max_size=30), st.floats(allow_nan=True), st.lists(st.integers())))
def test_any_question_id_on_a_button_reads_as_a_number_or_zero(value):
    assert _question_id({"question_id": value}) >= 0


def test_escalations_carry_answer_and_dismiss_for_the_question():
    blocks = escalation("where is the <!here> form", "Maria Lopez", 42)["blocks"]
    assert "<!here>" not in str(blocks)
    (actions,) = [b for b in blocks if b["type"] == "actions"]
    assert [e["action_id"] for e in actions["elements"]] == ["tipjar_gap_answer", "tipjar_gap_dismiss"]
    assert '"question_id": 42' in actions["elements"][0]["value"]


def test_the_modal_and_the_note_show_chat_text_without_pings_or_markup():
    view = answer_view("ping <!channel> *now*", {"question_id": 1})
    assert "<!channel>" not in str(view) and view["callback_id"] == "tipjar_answer_gap"
    assert [b.get("block_id") for b in view["blocks"][1:]] == ["text", "tags"]
    from datetime import datetime, timezone

    from bot.model import Origin, Person, Source, SourceRef, Tip, TipStatus, Visibility
    from bot.replies import GapAnswered
    tip = Tip(Source(SourceRef("slack", "T1", "answers", "answer-1"), Person("U-JO", "Jo")), "Use <@U123> *bold*",
              Visibility.PUBLIC, Origin.ANSWER, datetime.now(timezone.utc), TipStatus.APPROVED, id=7)
    asked = Question("U-MARIA", "where?", datetime.now(timezone.utc), "slack", "T1", False, id=3)
    note = heard_back(asked, GapAnswered(tip, "Jo <!here>", (asked,)), "Tuesday")
    assert "<!here>" not in str(note) and "<@U123>" not in str(note) and "on Tuesday" in str(note)
