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
    with server.units()() as uow:
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
    with server.units()() as uow:
        assert [r.name for r in uow.releases.list()] == ["EMR 2.3"]


def test_a_trainer_corrects_a_tip_through_the_edit_modal(fake, server, slack):
    """Edit acts on a tip the digest message shows: this test's own tip when it sends the digest, else the one
    a test above put on it."""
    from urllib.parse import urlencode

    fake.post("C-GOLIVE", "1800000402.000100", "U-SAM", "Downtime reports print from Reprots > Downtime")
    slack.post("/slack/events", *event_callback(reaction_added("U-JO", "bulb", "C-GOLIVE", "1800000402.000100", "U-SAM")))
    server.wait_for_tip("C-GOLIVE", "1800000402.000100")
    week = (datetime.now(timezone.utc)).strftime("%G-W%V")
    server.run("digest", "send", "--period", week, check=False)  # unless a test above has sent it already
    posted = [m for m in fake.messages["C-TRAINERS"].values() if "digest" in m["text"].lower()]
    message = posted[-1]
    edit = review_button(message["blocks"], "tipjar_review_edit")
    tip = next(t for t in server.tips() if t.id == json.loads(edit)["tip_id"])
    opened_before = len(fake.calls_to("views.open"))
    body = block_actions([button("tipjar_review_edit", edit, block_id=f"tip-{tip.id}")], user_id="U-JO", user_name="jo",
                         channel_id="C-TRAINERS", message_ts=message["ts"], response_url=fake.response_url("edit-1"),
                         trigger_id="trigger-edit-1")
    assert slack.post("/slack/events", *body)[0] == 200
    opened = wait_until(lambda: fake.calls_to("views.open")[opened_before:], what="the edit modal")
    view = opened[0]["view"] if isinstance(opened[0]["view"], dict) else json.loads(opened[0]["view"])
    assert json.dumps(tip.text)[1:-1] in json.dumps(view)
    submission = {"type": "view_submission", "trigger_id": "trigger-edit-2", "team": {"id": "T1"},
                  "user": {"id": "U-JO", "name": "jo"},
                  "api_app_id": "A1", "view": {"id": "V1", "type": "modal", "team_id": "T1", "callback_id": "tipjar_edit_tip", "private_metadata": view["private_metadata"],
                           "state": {"values": {"text": {"value": {"value": "Downtime reports print from Reports > Downtime"}},
                                                "tags": {"value": {"value": "downtime reports"}}}}}}
    status, _, _ = slack.post("/slack/events", urlencode({"payload": json.dumps(submission)}).encode(),
                              "application/x-www-form-urlencoded")
    assert status == 200
    ref = tip.source.ref
    fixed = server.wait_for_tip(ref.channel_id, ref.message_id, lambda t: "Reports >" in t.text)
    assert fixed.tags == ["downtime", "reports"]
    with server.units()() as uow:
        (change,) = [c for c in uow.changes.list([tip.id]) if c.action == "edit"]
    assert change.actor_name == "Jo Brennan" and change.before["text"] == tip.text


def test_a_channel_the_bot_is_not_in_is_a_clear_error_and_is_tried_again(server):
    (server.workdir / "nowhere.yaml").write_text("digests:\n  - name: nowhere\n    channel: C-NOWHERE\n")
    failed = server.run("--config", "nowhere.yaml", "digest", "send", "--period", THIS_WEEK, check=False)
    assert failed.returncode == 1 and "was not posted to C-NOWHERE" in failed.stderr and "channel_not_found" in failed.stderr
    assert "Traceback" not in failed.stderr
    again = server.run("--config", "nowhere.yaml", "digest", "send", "--period", THIS_WEEK, check=False)
    assert "already sent" not in again.stdout, "a failed post does not count as sent"
