"""The database goes away while Slack and Teams keep sending: every request is answered (503, so the platform
tries again), none hangs, and once the database is back the platform's retry is stored and processed once."""
from __future__ import annotations

from typing import Iterator

import pytest

from store.db import open_store
from tests.contract.databases import throwaway_postgres
from tests.e2e.slack.conftest import SECRET, wait_until, workspace
from tests.e2e.slack.fake_slack import FakeSlack
from tests.e2e.slack.signing import SlackClient, event_callback, reaction_added
from tests.e2e.teams import activities
from tests.e2e.teams.conftest import TeamsServer

SETTINGS = "teams:\n  enabled: true\n"
MESSAGE_TS = "1800000977.000100"
WORDS = "Bed alarm stuck on: hold reset for five seconds, then re-arm from the rail"


@pytest.fixture
def slack_api() -> Iterator[FakeSlack]:
    with FakeSlack() as running:
        workspace(running)
        yield running


def test_a_database_outage_is_answered_503_and_the_retries_are_stored_once(slack_api, connector, tmp_path):
    slack_api.post("C-GOLIVE", MESSAGE_TS, "U-DEV", WORDS)
    reaction, _ = event_callback(reaction_added("U-MARIA", "bulb", "C-GOLIVE", MESSAGE_TS, "U-DEV"))
    mention = activities.mention(connector.url, "maria", "tip Bed alarm in room 12: the rail button re-arms it")
    with throwaway_postgres() as (url, break_it, mend_it):
        open_store(url, auto_upgrade=True).dispose()
        server = TeamsServer(tmp_path, slack_api, SETTINGS, env={"TIPJAR_DATABASE_URL": url})
        server.database_url = url  # the test's own look-ups read the same database
        server.start()
        slack = SlackClient(server.url, SECRET)
        try:
            break_it()
            status, _, body = slack.post("/slack/events", reaction, "application/json")
            assert (status, body) == (503, "Tipjar cannot store this event right now; please retry")
            assert activities.post(server.url, mention)[0] == 503
            mend_it()
            retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"}
            wait_until(lambda: slack.post("/slack/events", reaction, "application/json", headers=retry)[0] == 200,
                       timeout=30, what="Slack's retry to be acknowledged")
            wait_until(lambda: activities.post(server.url, mention)[0] == 200, timeout=30, what="the Teams retry")
            saved = server.wait_for_tip("C-GOLIVE", MESSAGE_TS, lambda tip: "U-MARIA" in tip.savers, timeout=30)
            server.wait_for_teams_tip(lambda tip: "room 12" in tip.text)
            wait_until(server.drained, timeout=30, what="every stored event to be processed")
            assert saved.text == WORDS
            assert [tip.text for tip in server.teams_tips()].count("Bed alarm in room 12: the rail button re-arms it") == 1
            with server.runtime()() as uow:
                assert uow.inbox.pending() == 0
        finally:
            server.stop()
