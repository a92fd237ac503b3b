"""privacy.patient_data: hold, over real HTTP: nothing is stored until the author confirms privately."""
from __future__ import annotations

from typing import Iterator

import pytest

from tests.e2e.slack.conftest import SETTINGS, TipjarServer, wait_until
from tests.e2e.slack.signing import block_actions, button, event_callback, reaction_added, slash_command
from tests.e2e.slack.test_patient_data import database_bytes

HOLD = SETTINGS + "privacy:\n  patient_data: hold\n"
WORDS = "MRN 00937124 for Mr Featherstonehaugh: the Vocera badge needs a hard reset"


@pytest.fixture(scope="module")
def server(fake, tmp_path_factory) -> Iterator[TipjarServer]:
    running = TipjarServer(tmp_path_factory.mktemp("hold"), fake, HOLD).start()
    yield running
    running.stop()


def prompt_to(fake, user: str) -> dict:
    (note,) = wait_until(lambda: [c for c in fake.calls_to("chat.postEphemeral")
                                  if c["user"] == user and "Nothing has been stored" in c["text"]], what="the prompt")
    return note


def click(slack, fake, user: str, value: str, answer_id: str):
    body = block_actions([button("tipjar_confirm_tip", value)], user_id=user, user_name=user.lower(),
                         channel_id="C-GOLIVE", message_ts="1800000201.000900", is_ephemeral=True,
                         response_url=fake.response_url(answer_id), trigger_id=f"trigger-{answer_id}")
    assert slack.post("/slack/events", *body)[0] == 200
    (said,) = wait_until(lambda: fake.responses(answer_id), what=f"the answer to {answer_id}")
    return said


def test_a_held_message_is_saved_only_when_its_author_confirms(fake, server, slack):
    fake.post("C-GOLIVE", "1800000201.000100", "U-DEV", WORDS)
    slack.post("/slack/events", *event_callback(reaction_added("U-MARIA", "bulb", "C-GOLIVE", "1800000201.000100", "U-DEV")))
    prompt = prompt_to(fake, "U-DEV")
    assert "a record number and a name" in prompt["text"] or "a name and a record number" in prompt["text"]
    wait_until(server.drained, what="the inbox to drain")
    assert server.tip("C-GOLIVE", "1800000201.000100") is None and b"00937124" not in database_bytes(server)
    assert any(c["user"] == "U-MARIA" and "asked its author" in c["text"] for c in fake.calls_to("chat.postEphemeral"))
    value = prompt["blocks"][1]["elements"][0]["value"]
    refused = click(slack, fake, "U-SAM", value, "hold-sam")
    assert "Only the message's author" in refused["text"] and server.tip("C-GOLIVE", "1800000201.000100") is None
    saved = click(slack, fake, "U-DEV", value, "hold-dev")
    assert "Saved as tip" in saved["text"]
    tip = server.wait_for_tip("C-GOLIVE", "1800000201.000100")
    assert tip.text == WORDS and tip.savers == ["U-MARIA"] and tip.redacted == []


def test_a_held_tip_command_comes_back_on_the_button(fake, server, slack):
    words = "Ring the family on 608-555-0177 before you print the Vocera roster #vocera"
    body = slash_command("/tip", words, user_id="U-JO", user_name="jo", channel_id="C-GOLIVE",
                         channel_name="emr-go-live", response_url=fake.response_url("hold-tip"), trigger_id="trigger-hold-tip")
    assert slack.post("/slack/events", *body)[0] == 200
    (prompt,) = wait_until(lambda: fake.responses("hold-tip"), what="the /tip prompt")
    assert "Nothing has been stored" in prompt["text"] and "a phone number" in prompt["text"]
    wait_until(server.drained, what="the inbox to drain")
    assert not [r for r in server.export() if "Vocera roster" in r["text"]]
    assert b"608-555-0177" not in database_bytes(server)
    said = click(slack, fake, "U-JO", prompt["blocks"][1]["elements"][0]["value"], "hold-tip-yes")
    assert "Saved as tip" in said["text"]
    (record,) = wait_until(lambda: [r for r in server.export() if "Vocera roster" in r["text"]], what="the tip")
    assert record["text"] == words and record["tags"] == ["vocera"] and record["author_id"] == "U-JO"
