"""Trainers answer the gaps over real HTTP: the Answer modal, the askers' private messages, the digest in place."""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from urllib.parse import urlencode

from tests.e2e.slack.conftest import wait_until
from tests.e2e.slack.signing import block_actions, button
from tests.e2e.slack.test_ask import ask
from tests.e2e.slack.test_patient_data import database_bytes

WEEK = datetime.now(timezone.utc).strftime("%G-W%V")


def posted_digest(server, fake) -> dict:
    server.run("digest", "send", "--period", WEEK, check=False)  # unless a test above has sent it already
    return [m for m in fake.messages["C-TRAINERS"].values() if "digest" in m["text"].lower()][-1]


def click(slack, fake, user, action_id, question_id, message, key):
    value = json.dumps({"question_id": question_id})
    body = block_actions([button(action_id, value, block_id=f"gap-{question_id}")], user_id=user, user_name=user.lower(),
                         channel_id="C-TRAINERS", message_ts=message["ts"], response_url=fake.response_url(key),
                         trigger_id=f"trigger-{key}")
    assert slack.post("/slack/events", *body)[0] == 200


def submit_answer(slack, view: dict, user: str, text: str, tags: str, trigger: str = "trigger-answer-2") -> None:
    submission = {"type": "view_submission", "trigger_id": trigger, "team": {"id": "T1"},
                  "user": {"id": user, "name": user.lower()}, "api_app_id": "A1",
                  "view": {"id": "V9", "type": "modal", "team_id": "T1", "callback_id": "tipjar_answer_gap",
                           "private_metadata": view["private_metadata"],
                           "state": {"values": {"text": {"value": {"value": text}}, "tags": {"value": {"value": tags}}}}}}
    status, _, _ = slack.post("/slack/events", urlencode({"payload": json.dumps(submission)}).encode(),
                              "application/x-www-form-urlencoded")
    assert status == 200


def escalate(slack, fake, answer: dict, word: str, ts: str, key: str) -> dict:
    """Dev clicks "Ask the trainers" under an answer that found nothing: the question's message in #trainers."""
    (offer,) = answer["blocks"][-1]["elements"]
    body = block_actions([button("tipjar_ask_trainers", offer["value"])], user_id="U-DEV", user_name="dev",
                         channel_id="C-GOLIVE", message_ts=ts, response_url=fake.response_url(key), trigger_id=f"trigger-{key}")
    assert slack.post("/slack/events", *body)[0] == 200
    return wait_until(lambda: next((m for m in fake.messages["C-TRAINERS"].values() if word in m["text"]), None),
                      what="the question in #trainers")


def dms_to(fake, user: str) -> list[dict]:
    return [m for m in fake.messages.get(f"D{user}", {}).values() if m.get("bot_id")]


def test_a_trainer_answers_a_gap_in_a_modal_and_everyone_who_asked_hears_back(fake, server, slack):
    ask(slack, fake, "U-MARIA", "how do I cancel a discharge order", "gap-ask-1")
    ask(slack, fake, "U-SAM", "cancel a discharge order?", "gap-ask-2")
    with server.units()() as uow:
        asked = [q for q in uow.questions.list() if "discharge order" in q.text]
    assert len(asked) == 2 and not any(q.answered for q in asked)
    message = posted_digest(server, fake)

    click(slack, fake, "U-MARIA", "tipjar_gap_answer", asked[0].id, message, "gap-maria")
    (refused,) = wait_until(lambda: fake.responses("gap-maria"), what="the refusal")
    assert "only the trainers" in refused["text"]

    opened_before = len(fake.calls_to("views.open"))
    click(slack, fake, "U-JO", "tipjar_gap_answer", asked[0].id, message, "gap-jo")
    opened = wait_until(lambda: fake.calls_to("views.open")[opened_before:], what="the answer modal")
    view = opened[0]["view"] if isinstance(opened[0]["view"], dict) else json.loads(opened[0]["view"])
    assert "cancel a discharge order" in json.dumps(view)
    submit_answer(slack, view, "U-JO", "Orders > Discharge > right-click > Cancel order, then re-sign", "discharge orders")

    told = {user: wait_until(lambda user=user: dms_to(fake, user), what=f"the note to {user}") for user in ("U-MARIA", "U-SAM")}
    maria = json.dumps(told["U-MARIA"][0]["blocks"])
    assert "You asked" in maria and "Jo Brennan answered" in maria and "right-click" in maria
    assert "tipjar_helpful" in maria and json.dumps({"question_id": asked[0].id}).replace('"', '\\"') in maria
    assert "cancel a discharge order?" in json.dumps(told["U-SAM"][0]["blocks"])

    with server.units()() as uow:
        (tip,) = [t for t in server.tips() if t.origin.value == "answer"]
        resolved = [uow.questions.get(q.id) for q in asked]
    assert tip.status.value == "approved" and tip.tags == ["discharge", "orders"] and tip.source.author.name == "Jo Brennan"
    assert all(q.resolution == "answered" and q.answer_tip_id == tip.id for q in resolved)
    updates = wait_until(lambda: [c for c in fake.calls_to("chat.update") if c["ts"] == message["ts"]
                                  and "answered by Jo Brennan" in json.dumps(c["blocks"])], what="the digest in place")
    assert re.search(r"\d+ of \d+ gaps? answered this week", json.dumps(updates[-1]["blocks"]))

    again = ask(slack, fake, "U-MARIA", "cancel discharge order", "gap-ask-3")
    assert "right-click" in json.dumps(again["blocks"])


def test_a_trainer_dismisses_a_question_that_is_not_for_them(fake, server, slack):
    """From the "Ask the trainers" message (this week's digest went out before the question was asked)."""
    answer = ask(slack, fake, "U-DEV", "what is the canteen menu today", "gap-ask-4")
    with server.units()() as uow:
        (question,) = [q for q in uow.questions.list() if "canteen" in q.text]
    posted_digest(server, fake)
    message = escalate(slack, fake, answer, "canteen", "1800000204.000100", "gap-escalate")
    click(slack, fake, "U-JO", "tipjar_gap_dismiss", question.id, message, "gap-dismiss")
    (said,) = wait_until(lambda: fake.responses("gap-dismiss"), what="the dismissal")
    assert "Dismissed" in said["text"]
    with server.units()() as uow:
        assert uow.questions.get(question.id).resolution == "dismissed"


def test_erasing_an_answer_replaces_the_private_message_that_told_the_asker(fake, server, slack):
    """The answer is quoted in the asker's direct message: a purge of the answer tip makes that message say
    "[removed]", and neither the database file nor its log keeps the answer's words."""
    answer = ask(slack, fake, "U-DEV", "how do I reprint a wristband in the Heronsgate clinic", "gap-ask-6")
    with server.units()() as uow:
        (question,) = [q for q in uow.questions.list() if "Heronsgate" in q.text]
    message = escalate(slack, fake, answer, "Heronsgate", "1800000206.000100", "gap-escalate-6")
    opened_before = len(fake.calls_to("views.open"))
    click(slack, fake, "U-JO", "tipjar_gap_answer", question.id, message, "gap-answer-6")
    opened = wait_until(lambda: fake.calls_to("views.open")[opened_before:], what="the answer modal")
    view = opened[0]["view"] if isinstance(opened[0]["view"], dict) else json.loads(opened[0]["view"])
    submit_answer(slack, view, "U-JO", "Print it from the Wrenfield cart, tray two", "wristbands", "trigger-answer-6")
    (told,) = wait_until(lambda: [m for m in dms_to(fake, "U-DEV") if "Wrenfield" in json.dumps(m.get("blocks"))],
                         what="the answer in Dev's direct message")
    (tip,) = [t for t in server.tips() if "Wrenfield" in t.text]
    wait_until(server.drained, 10, "the inbox to drain")
    assert b"Wrenfield" in database_bytes(server)

    done = server.run("purge", "--tip", str(tip.id)).stdout
    assert "slack: 1 bot messages replaced by [removed]" in done, done
    assert fake.messages["DU-DEV"][told["ts"]]["text"] == "[removed]"
    assert "Wrenfield" not in json.dumps(fake.messages["DU-DEV"][told["ts"]])
    assert b"Wrenfield" not in database_bytes(server)
