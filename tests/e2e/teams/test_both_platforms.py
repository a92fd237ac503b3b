"""One `tipjar serve`, one store, Slack and Teams at once: tips from both come back together, subject to access."""
from __future__ import annotations

import json
from typing import Iterator

import pytest

from tests.e2e.slack.conftest import SECRET, workspace
from tests.e2e.slack.fake_slack import FakeSlack
from tests.e2e.slack.signing import SlackClient
from tests.e2e.slack.test_ask import ask as slack_ask
from tests.e2e.slack.test_ask import saved as slack_saved
from tests.e2e.teams import activities
from tests.e2e.teams.conftest import TeamsServer
from tests.e2e.teams.test_conversations import card_text, count_to, sent_to

SETTINGS = f"""\
teams:
  enabled: true
  public_teams: ["{activities.TEAM['id']}"]
public_tips:
  shared_between: ["slack:T1", "teams:{activities.TENANT}"]
"""


@pytest.fixture(scope="module")
def slack_api() -> Iterator[FakeSlack]:
    with FakeSlack() as running:
        workspace(running)
        yield running


@pytest.fixture(scope="module")
def both(slack_api, connector, tmp_path_factory) -> Iterator[TeamsServer]:
    running = TeamsServer(tmp_path_factory.mktemp("both"), slack_api, SETTINGS).start()
    yield running
    running.stop()


def test_a_slack_tip_and_a_teams_tip_come_back_together_on_both_platforms(both, slack_api, connector):
    slack = SlackClient(both.url, SECRET)
    slack_saved(slack_api, both, slack, "C-GOLIVE", "1800000901.000100", "U-DEV",
                "Label printer offline: power-cycle it and reselect LBL-3 in Devices", "U-MARIA")
    activities.post(both.url, activities.mention(connector.url, "maria", "tip Label printer prints blank: replace the ribbon, tray C"))
    activities.post(both.url, activities.mention(connector.url, "sam", "tip Label printer codes for pharmacy are on the fridge",
                               activities.in_group_chat()))
    both.wait_for_teams_tip(lambda tip: "ribbon" in tip.text)
    both.wait_for_teams_tip(lambda tip: "fridge" in tip.text)

    exported = {(row["platform"], row["text"][:20]) for row in both.export()}
    assert {("slack", "Label printer offlin"), ("teams", "Label printer prints")} <= exported

    from_slack = json.dumps(slack_ask(slack, slack_api, "U-SAM", "label printer", "both-1")["blocks"])
    assert "LBL-3" in from_slack and "ribbon" in from_slack
    assert "fridge" not in from_slack  # a group chat's tip is for the chat's members only

    before = count_to(connector, activities.personal("priya"))
    activities.post(both.url, activities.said(connector.url, "priya", "ask label printer"))
    (answer,) = sent_to(connector, activities.personal("priya"), before)
    from_teams = card_text(answer.body)
    assert "LBL-3" in from_teams and "ribbon" in from_teams and "fridge" in from_teams
