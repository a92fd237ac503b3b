"""TeamsConnector (the Agents SDK's ConnectorClient behind a thread-safe face) against the fake Bot Connector."""
from __future__ import annotations

import time

import pytest

from adapters.teams.connector import ConnectorUnavailable, TeamsConnector, TokenSource
from bot.ports import PermanentFailure
from tests.e2e.teams.fake_connector import FakeConnector, member

CHANNEL = "19:golive-general@thread.tacv2"


@pytest.fixture
def fake():
    with FakeConnector() as running:
        running.add_conversation(CHANNEL, [member(f"aad-{n}", f"Person {n}") for n in range(7)])
        yield running


@pytest.fixture
def client():
    running = TeamsConnector(TokenSource(None, None, None), attempts=3, base_delay=0.05)
    yield running
    running.close()


def test_send_reply_update_and_members_keep_the_service_urls_path(fake, client):
    first = client.send(fake.url, CHANNEL, {"type": "message", "text": "hello"})
    reply = client.send(fake.url, CHANNEL, {"type": "message", "text": "in the thread"}, reply_to=first)
    client.update(fake.url, CHANNEL, first, {"type": "message", "text": "hello again"})
    assert [r.path.split("/")[-1] for r in fake.requests if r.method != "GET"][-3:] == ["activities", first, first]
    assert reply and fake.updates(CHANNEL)[-1]["text"] == "hello again"
    assert all(r.authorization is None for r in fake.requests)  # no app id: no token is sent
    fake_members = client.members(fake.url, CHANNEL)
    assert {"aad-0", "29:aad-6"} <= fake_members and len(fake_members) == 14


def test_429_and_5xx_are_retried_after_retry_after_then_given_up(fake, client):
    fake.fail_next(1, status=429, retry_after=1, method="POST")
    started = time.monotonic()
    assert client.send(fake.url, CHANNEL, {"type": "message", "text": "after a wait"})
    assert time.monotonic() - started >= 1.0 and len(fake.failed) == 1
    fake.fail_next(3, status=502, method="POST")
    with pytest.raises(ConnectorUnavailable, match="failed 3 times, last: HTTP 502"):
        client.send(fake.url, CHANNEL, {"type": "message", "text": "never"})


def test_what_no_retry_can_mend_is_a_permanent_failure(fake, client):
    with pytest.raises(PermanentFailure, match="HTTP 404"):
        client.update(fake.url, CHANNEL, "no-such-activity", {"type": "message", "text": "x"})
    with pytest.raises(PermanentFailure, match="HTTP 404"):
        client.members(fake.url, "19:unknown@thread.tacv2")
    with pytest.raises(PermanentFailure, match="no usable serviceUrl"):
        client.send("", CHANNEL, {"type": "message", "text": "x"})
    assert len([r for r in fake.requests if r.status == 404]) == 2  # each tried once


def test_with_an_app_id_the_bots_token_goes_to_teams_connector_hosts_only(fake):
    """A connector with credentials refuses, before any request, a service URL off the allow-list."""
    from adapters.teams.trust import ServiceUrls

    guarded = TeamsConnector(TokenSource(None, None, None), service_urls=ServiceUrls(), attempts=1)
    try:
        for call in (lambda: guarded.send(fake.url, CHANNEL, {"type": "message", "text": "x"}),
                     lambda: guarded.update("https://attacker.example/amer/", CHANNEL, "1", {"type": "message"}),
                     lambda: guarded.members(fake.url, CHANNEL)):
            with pytest.raises(PermanentFailure, match="not a Microsoft Teams connector host"):
                call()
    finally:
        guarded.close()
    assert fake.requests == [] and fake.failed == []


def test_a_token_source_with_credentials_defaults_to_the_allow_list():
    tokens = TokenSource("app-id", "secret", "tenant")
    assert tokens.authenticated
    connector = TeamsConnector(tokens, attempts=1)
    try:
        assert not connector.service_urls.development and not connector.service_urls.allows("http://127.0.0.1:1/")
    finally:
        connector.close()
