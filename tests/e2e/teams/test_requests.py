"""What /api/messages withstands: missing or forged tokens (401), malformed activities (400), huge bodies (413).

Token and serviceUrl checks against `tipjar serve` with MICROSOFT_APP_ID set are in test_trust.py.
"""
from __future__ import annotations

import pytest

from tests.e2e.teams import activities
from tests.e2e.teams.test_trust import stored_events


def test_without_an_app_id_the_log_says_loudly_that_requests_are_not_authenticated(teams):
    assert "Teams requests are NOT authenticated" in teams.log()


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'{"type": "message", "text": "hi"}',
                                  b'{"type": 7, "id": "1", "conversation": {"id": "a:x"}}'],
                         ids=["not-json", "not-an-object", "no-conversation", "type-not-a-string"])
def test_malformed_activities_get_400_and_the_server_stays_up(teams, body):
    status, answer = activities.post(teams.url, None, raw=body)
    assert status == 400 and answer["error"].startswith("malformed activity"), answer
    assert teams.healthy()


def test_a_message_action_without_a_message_is_400_and_nothing_is_stored(teams, connector):
    """The server is shared: events of earlier tests may still be in the inbox, so what counts is that the
    inbox holds no more events than before this request."""
    before = stored_events(teams)
    activity = activities.save_as_tip(connector.url, "maria", {"id": ""})
    status, answer = activities.post(teams.url, activity)
    assert status == 400 and "no message" in answer["error"]
    assert stored_events(teams) == before


def test_an_oversized_body_is_413(teams, connector):
    activity = activities.mention(connector.url, "maria", "tip " + "x" * 1_100_000)
    assert activities.post(teams.url, activity)[0] == 413 and teams.healthy()


