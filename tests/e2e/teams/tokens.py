"""Bot Connector tokens for tests: a test RSA key, a local JWKS endpoint serving its public half, signed tokens.

The Agents SDK fetches signing keys from Microsoft (login.botframework.com for the Bot Connector's issuers,
login.microsoftonline.com for Entra ones). `use_keys_from(url)` points every one of those look-ups at the
local endpoint, so a token the test signs stands for a token genuinely signed by Microsoft, whichever
issuer it names: what Tipjar then accepts or refuses is decided by the claims alone.
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
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Keys)
        self._server.daemon_threads = True
        self._server.jwks = {"keys": [{**public, "kid": KEY_ID, "use": "sig", "alg": "RS256"}]}
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/keys"

    def __enter__(self) -> TestKeys:
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def token(self, service_url: str | None = TEAMS_SERVICE_URL, key=None, **changes) -> str:
        """A Bot Connector token for APP_ID (claims changed or removed, with None, as given)."""
        kid = changes.pop("kid", KEY_ID)
        claims = {"aud": APP_ID, "iss": BOT_CONNECTOR, "exp": int(time.time()) + 600, "nbf": int(time.time()) - 60,
                  "serviceurl": service_url, **changes}
        claims = {name: value for name, value in claims.items() if value is not None}
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": kid})


def use_keys_from(url: str):
    """Every signing-key look-up of the Agents SDK's JwtTokenValidator goes to `url`; returns the undo."""
    from microsoft_agents.hosting.core.authorization.jwt import jwt_token_validator

    saved = jwt_token_validator._build_jwks_uri
    jwt_token_validator._build_jwks_uri = lambda *args, **kwargs: url

    def undo() -> None:
        jwt_token_validator._build_jwks_uri = saved
    return undo
