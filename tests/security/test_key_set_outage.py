"""While the Bot Connector's key set cannot be fetched, a forged token does not make Tipjar ask for it again.

Tokens are checked before anything else, so anyone may send one naming the Bot Connector as its issuer. When
the key set is unreachable (Microsoft slow or down, a network fault, the hourly refresh failing) every such
request used to fetch the key set anew, one after another under the key set's lock, each for up to the fetch
timeout: a handful of anonymous requests a second kept the bot's genuine traffic queued behind them.
"""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import pytest

from tests.e2e.teams import activities
from tests.e2e.teams.serve_with_keys import guarded_server
from tests.e2e.teams.tokens import TEAMS_SERVICE_URL
from tests.security.conftest import TEAMS_ON

FETCH_SECONDS = 0.5


class _Unavailable(BaseHTTPRequestHandler):
    """A key set endpoint that answers slowly, and only with 503."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.server.fetches += 1
        time.sleep(FETCH_SECONDS)
        self.send_response(503)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def unavailable() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Unavailable)
    server.daemon_threads, server.fetches = True, 0
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_forged_tokens_do_not_refetch_an_unavailable_key_set_each(unavailable, keys, tmp_path):
    server = guarded_server(f"http://127.0.0.1:{unavailable.server_address[1]}/keys", tmp_path, TEAMS_ON).start()
    try:
        activity = activities.mention(TEAMS_SERVICE_URL, "maria", "hello", activities.in_channel(activities.GENERAL))
        statuses: list[int] = []

        def forge(number: int) -> None:
            statuses.append(activities.post(server.url, activity, token=keys.token(kid=f"forged-{number}"))[0])

        started = time.monotonic()
        senders = [threading.Thread(target=forge, args=(number,)) for number in range(12)]
        for sender in senders:
            sender.start()
        for sender in senders:
            sender.join(60)
        seconds = time.monotonic() - started
        assert statuses == [401] * 12
        assert unavailable.fetches <= 2, f"12 forged tokens fetched the key set {unavailable.fetches} times"
        assert seconds < 6 * FETCH_SECONDS, f"12 forged tokens took {seconds:.1f} s to refuse"
        assert server.healthy()
    finally:
        server.stop()
