"""Block Kit rendering: safe text, names not pings, Slack's size limits, the buttons."""
from __future__ import annotations

import json

from adapters.slack import render
from bot.model import TipStatus
from bot.replies import Answer, AnswerSource, Notice
from tests.unit.conftest import make_source
from bot.model import Origin, Tip, Visibility
from datetime import datetime, timezone

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)


def tip(text: str, status: TipStatus = TipStatus.NEW) -> Tip:
    source = make_source()
    source.channel_name = "emr-go-live"
    return Tip(source=source, text=text, visibility=Visibility.PUBLIC, origin=Origin.REACTION, captured_at=NOW,
               status=status, savers=["U-JO"], id=7)


def test_answers_neutralise_mentions_and_escape_markup():
    found = tip("<!channel> use <https://evil.example|this link> & <@U9> says *hi*")
    answer = Answer("scanner?", [AnswerSource(found, 1.0, "<!channel> & <script>")], question_id=3)
    shown = json.dumps(render.render(answer))
    assert "<!channel>" not in shown and "<script>" not in shown and "&lt;script&gt;" in shown
    assert "<https://evil.example" not in shown


def test_answer_credits_names_links_and_review_state():
    found = tip("Hold the trigger", TipStatus.APPROVED)
    message = render.render(Answer("scanner?", [AnswerSource(found, 1.0, "Hold the trigger")], question_id=3))
    context = message["blocks"][2]["elements"][0]["text"]
    assert "Maria in #emr-go-live" in context and "approved by a trainer" in context
    assert f"<{found.source.permalink}|open the message>" in context
    values = [json.loads(b["value"]) for b in message["blocks"][-1]["elements"]]
    assert values == [{"question_id": 3}] * 2


def test_no_answer_offers_the_trainers():
    message = render.render(Answer("bariatric bed?", [], text="Nothing matched.", question_id=4))
    (offer,) = message["blocks"][-1]["elements"]
    assert offer["action_id"] == render.ASK_TRAINERS and json.loads(offer["value"]) == {"question_id": 4}


def test_a_long_question_in_chinese_leaves_every_button_value_whole():
    question = "如何在急诊科的电子病历中找到患者的过敏史记录" * 20 + "？请帮忙"  # 444 characters; 2,664 as JSON
    for answer in (Answer(question, [], text="Nothing matched.", question_id=12),
                   Answer(question, [AnswerSource(tip("Allergies tab"), 1.0, "Allergies tab")], question_id=12)):
        for element in render.render(answer)["blocks"][-1]["elements"]:
            assert len(element["value"]) <= 2000 and json.loads(element["value"]) == {"question_id": 12}


def test_long_text_fits_slacks_limits():
    huge = tip("x " * 30_000)
    view = render.home_view([huge] * 120, [huge])
    assert len(view["blocks"]) <= 100
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in view["blocks"])
    assert len(render.section("y" * 5000)["text"]["text"]) == 3000


def test_notices_are_plain_safe_text():
    assert render.render(Notice("Usage: /tip <text> #tags"))["text"] == "Usage: /tip &lt;text&gt; #tags"


def test_links_only_for_web_addresses():
    assert render.link("javascript:alert(1)", "open") == "open"
    assert render.link("https://a.example/x|y>z", "open") == "<https://a.example/x%7Cy%3Ez|open>"


def test_the_edit_modal_round_trips_text_and_tags():
    found = tip("Use F9 to refresh")
    found.tags = ["mar", "shortcuts"]
    view = render.edit_view("tipjar_edit_tip", found, {"tip_id": 7})
    assert json.loads(view["private_metadata"]) == {"tip_id": 7} and len(view["title"]["text"]) <= 24
    state = {"values": {"text": {"value": {"value": " Use F5 "}}, "tags": {"value": {"value": "mar, refresh"}}}}
    assert render.edit_values({"state": state}) == ("Use F5", ["mar", "refresh"])
    assert render.edit_values({}) == ("", [])


def test_matching_words_are_emphasised_and_still_escaped():
    found = tip("Hold the trigger & wait")
    source = AnswerSource(found, 1.0, "Hold the trigger & <wait>", highlights=((9, 16), (0, 4)))
    assert source.segments() == [("Hold", True), (" the ", False), ("trigger", True), (" & <wait>", False)]
    text = render.render(Answer("trigger", [source], question_id=1))["blocks"][1]["text"]["text"]
    assert text == "*1.* *Hold* the *trigger* &amp; &lt;wait&gt;"
