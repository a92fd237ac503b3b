"""Bot Connector tokens for tests: a test RSA key, a local JWKS endpoint serving its public half, signed tokens.

Tipjar fetches the Bot Connector's signing keys from Microsoft (login.botframework.com, and its US government
twin). `use_keys_from(url)` points those look-ups at the local endpoint, so a token the test signs stands for
a token genuinely signed by Microsoft: what Tipjar then accepts or refuses is decided by the claims (and the
key's endorsements) alone.
"""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

APP_ID = "5b1c3a7e-2d4f-4b6a-8c9d-0e1f2a3b4c5d"
BOT_CONNECTOR = "https://api.botframework.com"
BOT_CONNECTOR_GOV = "https://api.botframework.us"
TEAMS_SERVICE_URL = "https://smba.trafficmanager.net/amer/"
KEY_ID = "test-key"
ENDORSED = ("msteams", "webchat", "skype")
"""The channels the test key is endorsed for, as in Microsoft's own key set (each key lists its channels)."""


class _Keys(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        data = json.dumps(self.server.jwks).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


class TestKeys:
    """`with TestKeys() as keys:` serves keys.url (a JWKS document) and signs keys.token(...) until the block ends."""

    __test__ = False  # not a pytest test class

    def __init__(self) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Keys)
        self._server.daemon_threads = True
        self._server.jwks = {"keys": []}
        self.key = self.add_key(KEY_ID, list(ENDORSED))
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/keys"

    def __enter__(self) -> TestKeys:
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def add_key(self, kid: str, endorsements: list | None) -> rsa.RSAPrivateKey:
        """Serve one more signing key (with `endorsements` as given; none listed with None); its private half."""
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
        listed = {} if endorsements is None else {"endorsements": endorsements}
        self._server.jwks["keys"].append({**public, "kid": kid, "use": "sig", **listed})
        return key

    def token(self, service_url: str | None = TEAMS_SERVICE_URL, key=None, **changes) -> str:
        """A Bot Connector token for APP_ID (claims changed or removed, with None, as given)."""
        kid = changes.pop("kid", KEY_ID)
        claims = {"aud": APP_ID, "iss": BOT_CONNECTOR, "exp": int(time.time()) + 600, "nbf": int(time.time()) - 60,
                  "serviceurl": service_url, **changes}
        claims = {name: value for name, value in claims.items() if value is not None}
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": kid})


def use_keys_from(url: str):
    """Every signing-key look-up of Tipjar's Bot Connector token check goes to `url`; returns the undo.

    Only BotAuth objects made after the call use it (`tipjar serve` makes its own at start)."""
    from adapters.teams import bot_auth

    saved = dict(bot_auth.KEY_SETS)
    bot_auth.KEY_SETS.update({issuer: url for issuer in saved})

    def undo() -> None:
        bot_auth.KEY_SETS.update(saved)
    return undo
