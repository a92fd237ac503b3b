"""Hostile and arbitrary requests at /slack/events: always a clear 2xx or 4xx, never a 500, never a stall.

A property-based test drives the real `tipjar serve` over HTTP with events, slash commands and
interactivity payloads of any shape, signed with the right secret or not; specific cases pin the ones
that once cost a 500 or the whole body in memory.
"""
from __future__ import annotations

import json
import socket
import time
from datetime import timedelta
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.slack.conftest import SECRET
from tests.e2e.slack.signing import FORM, JSON, SlackClient

SLACK_KEYS = ["type", "event", "event_id", "team_id", "api_app_id", "user", "channel", "item", "ts", "reaction",
              "actions", "value", "action_id", "payload", "command", "text", "view", "subtype", "message",
              "deleted_ts", "trigger_id", "response_url", "callback_id", "user_id", "channel_id", "authorizations"]
SLACK_TYPES = ["event_callback", "url_verification", "block_actions", "message_action", "view_submission",
               "reaction_added", "reaction_removed", "message", "message_changed", "message_deleted", "app_home_opened"]

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30),
                    st.sampled_from(SLACK_TYPES))
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(SLACK_KEYS) | st.text(max_size=8), inner, max_size=6)),
    max_leaves=25,
)
deep_json = st.integers(min_value=500, max_value=200_000).map(lambda depth: "[" * depth + "]" * depth)


def _event_body(value) -> tuple[bytes, str]:
    return json.dumps(value).encode(), JSON


def _command_body(fields: dict) -> tuple[bytes, str]:
    return urlencode({k: json.dumps(v) if not isinstance(v, str) else v for k, v in fields.items()}).encode(), FORM


def _interaction_body(payload: str) -> tuple[bytes, str]:
    return urlencode({"payload": payload}).encode(), FORM


bodies = st.one_of(
    json_values.map(_event_body),
    st.fixed_dictionaries({"type": st.sampled_from(SLACK_TYPES), "event": json_values}, optional={
        "event_id": st.text(max_size=10), "team_id": json_values, "authorizations": json_values,
    }).map(_event_body),
    st.dictionaries(st.sampled_from(SLACK_KEYS), json_values, max_size=8).map(_command_body),
    st.fixed_dictionaries({"command": st.sampled_from(["/tip", "/ask", "/tipjar", "/other"]),
                           "text": st.text(max_size=40)}, optional={"user_id": json_values, "channel_id": json_values,
                                                                     "team_id": json_values}).map(_command_body),
    json_values.map(lambda v: _interaction_body(json.dumps(v))),
    deep_json.map(lambda deep: (deep.encode(), JSON)),
    deep_json.map(_interaction_body),
    st.binary(max_size=200).map(lambda raw: (raw, JSON)),
    st.text(max_size=200).map(lambda raw: (raw.encode(), FORM)),
)


@settings(max_examples=120, deadline=timedelta(seconds=15),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(body=bodies, signed=st.booleans())
def test_any_body_signed_or_not_gets_a_2xx_or_4xx_and_the_server_stays_up(server, body, signed):
    raw, content_type = body
    client = SlackClient(server.url, SECRET)
    status, _, text = client.post("/slack/events", raw, content_type, signature=None if signed else "v0=" + "0" * 64)
    assert 200 <= status < 500, (status, text, raw[:300])
    if not signed:
        assert status == 401 or status in (400, 413), (status, raw[:300])


def test_deeply_nested_json_gets_400_not_a_500(server):
    client = SlackClient(server.url, SECRET)
    deep = "[" * 100_000 + "]" * 100_000
    for raw, content_type in ((deep.encode(), JSON), _interaction_body(deep)):
        for signature in (None, "v0=" + "0" * 64):
            status, _, text = client.post("/slack/events", raw, content_type, signature=signature)
            assert status in (400, 401), (status, text)
    assert server.healthy()


def test_a_body_over_the_limit_is_refused_while_it_streams_in(server):
    """300 MB sent in chunks: refused after a few MB (413, then the connection dropped), not read whole."""
    head = (f"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Transfer-Encoding: chunked\r\n\r\n").encode()
    chunk = b"x" * 65536
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
        connection.sendall(head)
        sent = 0
        try:
            while sent < 300_000_000:
                connection.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                sent += len(chunk)
                connection.setblocking(False)
                try:
                    answer = connection.recv(4096)
                except BlockingIOError:
                    answer = b""
                connection.setblocking(True)
                if answer:
                    break
        except (BrokenPipeError, ConnectionResetError):  # the server hung up on the rest of the body
            answer = b"connection dropped"
    assert answer.startswith((b"HTTP/1.1 413", b"connection dropped")), answer[:200]
    assert sent < 20_000_000 and time.monotonic() - started < 30, f"refused only after {sent:,} bytes"
    assert server.healthy()


def test_a_body_a_little_over_the_limit_gets_a_clean_413(server):
    client = SlackClient(server.url, SECRET)
    assert client.post("/slack/events", b"{" + b" " * 2_000_000 + b"}", JSON)[0] == 413
    assert client.post("/slack/events", b"x" * 3_000_000, FORM, signature="v0=" + "0" * 64)[0] == 413


def test_a_declared_length_over_the_limit_is_refused_before_the_body(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
        connection.sendall(b"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                           b"Content-Length: 300000000\r\n\r\n{")
        answer = connection.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
