"""The trainers' loop over real HTTP: the digest is posted once, trainers review in place, others may not."""
from __future__ import annotations

import json
import subprocess
from datetime import datetime, timezone

from tests.e2e.slack.conftest import wait_until
from tests.e2e.slack.signing import block_actions, button, event_callback, reaction_added, slash_command

THIS_WEEK = datetime.now(timezone.utc).strftime("%G-W%V")


def click(slack, fake, user, action_id, value, message, key):
    body = block_actions([button(action_id, value, block_id=f"tip-{json.loads(value)['tip_id']}")], user_id=user,
                         user_name=user.lower(), channel_id="C-TRAINERS", message_ts=message["ts"],
                         response_url=fake.response_url(key), trigger_id=f"trigger-{key}")
    assert slack.post("/slack/events", *body)[0] == 200
    (said,) = wait_until(lambda: fake.responses(key), what=f"the answer to {user}'s click")
    return said


def review_button(message_blocks: list, action_id: str) -> str:
    for block in message_blocks:
        for element in block.get("elements", []):
            if element.get("action_id") == action_id:
                return element["value"]
    raise AssertionError(f"no {action_id} button in the digest")


def test_digest_is_sent_once_and_trainers_review_in_place(fake, server, slack):
    fake.post("C-GOLIVE", "1800000401.000100", "U-DEV", "Scanner frozen? Undock, hold the trigger 10 s, dock again")
    slack.post("/slack/events", *event_callback(reaction_added("U-MARIA", "bulb", "C-GOLIVE", "1800000401.000100", "U-DEV")))
    tip = server.wait_for_tip("C-GOLIVE", "1800000401.000100")
    senders = [subprocess.Popen([*server.command("digest", "send", "--period", THIS_WEEK)], cwd=server.workdir,
                                env=server.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(2)]  # two operators at the same moment
    outputs = sorted(sender.communicate(timeout=120)[0] for sender in senders)
    assert "already sent" in outputs[0] and "posted to C-TRAINERS" in outputs[1], outputs
    (message,) = [m for m in fake.messages["C-TRAINERS"].values() if "digest" in m["text"].lower()]
    blocks = message["blocks"]
    approve = review_button(blocks, "tipjar_review_approve")
    assert json.loads(approve)["tip_id"] == tip.id

    refused = click(slack, fake, "U-MARIA", "tipjar_review_approve", approve, message, "review-maria")
    assert "only the trainers" in refused["text"] and server.tip("C-GOLIVE", "1800000401.000100").status.value == "new"

    click(slack, fake, "U-JO", "tipjar_review_approve", approve, message, "review-jo-1")
    click(slack, fake, "U-JO", "tipjar_review_approve", approve, message, "review-jo-2")  # a double click
    assert server.tip("C-GOLIVE", "1800000401.000100").status.value == "approved"
    with server.uow()() as uow:
        assert [c.actor_name for c in uow.changes.list([tip.id])] == ["Jo Brennan"]
    updates = [c for c in fake.calls_to("chat.update") if c["ts"] == message["ts"]]
    assert updates and "Approved by Jo Brennan" in json.dumps(updates[-1]["blocks"])


def test_trainers_record_a_release_and_others_may_not(fake, server, slack):
    for user, key in (("U-MARIA", "release-maria"), ("U-JO", "release-jo")):
        body = slash_command("/tipjar", "release EMR 2.3", user_id=user, user_name=user.lower(), channel_id="C-TRAINERS",
                             channel_name="trainers", response_url=fake.response_url(key), trigger_id=f"trigger-{key}")
        assert slack.post("/slack/events", *body)[0] == 200
        wait_until(lambda key=key: fake.responses(key), what=f"the answer to {user}")
    assert "only the trainers" in fake.responses("release-maria")[0]["text"]
    assert "Recorded release EMR 2.3" in fake.responses("release-jo")[0]["text"]
    with server.uow()() as uow:
        assert [r.name for r in uow.releases.list()] == ["EMR 2.3"]
