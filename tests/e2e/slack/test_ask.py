"""/ask over real HTTP: answered privately with links, private tips only for members, buttons and Home."""
from __future__ import annotations

import json

from tests.e2e.slack.conftest import wait_until
from tests.e2e.slack.signing import block_actions, button, event_callback, reaction_added, slash_command


def ask(slack, fake, user, text, key):
    body = slash_command("/ask", text, user_id=user, user_name=user.lower(), channel_id="C-GOLIVE",
                         channel_name="emr-go-live", response_url=fake.response_url(key), trigger_id=f"trigger-{key}")
    status, _, said = slack.post("/slack/events", *body)
    assert status == 200 and said == ""
    (answer,) = wait_until(lambda: fake.responses(key), what=f"the answer to {text!r}")
    return answer


def saved(fake, server, slack, channel, ts, user, text, saver):
    fake.post(channel, ts, user, text)
    slack.post("/slack/events", *event_callback(reaction_added(saver, "bulb", channel, ts, user)))
    server.wait_for_tip(channel, ts)


def test_ask_answers_privately_with_readable_text_author_and_link(fake, server, slack):
    saved(fake, server, slack, "C-GOLIVE", "1800000201.000100", "U-DEV",
          "Wristband printer jammed? <!here> open the side door and pull the roll", "U-MARIA")
    answer = ask(slack, fake, "U-SAM", "wristband printer jammed", "ask-1")
    assert answer["response_type"] == "ephemeral"
    shown = json.dumps(answer["blocks"])
    assert "open the side door" in shown and "Dev Patel in #emr-go-live" in shown
    assert "<!here>" not in shown and "@\\u200bhere" in shown
    assert "https://" in shown and "p1800000201000100" in shown
    assert [e["action_id"] for e in answer["blocks"][-1]["elements"]] == ["tipjar_helpful", "tipjar_not_helpful"]


def test_private_tips_are_shown_to_members_only(fake, server, slack):
    saved(fake, server, slack, "G-PHARM", "1800000202.000100", "U-PRIYA",
          "Insulin drip overrides: document within 30 minutes, reason Late documentation", "U-SAM")
    member = ask(slack, fake, "U-SAM", "insulin drip overrides", "ask-member")
    outsider = ask(slack, fake, "U-DEV", "insulin drip overrides", "ask-outsider")
    assert "document within 30 minutes" in json.dumps(member["blocks"])
    assert "30 minutes" not in json.dumps(outsider) and "in Tipjar matches" in outsider["text"]
    assert any(c["channel"] == "G-PHARM" for c in fake.calls_to("conversations.members"))


def test_no_answer_offers_the_trainers_and_the_button_posts_there(fake, server, slack):
    answer = ask(slack, fake, "U-MARIA", "how do I order a bariatric bed", "ask-none")
    (offer,) = answer["blocks"][-1]["elements"]
    assert offer["action_id"] == "tipjar_ask_trainers"
    body = block_actions([button("tipjar_ask_trainers", offer["value"])], user_id="U-MARIA", user_name="maria",
                         channel_id="C-GOLIVE", message_ts="1800000203.000100",
                         response_url=fake.response_url("trainers-1"), trigger_id="trigger-trainers-1")
    assert slack.post("/slack/events", *body)[0] == 200
    (posted,) = wait_until(lambda: fake.calls_to("chat.postMessage"), what="the question in #trainers")
    assert posted["channel"] == "C-TRAINERS" and "bariatric bed" in posted["text"]
    assert "Maria Lopez" in json.dumps(posted["blocks"]) and "<@" not in json.dumps(posted["blocks"])
    (said,) = wait_until(lambda: fake.responses("trainers-1"), what="the confirmation")
    assert "Sent to the trainers" in said["text"]


def test_helpful_and_not_helpful_are_recorded(fake, server, slack):
    saved(fake, server, slack, "C-GOLIVE", "1800000204.000100", "U-SAM", "Vitals SmartLink refreshes on Refresh", "U-JO")
    answer = ask(slack, fake, "U-MARIA", "vitals smartlink", "ask-feedback")
    helpful = answer["blocks"][-1]["elements"][0]
    for action_id, key in (("tipjar_helpful", "fb-1"), ("tipjar_not_helpful", "fb-2")):
        body = block_actions([button(action_id, helpful["value"])], user_id="U-MARIA", user_name="maria",
                             channel_id="C-GOLIVE", message_ts="1800000204.000200",
                             response_url=fake.response_url(key), trigger_id=f"trigger-{key}")
        slack.post("/slack/events", *body)
        wait_until(lambda key=key: fake.responses(key), what="the feedback note")
    with server.units()() as uow:
        (verdict,) = [f for f in uow.feedback.list() if f.question_id == json.loads(helpful["value"])["question_id"]]
    assert verdict.user_id == "U-MARIA" and verdict.helpful is False


def test_home_tab_shows_top_tips_and_the_viewers_saved_tips(fake, server, slack):
    saved(fake, server, slack, "C-GOLIVE", "1800000205.000100", "U-DEV", "Super-user rounds at 10:00 and 15:00", "U-JO")
    event = {"type": "app_home_opened", "user": "U-JO", "channel": "D-JO", "tab": "home", "event_ts": "1800000205.1"}
    slack.post("/slack/events", *event_callback(event))
    published = wait_until(lambda: [c for c in fake.calls_to("views.publish") if c["user_id"] == "U-JO"], what="Home")
    view = published[-1]["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert view["type"] == "home" and "Super-user rounds" in json.dumps(view)


def test_a_long_question_in_chinese_still_reaches_the_trainers_whole(fake, server, slack):
    question = "如何在急诊科的电子病历中找到患者的过敏史记录" * 20 + "？请帮忙"  # 444 characters
    answer = ask(slack, fake, "U-MARIA", question, "ask-long")
    (offer,) = answer["blocks"][-1]["elements"]
    before = len(fake.calls_to("chat.postMessage"))
    body = block_actions([button("tipjar_ask_trainers", offer["value"])], user_id="U-MARIA", user_name="maria",
                         channel_id="C-GOLIVE", message_ts="1800000205.000100",
                         response_url=fake.response_url("trainers-long"), trigger_id="trigger-trainers-long")
    assert slack.post("/slack/events", *body)[0] == 200
    posted = wait_until(lambda: fake.calls_to("chat.postMessage")[before:], what="the question in #trainers")
    assert posted[0]["channel"] == "C-TRAINERS" and question in posted[0]["text"]


def test_a_channel_made_private_keeps_its_tips_to_its_members_from_then_on(fake, server, slack):
    from bot.model import Visibility

    fake.add_channel("C-WARD7", "ward-7", members=("U-MARIA", "U-DEV"))
    saved(fake, server, slack, "C-WARD7", "1800000209.000100", "U-MARIA",
          "Ward 7 crash cart key is taped under the med room sink", "U-DEV")
    assert "taped under" in json.dumps(ask(slack, fake, "U-PRIYA", "ward 7 crash cart key", "ward-before"))
    fake.add_channel("C-WARD7", "ward-7", private=True, members=("U-MARIA", "U-DEV"))
    converted = {"type": "channel_converted_to_private", "channel": "C-WARD7", "event_ts": "1800000210.000100"}
    assert slack.post("/slack/events", *event_callback(converted))[0] == 200
    server.wait_for_tip("C-WARD7", "1800000209.000100", lambda tip: tip.visibility is Visibility.PRIVATE)
    assert "taped under" not in json.dumps(ask(slack, fake, "U-PRIYA", "ward 7 crash cart key", "ward-outsider"))
    assert "taped under" in json.dumps(ask(slack, fake, "U-DEV", "ward 7 crash cart key", "ward-member"))
