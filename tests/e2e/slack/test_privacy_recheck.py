"""A channel made private while Tipjar missed `channel_converted_to_private` is caught by the periodic re-check."""
from __future__ import annotations

import json
from typing import Iterator

import pytest

from bot.model import Visibility
from tests.e2e.slack.conftest import SECRET, SETTINGS, TipjarServer, workspace
from tests.e2e.slack.fake_slack import FakeSlack
from tests.e2e.slack.signing import SlackClient
from tests.e2e.slack.test_ask import ask, saved

RECHECK = SETTINGS + "  privacy_recheck_seconds: 1\n"


@pytest.fixture(scope="module")
def own_fake() -> Iterator[FakeSlack]:
    with FakeSlack() as running:
        workspace(running)
        yield running


@pytest.fixture(scope="module")
def rechecking(own_fake, tmp_path_factory) -> Iterator[TipjarServer]:
    running = TipjarServer(tmp_path_factory.mktemp("recheck"), own_fake, RECHECK).start()
    yield running
    running.stop()


def test_a_channel_made_private_without_the_event_is_caught_by_the_recheck(own_fake, rechecking):
    slack = SlackClient(rechecking.url, SECRET)
    own_fake.add_channel("C-WARD9", "ward-9", members=("U-MARIA", "U-DEV"))
    saved(own_fake, rechecking, slack, "C-WARD9", "1800000309.000100", "U-MARIA",
          "Ward 9 crash cart key is in the charge nurse's drawer", "U-DEV")
    assert "charge nurse" in json.dumps(ask(slack, own_fake, "U-PRIYA", "ward 9 crash cart key", "w9-before"))
    asked_before = len(own_fake.calls_to("conversations.info"))

    own_fake.add_channel("C-WARD9", "ward-9", private=True, members=("U-MARIA", "U-DEV"))  # no event is sent
    tip = rechecking.wait_for_tip("C-WARD9", "1800000309.000100", lambda tip: tip.visibility is Visibility.PRIVATE)
    assert tip.text.startswith("Ward 9 crash cart key")
    assert len(own_fake.calls_to("conversations.info")) > asked_before  # Slack was asked again, not a cache
    assert "charge nurse" not in json.dumps(ask(slack, own_fake, "U-PRIYA", "ward 9 crash cart key", "w9-outsider"))
    assert "charge nurse" in json.dumps(ask(slack, own_fake, "U-DEV", "ward 9 crash cart key", "w9-member"))
