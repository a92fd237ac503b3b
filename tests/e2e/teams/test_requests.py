"""What /api/messages withstands: missing or forged tokens (401), malformed activities (400), huge bodies (413).

The token checks run twice: over HTTP against `tipjar serve` with MICROSOFT_APP_ID set (no request gets in),
and directly against BotAuth with tokens signed by a key served from a local JWKS endpoint, so a valid
token is accepted and every kind of bad one refused by the Agents SDK's validator.
"""
from __future__ import annotations

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import text

from tests.e2e.teams import activities as a
from tests.e2e.teams.conftest import TeamsServer

APP_ID = "5b1c3a7e-2d4f-4b6a-8c9d-0e1f2a3b4c5d"
ISSUER = "https://api.botframework.com"


def stored_events(server: TeamsServer) -> int:
    """Every inbox row, pending or finished."""
    server.uow()
    with server._engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM inbox")).scalar()


@pytest.fixture(scope="module")
def guarded(connector, tmp_path_factory) -> Iterator[TeamsServer]:
    env = {"MICROSOFT_APP_ID": APP_ID, "MICROSOFT_APP_PASSWORD": "not-a-real-secret",
           "MICROSOFT_APP_TENANT_ID": a.TENANT}
    running = TeamsServer(tmp_path_factory.mktemp("guarded"), None, "", env).start()
    yield running
    running.stop()


def _unsigned(claims: dict) -> str:
    header = base64.urlsafe_b64encode(json.dumps({"alg": "none", "typ": "JWT"}).encode()).rstrip(b"=").decode()
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{body}."


def test_with_auth_configured_no_request_without_a_valid_token_gets_in(guarded, connector):
    activity = a.mention(connector.url, "maria", "tip this must never be stored")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    claims = {"aud": APP_ID, "iss": ISSUER, "exp": int(time.time()) + 600, "serviceurl": connector.url}
    forged = jwt.encode(claims, key, algorithm="RS256", headers={"kid": "not-microsofts"})
    for token in (None, "garbage", _unsigned(claims), forged):
        status, answer = a.post(guarded.url, activity, token=token)
        assert status == 401 and "token" in answer["error"], (token, status, answer)
    assert guarded.healthy() and stored_events(guarded) == 0 and guarded.teams_tips() == []
    assert "NOT authenticated" not in guarded.log()


def test_a_token_for_one_service_url_cannot_direct_replies_to_another():
    from adapters.teams.app import _same_host

    assert _same_host({"serviceurl": "https://smba.trafficmanager.net/amer/"},
                      {"serviceUrl": "https://smba.trafficmanager.net/emea/"})
    assert not _same_host({"serviceurl": "https://smba.trafficmanager.net/amer/"},
                          {"serviceUrl": "https://attacker.example/amer/"})


def test_without_an_app_id_the_log_says_loudly_that_requests_are_not_authenticated(teams):
    assert "Teams requests are NOT authenticated" in teams.log()


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'{"type": "message", "text": "hi"}',
                                  b'{"type": 7, "id": "1", "conversation": {"id": "a:x"}}'],
                         ids=["not-json", "not-an-object", "no-conversation", "type-not-a-string"])
def test_malformed_activities_get_400_and_the_server_stays_up(teams, body):
    status, answer = a.post(teams.url, None, raw=body)
    assert status == 400 and answer["error"].startswith("malformed activity"), answer
    assert teams.healthy()


def test_a_message_action_without_a_message_is_400_and_nothing_is_stored(teams, connector):
    activity = a.save_as_tip(connector.url, "maria", {"id": ""})
    status, answer = a.post(teams.url, activity)
    assert status == 400 and "no message" in answer["error"]
    with teams.uow()() as uow:
        assert uow.inbox.pending() == 0


def test_an_oversized_body_is_413(teams, connector):
    activity = a.mention(connector.url, "maria", "tip " + "x" * 1_100_000)
    assert a.post(teams.url, activity)[0] == 413 and teams.healthy()


# --- BotAuth against a local JWKS endpoint -----------------------------------------------------------

class _Keys(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        data = json.dumps(self.server.jwks).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def signing_key() -> Iterator[tuple]:
    """An RSA key whose public half a local JWKS endpoint serves as the Bot Framework's keys."""
    from microsoft_agents.hosting.core.authorization.jwt import jwt_token_validator

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Keys)
    server.jwks = {"keys": [{**public, "kid": "test-key", "use": "sig", "alg": "RS256"}]}
    threading.Thread(target=server.serve_forever, daemon=True).start()
    uris = jwt_token_validator.BOTFRAMEWORK_JWKS_URIS
    saved = dict(uris)
    uris[ISSUER] = f"http://127.0.0.1:{server.server_address[1]}/keys"
    yield key
    uris.clear()
    uris.update(saved)
    server.shutdown()


def _token(key, **changes) -> str:
    claims = {"aud": APP_ID, "iss": ISSUER, "exp": int(time.time()) + 600, "serviceurl": "https://smba.example/amer/"}
    headers = {"kid": changes.pop("kid", "test-key")}
    return jwt.encode({**claims, **changes}, key, algorithm="RS256", headers=headers)


def test_bot_auth_accepts_a_valid_token_and_refuses_every_bad_one(signing_key):
    import asyncio

    from adapters.teams.app import BotAuth

    auth = BotAuth(APP_ID, a.TENANT)

    def claims(header):
        return asyncio.run(auth.claims(header))

    good = claims(f"Bearer {_token(signing_key)}")
    assert good["aud"] == APP_ID and good["serviceurl"] == "https://smba.example/amer/"
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    for header in (None, "", "Basic abc", f"Bearer {_token(signing_key, aud='someone-else')}",
                   f"Bearer {_token(signing_key, exp=int(time.time()) - 3600)}",
                   f"Bearer {_token(other_key)}", f"Bearer {_token(signing_key, kid='unknown-key')}",
                   f"Bearer {_unsigned({'aud': APP_ID, 'iss': ISSUER})}"):
        assert claims(header) is None, header
