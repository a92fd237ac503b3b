"""One database, two Slack workspaces and a Teams tenant: a public tip is public in its own workspace only,
unless `public_tips.shared_between` lists both (in /ask, the App Home, `tipjar ask` and `tipjar export`)."""
from __future__ import annotations

import json
from typing import Iterator

import pytest

from bot.model import SourceRef
from tests.e2e.slack.conftest import SECRET, TipjarServer, wait_until, workspace
from tests.e2e.slack.fake_slack import FakeSlack
from tests.e2e.slack.signing import SlackClient, event_callback, reaction_added, slash_command
from tests.e2e.teams import activities
from tests.e2e.teams.conftest import TeamsServer
from tests.e2e.teams.test_conversations import card_text, count_to, sent_to

PUBLIC_TEAM = f"""\
teams:
  enabled: true
  public_teams: ["{activities.TEAM['id']}"]
"""
SHARED = PUBLIC_TEAM + f"""\
public_tips:
  shared_between: ["slack:T1", "teams:{activities.TENANT}"]
"""
TIPS = {  # workspace: the words of its public tip
    "T1": "Label printer offline: power-cycle it and reselect LBL-3 in Devices",
    "T2": "Label printer jams at Riverside: lift the green lever LEVER-22",
    "teams": "Label printer prints blank: replace the ribbon in tray C",
}


MARKS = {"T1": "LBL-3", "T2": "LEVER-22", "teams": "ribbon"}


def shows(text: str) -> set[str]:
    """Which workspaces' tips the text holds."""
    return {where for where, mark in MARKS.items() if mark in text}


def slack_save(fake: FakeSlack, server: TipjarServer, team: str, ts: str, text: str) -> None:
    fake.post("C-GOLIVE", ts, "U-DEV", text)
    SlackClient(server.url, SECRET).post("/slack/events", *event_callback(
        reaction_added("U-MARIA", "bulb", "C-GOLIVE", ts, "U-DEV"), team_id=team))
    wait_until(lambda: _stored(server, team, ts), what=f"the tip of {team}")


def _stored(server: TipjarServer, team: str, ts: str):
    with server.units()() as uow:
        return uow.tips.get_by_source(SourceRef("slack", team, "C-GOLIVE", ts))


def slack_ask(fake: FakeSlack, server: TipjarServer, team: str, key: str) -> set[str]:
    body = slash_command("/ask", "label printer", user_id="U-SAM", user_name="sam", channel_id="C-GOLIVE",
                         channel_name="emr-go-live", response_url=fake.response_url(key), trigger_id=f"t-{key}",
                         team_id=team)
    assert SlackClient(server.url, SECRET).post("/slack/events", *body)[0] == 200
    (answer,) = wait_until(lambda: fake.responses(key), what=f"the answer in {team}")
    return shows(json.dumps(answer["blocks"]))


def home_shows(fake: FakeSlack, server: TipjarServer, team: str, user: str) -> set[str]:
    before = len(fake.calls_to("views.publish"))
    event = {"type": "app_home_opened", "user": user, "channel": f"D-{user}", "tab": "home", "event_ts": "1800000999.1"}
    SlackClient(server.url, SECRET).post("/slack/events", *event_callback(event, team_id=team))
    (published,) = wait_until(lambda: fake.calls_to("views.publish")[before:], what=f"the Home of {user} in {team}")
    return shows(json.dumps(published["view"]))


def teams_ask(connector, server: TipjarServer) -> set[str]:
    before = count_to(connector, activities.personal("priya"))
    activities.post(server.url, activities.said(connector.url, "priya", "ask label printer"))
    (answer,) = sent_to(connector, activities.personal("priya"), before)
    return shows(card_text(answer.body))


@pytest.fixture(scope="module")
def slack_api() -> Iterator[FakeSlack]:
    with FakeSlack() as running:
        workspace(running)
        yield running


def server_on(database: str, workdir, fake: FakeSlack, settings: str) -> TeamsServer:
    server = TeamsServer(workdir, fake, settings)
    server.database_url = server.env["TIPJAR_DATABASE_URL"] = database
    return server.start()


@pytest.fixture(scope="module")
def stored(slack_api, connector, tmp_path_factory) -> Iterator[dict]:
    """One `tipjar serve` and its database for Slack workspaces T1 and T2 (events name their team) and a
    Teams tenant, each with a public tip about the label printer."""
    one = TeamsServer(tmp_path_factory.mktemp("workspaces"), slack_api, PUBLIC_TEAM).start()
    try:
        slack_save(slack_api, one, "T1", "1800000951.000100", TIPS["T1"])
        slack_save(slack_api, one, "T2", "1800000952.000100", TIPS["T2"])
        activities.post(one.url, activities.mention(connector.url, "maria", "tip " + TIPS["teams"]))
        one.wait_for_teams_tip(lambda tip: "ribbon" in tip.text)
        yield {"one": one}
    finally:
        one.stop()


def test_a_public_tip_is_not_shown_in_another_workspace_of_the_same_database(stored, slack_api, connector):
    one = stored["one"]
    assert slack_ask(slack_api, one, "T1", "ws-1") == {"T1"}
    assert slack_ask(slack_api, one, "T2", "ws-2") == {"T2"}
    assert teams_ask(connector, one) == {"teams"}
    assert home_shows(slack_api, one, "T1", "U-JO") == {"T1"}
    assert home_shows(slack_api, one, "T2", "U-JO") == {"T2"}


def test_tipjar_ask_and_export_speak_for_one_named_workspace(stored):
    one = stored["one"]
    refused = one.run("ask", "label printer", check=False)
    assert refused.returncode == 2 and "--workspace" in refused.stderr and "slack:T2" in refused.stderr
    answer = json.loads(one.run("ask", "label printer", "--platform", "slack", "--workspace", "T2",
                                "--format", "json").stdout)
    assert shows(json.dumps(answer)) == {"T2"}
    refused = one.run("export", "--format", "markdown", check=False)
    assert refused.returncode == 2 and "--workspace PLATFORM:ID" in refused.stderr
    assert shows(one.run("export", "--format", "markdown", "--workspace", "slack:T1").stdout) == {"T1"}
    assert shows(one.run("export", "--format", "csv", "--workspace", f"teams:{activities.TENANT}").stdout) == {"teams"}
    backup = one.run("export", "--workspace", "slack:T2").stdout.splitlines()
    assert [json.loads(line)["workspace_id"] for line in backup] == ["T2"]
    assert shows(one.run("export").stdout) == {"T1", "T2", "teams"}  # the complete backup


def test_a_digest_shows_its_own_workspaces_tips(stored):
    from datetime import datetime, timezone

    one, week = stored["one"], datetime.now(timezone.utc).strftime("%G-W%V")
    refused = one.run("digest", "preview", "--period", week, check=False)
    assert refused.returncode == 2 and "--workspace" in refused.stderr
    assert shows(one.run("digest", "preview", "--period", week, "--workspace", "T2").stdout) == {"T2"}
    assert shows(one.run("digest", "preview", "--period", week, "--workspace", "T1").stdout) == {"T1"}


def test_workspaces_listed_in_shared_between_read_one_anothers_public_tips(stored, slack_api, connector,
                                                                          tmp_path_factory):
    one = stored["one"]
    one.stop()
    shared = server_on(one.database_url, tmp_path_factory.mktemp("shared"), slack_api, SHARED)
    try:
        assert slack_ask(slack_api, shared, "T1", "ws-3") == {"T1", "teams"}
        assert teams_ask(connector, shared) == {"T1", "teams"}
        assert slack_ask(slack_api, shared, "T2", "ws-4") == {"T2"}  # T2 is not listed: it neither reads nor lends
        assert home_shows(slack_api, shared, "T1", "U-JO") == {"T1", "teams"}
        assert home_shows(slack_api, shared, "T2", "U-JO") == {"T2"}
        markdown = shared.run("export", "--format", "markdown", "--workspace", "slack:T1").stdout
        assert shows(markdown) == {"T1", "teams"}
    finally:
        shared.stop()
