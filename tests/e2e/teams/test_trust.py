"""Only the Bot Connector may call /api/messages, and the bot's token goes to Teams connector hosts only.

Against `tipjar serve` with MICROSOFT_APP_ID set, whose token validator gets its signing keys from a local
JWKS endpoint (tests.e2e.teams.tokens): a token the test signs stands for one Microsoft signed, so each
refusal below is decided by the token's claims or the activity, never by a key that could not be fetched.
"""
from __future__ import annotations

import asyncio
import base64
import json
import subprocess
import time
from typing import Iterator

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import text

from tests.e2e.slack.conftest import wait_until
from tests.e2e.teams import activities
from tests.e2e.teams.conftest import TeamsServer
from tests.e2e.teams.fake_connector import FakeConnector
from tests.e2e.teams.serve_with_keys import guarded_server
from tests.e2e.teams.tokens import APP_ID, BOT_CONNECTOR, BOT_CONNECTOR_GOV, TEAMS_SERVICE_URL, TestKeys, use_keys_from

ENTRA_ISSUER = f"https://sts.windows.net/{activities.TENANT}/"
CHANNEL = ({"id": "19:trust-ward@thread.v2", "conversationType": "groupChat", "isGroup": True, "name": "Ward 4"},
           None)


@pytest.fixture(scope="module")
def keys() -> Iterator[TestKeys]:
    with TestKeys() as running:
        yield running


@pytest.fixture(scope="module")
def guarded(keys, tmp_path_factory) -> Iterator[TeamsServer]:
    running = guarded_server(keys.url, tmp_path_factory.mktemp("guarded")).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def off_list() -> Iterator[FakeConnector]:
    """A connector-shaped host that is not one of Microsoft's: it must never hear from Tipjar."""
    with FakeConnector() as running:
        yield running


def stored_events(server: TeamsServer) -> int:
    """Every inbox row, pending or finished."""
    server.units()
    with server._engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM inbox")).scalar()


def noted(service_url: str) -> dict:
    """A conversation update that Tipjar stores and notes without posting anything."""
    activity = activities.installed(service_url, CHANNEL, "sam")
    activity["membersAdded"] = [{"id": "29:aad-priya"}]
    return activity


def _unsigned(claims: dict) -> str:
    header = base64.urlsafe_b64encode(json.dumps({"alg": "none", "typ": "JWT"}).encode()).rstrip(b"=").decode()
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{body}."


def test_a_bot_connector_token_for_the_activitys_service_url_gets_in(guarded, keys):
    before = stored_events(guarded)
    for issuer in (BOT_CONNECTOR, BOT_CONNECTOR_GOV):
        status, answer = activities.post(guarded.url, noted(TEAMS_SERVICE_URL), token=keys.token(iss=issuer))
        assert status == 200, (issuer, answer)
    assert stored_events(guarded) == before + 2
    wait_until(guarded.drained, 10, "the inbox to drain")
    with guarded.runtime()() as uow:
        assert uow.conversations.get("teams", CHANNEL[0]["id"]).address["serviceUrl"] == TEAMS_SERVICE_URL


def test_no_token_nobody_signed_gets_in(guarded, keys):
    activity = activities.mention(TEAMS_SERVICE_URL, "maria", "tip this must never be stored")
    claims = {"aud": APP_ID, "iss": BOT_CONNECTOR, "exp": int(time.time()) + 600, "serviceurl": TEAMS_SERVICE_URL}
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    before = stored_events(guarded)
    for token in (None, "garbage", _unsigned(claims), keys.token(key=other_key), keys.token(kid="unknown-key"),
                  keys.token(aud="someone-else"), keys.token(exp=int(time.time()) - 3600)):
        status, answer = activities.post(guarded.url, activity, token=token)
        assert status == 401 and "token" in answer["error"], (token, status, answer)
    assert guarded.healthy() and stored_events(guarded) == before and guarded.teams_tips() == []
    assert "NOT authenticated" not in guarded.log()


@pytest.mark.parametrize("issuer", [ENTRA_ISSUER, f"https://login.microsoftonline.com/{activities.TENANT}/v2.0",
                                    "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/",
                                    "https://api.botframework.com.attacker.example", None],
                         ids=["entra-v1", "entra-v2", "emulator-tenant", "look-alike", "no-issuer"])
def test_a_token_from_any_other_issuer_is_refused(guarded, keys, issuer):
    """Any app in the tenant can get an Entra token whose audience is the bot's app id: it is not the Bot Connector."""
    before = stored_events(guarded)
    status, answer = activities.post(guarded.url, noted(TEAMS_SERVICE_URL), token=keys.token(iss=issuer))
    assert status == 401 and "token" in answer["error"], answer
    assert stored_events(guarded) == before


def test_a_token_without_a_serviceurl_claim_or_for_another_service_url_is_refused(guarded, keys):
    before = stored_events(guarded)
    for claim in (None, "", "https://smba.trafficmanager.net/emea/", "https://smba.trafficmanager.net/amer/x"):
        status, answer = activities.post(guarded.url, noted(TEAMS_SERVICE_URL), token=keys.token(service_url=claim))
        assert status == 401, (claim, answer)
    assert stored_events(guarded) == before


def test_an_activity_naming_a_host_off_the_allow_list_is_refused_before_it_is_stored(guarded, keys, off_list):
    before = stored_events(guarded)
    for service_url in (off_list.url, "https://attacker.example/amer/", "http://smba.trafficmanager.net/amer/",
                        "https://smba.trafficmanager.net:8443/amer/", "https://user@smba.trafficmanager.net/amer/"):
        activity = activities.mention(service_url, "maria", "tip send the bot's token elsewhere")
        status, answer = activities.post(guarded.url, activity, token=keys.token(service_url=service_url))
        assert status == 403 and "serviceUrl" in answer["error"], (service_url, answer)
    assert stored_events(guarded) == before
    time.sleep(0.5)  # what a worker would have sent by now
    assert off_list.requests == [] and off_list.failed == []  # no Authorization header, no request at all


def test_bot_auth_refuses_entra_tokens_and_tokens_without_serviceurl(keys):
    from adapters.teams.bot_auth import BotAuth

    undo = use_keys_from(keys.url)
    try:
        auth = BotAuth(APP_ID)

        def claims(token: str):
            caller = asyncio.run(auth.caller(f"Bearer {token}"))
            return caller.claims if caller else None

        assert claims(keys.token())["serviceurl"] == TEAMS_SERVICE_URL
        assert claims(keys.token(iss=BOT_CONNECTOR_GOV))["iss"] == BOT_CONNECTOR_GOV
        for token in (keys.token(iss=ENTRA_ISSUER, tid=activities.TENANT), keys.token(service_url=None),
                      keys.token(aud=[APP_ID, "other"]), keys.token(exp=None)):
            assert claims(token) is None, jwt.decode(token, options={"verify_signature": False})
    finally:
        undo()


# --- development mode: no app id ------------------------------------------------------------------------

def test_without_an_app_id_serve_refuses_to_listen_beyond_loopback(teams):
    done = subprocess.run([*teams.program, "serve", "--host", "0.0.0.0", "--port", "0"],
                          cwd=teams.workdir, env=teams.env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stdout + done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert "0.0.0.0" in line and "MICROSOFT_APP_ID" in line and "127.0.0.1" in line


def test_without_an_app_id_only_loopback_service_urls_are_accepted(teams):
    for service_url in ("https://attacker.example/amer/", TEAMS_SERVICE_URL):
        status, answer = activities.post(teams.url, activities.mention(service_url, "maria", "tip not from this machine"))
        assert status == 403 and "loopback" in answer["error"], answer


def test_a_stored_address_is_not_replaced_by_an_unverified_request(teams, connector, off_list):
    conversation = ({"id": "19:trust-dev@thread.v2", "conversationType": "groupChat", "isGroup": True}, None)
    first = activities.installed(connector.url, conversation, "sam")
    first["membersAdded"] = [{"id": "29:aad-priya"}]
    assert activities.post(teams.url, first)[0] == 200
    wait_until(lambda: _address(teams, conversation[0]["id"]), 10, "the conversation to be stored")
    again = dict(first, id=activities.next_id(), serviceUrl=off_list.url)
    assert activities.post(teams.url, again)[0] == 200
    wait_until(teams.drained, 10, "the inbox to drain")
    assert _address(teams, conversation[0]["id"])["serviceUrl"] == connector.url


def _address(server: TeamsServer, conversation_id: str) -> dict | None:
    with server.runtime()() as uow:
        known = uow.conversations.get("teams", conversation_id)
    return known.address if known else None
