"""Slack unreachable when `tipjar serve` starts (a proxy not yet opened, an outage): Teams, /healthz and /metrics
serve meanwhile, /readyz names Slack, Slack events are refused with 503 (Slack sends them again), and the first
Slack event after Slack comes up is acknowledged and saved."""
from __future__ import annotations

import json
import re
from typing import Iterator

import pytest

from tests.e2e.slack.conftest import SECRET, workspace
from tests.e2e.slack.fake_slack import FakeSlack
from tests.e2e.slack.signing import SlackClient, event_callback, reaction_added
from tests.e2e.slack.test_health import health
from tests.e2e.teams import activities
from tests.e2e.teams.conftest import TeamsServer, wait_until

SETTINGS = "teams:\n  enabled: true\n"


@pytest.fixture
def slack_down() -> Iterator[FakeSlack]:
    with FakeSlack() as running:
        workspace(running)
        running.go_down()
        yield running


def test_teams_serves_while_slack_is_down_and_slack_events_are_taken_once_it_is_up(slack_down, connector, tmp_path):
    server = TeamsServer(tmp_path, slack_down, SETTINGS).start()
    slack = SlackClient(server.url, SECRET)
    save = event_callback(reaction_added("U-SAM", "bulb", "C-GOLIVE", "1800000777.000100", "U-DEV"))
    try:
        status, body = health(server)
        assert status == 503 and json.loads(body)["status"].startswith("slack not ready: Slack not reachable yet")
        assert health(server, "/healthz")[0] == 200 and health(server, "/metrics")[0] == 200

        activities.post(server.url, activities.mention(connector.url, "maria", "tip Label printer: tray C ribbon"))
        server.wait_for_teams_tip(lambda tip: "ribbon" in tip.text)
        assert slack.post("/slack/events", *save)[0] == 503  # not taken before Slack is known: Slack retries it

        attempts = len(re.findall(r"slack: cannot reach Slack at \S+ .*trying again in \d+ s", server.log()))
        assert attempts >= 1, server.log()
        slack_down.post("C-GOLIVE", "1800000777.000100", "U-DEV", "Badge reader stuck: reseat the USB cable")
        slack_down.come_up()
        wait_until(lambda: health(server)[0] == 200, timeout=20, what="Slack ready")
        assert "slack: connected to the workspace \"St Mary's\" as @tipjar" in server.log()

        assert slack.post("/slack/events", *save)[0] == 200
        assert "reseat" in server.wait_for_tip("C-GOLIVE", "1800000777.000100").text
    finally:
        server.stop()
