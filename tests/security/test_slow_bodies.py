"""A body trickled in is not waited for without end: the endpoint answers 408 and hangs up.

/slack/events must read the whole body before it can check Slack's signature over it, so an anonymous
client could open connections, send headers and most of a megabyte, then a byte now and then: each held
its buffered body and its request for as long as it liked. Slack itself sends its whole request at once
(and retries after 3 s); the Bot Connector gives up after 15 s.
"""
from __future__ import annotations

import socket
import time
from typing import Iterator

import pytest

from tests.e2e.slack.conftest import SETTINGS, TipjarServer
from tests.e2e.slack.fake_slack import FakeSlack
from tests.e2e.teams import activities
from tests.e2e.teams.serve_with_keys import guarded_server
from tests.e2e.teams.tokens import TEAMS_SERVICE_URL

BODY_SECONDS = 2
"""`server.request_body_seconds` for these servers: shorter than the 10 s default, so that waiting it out
costs the tests little, and longer than the second between two trickled bytes, so that the server hangs up
because the body is late in all, not because one byte was."""
PATIENCE = BODY_SECONDS + 10
SHORT_BODIES = f"server:\n  request_body_seconds: {BODY_SECONDS}\nteams:\n  enabled: true\n"


@pytest.fixture(scope="module")
def both(keys, tmp_path_factory) -> Iterator[TipjarServer]:
    """One `tipjar serve` for Slack and for Teams (every Teams request needing a token), with the short deadline."""
    with FakeSlack() as fake:
        running = guarded_server(keys.url, tmp_path_factory.mktemp("slow"), SETTINGS + SHORT_BODIES, fake).start()
        yield running
        running.stop()


@pytest.fixture
def slack_server(both) -> TipjarServer:
    return both


@pytest.fixture
def guarded(both) -> TipjarServer:
    return both


def trickle(port: int, path: str, headers: dict[str, str], declared: int) -> tuple[bytes, float, bool]:
    """Send the headers and a byte a second of a `declared`-byte body, never all of it: what came back, when,
    and whether the server closed the connection."""
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json",
             f"Content-Length: {declared}", *(f"{name}: {value}" for name, value in headers.items())]
    started, answer = time.monotonic(), b""
    with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + b'{"type": "')
        while time.monotonic() - started < PATIENCE:
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                try:
                    sock.sendall(b"x")
                except OSError:
                    return answer, time.monotonic() - started, True
                continue
            if not chunk:
                return answer, time.monotonic() - started, True
            answer += chunk
        return answer, time.monotonic() - started, False


def test_a_trickled_slack_body_gets_408_and_the_connection_closes(slack_server):
    answer, seconds, closed = trickle(slack_server.port, "/slack/events", {}, 900_000)
    assert answer.startswith(b"HTTP/1.1 408"), (answer[:100], seconds)
    assert closed and seconds < BODY_SECONDS + 5, seconds
    assert slack_server.healthy()


def test_a_trickled_teams_body_gets_408_too(guarded, keys):
    answer, seconds, closed = trickle(guarded.port, "/api/messages",
                                      {"Authorization": f"Bearer {keys.token()}"}, 900_000)
    assert answer.startswith(b"HTTP/1.1 408"), (answer[:100], seconds)
    assert closed and seconds < BODY_SECONDS + 5, seconds
    activity = activities.mention(TEAMS_SERVICE_URL, "maria", "hello", activities.in_channel(activities.GENERAL))
    assert activities.post(guarded.url, activity, token=keys.token())[0] == 200
