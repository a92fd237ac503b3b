"""FakeSlack answers like Slack where the bot depends on it; the signing helpers satisfy slack_sdk and Bolt."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest
from slack_bolt import App, BoltRequest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient

from tests.e2e.slack import signing
from tests.e2e.slack.fake_slack import FakeSlack

SECRET = "test-signing-secret"
PARENT, REPLY, LATER = "1700000000.000100", "1700000000.000200", "1700000000.000300"


@pytest.fixture
def fake():
    with FakeSlack() as fake:
        fake.add_user("U1", "maria", "Maria Lopez")
        fake.add_user("U2", "dev", "Dev Patel")
        fake.add_channel("C1", "general", members=["U1", "U2", "UBOT"])
        fake.post("C1", PARENT, "U1", "Scanner frozen? Undock it, hold the trigger 10 seconds.")
        fake.post("C1", REPLY, "U2", "That worked, thanks!", thread_ts=PARENT)
        fake.post("C1", LATER, "U2", "Printer queue is stuck again")
        yield fake


@pytest.fixture
def client(fake) -> WebClient:
    return WebClient(token="xoxb-test", base_url=fake.url + "/api/")


def call(fake: FakeSlack, method: str, **params) -> tuple[int, dict, dict]:
    """A raw form-encoded Web API call: (status, headers, parsed body)."""
    request = Request(f"{fake.url}/api/{method}", data=urlencode(params).encode(),
                      headers={"Authorization": "Bearer xoxb-test"})
    try:
        with urlopen(request, timeout=5) as response:
            return response.status, response.headers, json.loads(response.read())
    except HTTPError as error:
        return error.code, error.headers, json.loads(error.read())


def timestamps(answer: dict) -> list[str]:
    return [message["ts"] for message in answer["messages"]]


def test_history_with_latest_inclusive_and_limit_one_returns_exactly_that_message(fake):
    newest = call(fake, "conversations.history", channel="C1", latest=LATER, inclusive="true", limit=1)[2]
    assert timestamps(newest) == [LATER]
    exact = call(fake, "conversations.history", channel="C1", latest=PARENT, inclusive="true", limit=1)[2]
    assert timestamps(exact) == [PARENT] and exact["messages"][0]["reply_count"] == 1
    # latest without inclusive is an upper bound: the next top-level message down, never the thread reply
    assert timestamps(call(fake, "conversations.history", channel="C1", latest=LATER, limit=1)[2]) == [PARENT]
    assert call(fake, "conversations.history", channel="C9")[2] == {"ok": False, "error": "channel_not_found"}


def test_thread_reply_is_not_in_history_but_replies_returns_parent_then_reply(fake):
    assert timestamps(call(fake, "conversations.history", channel="C1")[2]) == [LATER, PARENT]
    for ts in (REPLY, PARENT):
        thread = call(fake, "conversations.replies", channel="C1", ts=ts)[2]
        assert timestamps(thread) == [PARENT, REPLY]
        assert thread["messages"][1]["thread_ts"] == PARENT
    assert call(fake, "conversations.replies", channel="C1", ts="1.2")[2]["error"] == "thread_not_found"
    assert call(fake, "conversations.replies", channel="C9", ts=PARENT)[2]["error"] == "channel_not_found"


def test_permalinks_name_the_channel_and_ts_and_the_thread_for_replies(fake):
    base = "https://stmarys.slack.com/archives/C1/p"
    assert call(fake, "chat.getPermalink", channel="C1", message_ts=PARENT)[2]["permalink"] == base + "1700000000000100"
    reply_link = call(fake, "chat.getPermalink", channel="C1", message_ts=REPLY)[2]["permalink"]
    assert reply_link == base + f"1700000000000200?thread_ts={PARENT}&cid=C1"
    assert call(fake, "chat.getPermalink", channel="C1", message_ts="1.2")[2]["error"] == "message_not_found"


def test_members_paginate_with_cursors(fake):
    fake.add_channel("G1", "nurses", private=True, members=["U1", "U2", "U3", "U4", "U5"])
    pages, cursor = [], None
    while cursor != "":
        answer = call(fake, "conversations.members", channel="G1", limit=2, **({"cursor": cursor} if cursor else {}))[2]
        pages.append(answer["members"])
        cursor = answer["response_metadata"]["next_cursor"]
    assert pages == [["U1", "U2"], ["U3", "U4"], ["U5"]]
    info = call(fake, "conversations.info", channel="G1")[2]["channel"]
    assert (info["is_private"], info["is_group"], info["is_channel"], info["name"]) == (True, True, False, "nurses")


def test_injected_429_carries_retry_after_then_the_call_succeeds(fake):
    fake.fail_next("users.info", 429, retry_after=7)
    status, headers, body = call(fake, "users.info", user="U1")
    assert (status, headers["Retry-After"], body["error"]) == (429, "7", "ratelimited")
    status, _, body = call(fake, "users.info", user="U1")
    assert status == 200 and body["user"]["real_name"] == "Maria Lopez"


def test_injected_errors_unknown_methods_and_missing_tokens(fake):
    fake.fail_next("chat.postMessage", error="not_in_channel", times=2)
    errors = [call(fake, "chat.postMessage", channel="C1", text="x")[2]["error"] for _ in range(2)]
    assert errors == ["not_in_channel", "not_in_channel"]
    assert call(fake, "chat.postMessage", channel="C1", text="x")[2]["ok"] is True
    assert call(fake, "pins.add", channel="C1")[2]["error"] == "unknown_method"
    anonymous = urlopen(Request(f"{fake.url}/api/auth.test", data=b""), timeout=5)
    assert json.loads(anonymous.read())["error"] == "not_authed"


def test_calls_are_recorded_with_params_and_authorization(fake, client):
    call(fake, "users.info", user="U2")
    client.chat_postEphemeral(channel="C1", user="U1", text="Saved as tip #1.")  # a JSON body
    recorded = fake.calls
    assert [(c.method, c.authorization) for c in recorded] == [("users.info", "Bearer xoxb-test"),
                                                               ("chat.postEphemeral", "Bearer xoxb-test")]
    assert recorded[0].params == {"user": "U2"}
    assert fake.calls_to("chat.postEphemeral") == [{"channel": "C1", "user": "U1", "text": "Saved as tip #1."}]


def test_a_real_web_client_talks_to_the_fake(fake, client):
    assert client.auth_test()["user_id"] == "UBOT"
    history = client.conversations_history(channel="C1", latest=PARENT, inclusive=True, limit=1)
    assert history["messages"][0]["text"].startswith("Scanner frozen")
    assert client.users_info(user="U2")["user"]["profile"]["display_name"] == "dev"
    assert client.chat_postEphemeral(channel="C1", user="U2", text="Only you")["ok"]
    with pytest.raises(SlackApiError) as raised:
        client.users_info(user="U404")
    assert raised.value.response["error"] == "user_not_found"


def test_the_web_clients_rate_limit_handler_retries_one_injected_429(fake):
    client = WebClient(token="xoxb-test", base_url=fake.url + "/api/",
                       retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)])
    fake.fail_next("conversations.history", 429, retry_after=0)
    assert [m["ts"] for m in client.conversations_history(channel="C1")["messages"]] == [LATER, PARENT]
    assert len(fake.calls_to("conversations.history")) == 2


def test_hang_delays_answers_until_reset(fake):
    fake.hang("users.info", 3)
    with pytest.raises(Exception):  # the client's own timeout fires first
        WebClient(token="xoxb-test", base_url=fake.url + "/api/", timeout=0.5).users_info(user="U1")
    fake.reset_failures()
    started = time.monotonic()
    assert call(fake, "users.info", user="U1")[2]["ok"] and time.monotonic() - started < 1


def test_posted_messages_edits_and_deletes_show_up_in_the_workspace(fake, client):
    posted = client.chat_postMessage(channel="C1", text="Digest", blocks=[{"type": "divider"}])
    client.chat_update(channel="C1", ts=posted["ts"], text="Digest (sent)")
    assert client.conversations_history(channel="C1", limit=1)["messages"][0]["text"] == "Digest (sent)"
    with pytest.raises(SlackApiError, match="cant_update_message"):
        client.chat_update(channel="C1", ts=LATER, text="not mine")
    fake.edit("C1", LATER, "Printer fixed")
    fake.delete("C1", PARENT)  # has a reply: stays as a tombstone
    messages = client.conversations_history(channel="C1")["messages"]
    assert [m.get("subtype") for m in messages if m["ts"] == PARENT] == ["tombstone"]
    assert [m["edited"]["user"] for m in messages if m["ts"] == LATER] == ["U2"]
    assert client.chat_postMessage(channel="U1", text="hi")["channel"] == "DU1"  # a DM opens on first use


def test_blocks_must_be_json_as_slack_requires(fake, client):
    divider = [{"type": "divider"}]
    assert call(fake, "chat.postMessage", channel="C1", blocks=json.dumps(divider))[2]["message"]["blocks"] == divider
    assert call(fake, "chat.postMessage", channel="C1", blocks=str(divider))[2]["error"] == "invalid_blocks_format"
    assert client.views_publish(user_id="U1", view={"type": "home", "blocks": divider})["view"]["type"] == "home"
    assert call(fake, "views.publish", user_id="U1", view=str({"type": "home"}))[2]["error"] == "invalid_arguments"


def test_response_url_posts_are_recorded(fake):
    WebhookClient(fake.response_url("r1")).send(text="Saved.", response_type="ephemeral")
    assert fake.responses("r1") == [{"text": "Saved.", "response_type": "ephemeral"}]
    assert fake.wait_for_responses("r1") == fake.responses("r1")
    with pytest.raises(AssertionError, match="response_url"):
        fake.wait_for_responses("r2", timeout=0.1)


def test_signatures_satisfy_slack_sdks_verifier_and_tampering_does_not():
    body, now = signing.event_callback(signing.reaction_added("U2", "bulb", "C1", PARENT, "U1"))[0], int(time.time())
    headers = signing.sign(SECRET, body, now)
    verifier = SignatureVerifier(SECRET)
    assert verifier.is_valid(body, headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"])
    tampered = body.replace(b"bulb", b"pushpin")
    assert not verifier.is_valid(tampered, headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"])
    stale = signing.sign(SECRET, body, now - 600)
    assert not verifier.is_valid(body, stale["X-Slack-Request-Timestamp"], stale["X-Slack-Signature"])


@pytest.fixture
def bolt(fake):
    """A real Bolt app behind a plain HTTP server; `seen` collects what its listeners were given."""
    app = App(signing_secret=SECRET, client=WebClient(token="xoxb-test", base_url=fake.url + "/api/"),
              process_before_response=True)
    seen: list[tuple[str, dict]] = []

    def listener(kind):
        def handle(ack, body):
            ack()
            seen.append((kind, body))
        return handle
    app.event("reaction_added")(listener("reaction_added"))
    app.event("reaction_removed")(listener("reaction_removed"))
    app.event({"type": "message", "subtype": "message_changed"})(listener("message_changed"))
    app.event({"type": "message", "subtype": "message_deleted"})(listener("message_deleted"))
    app.command("/tip")(listener("/tip"))
    app.shortcut("save_tip")(listener("save_tip"))
    app.action("approve")(listener("approve"))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            answer = app.dispatch(BoltRequest(body=body, headers={k: [v] for k, v in self.headers.items()}))
            self.send_response(answer.status)
            self.send_header("Content-Length", str(len(answer.body.encode())))
            self.end_headers()
            self.wfile.write(answer.body.encode())

        def log_message(self, *args):
            pass
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield signing.SlackClient(f"http://127.0.0.1:{server.server_address[1]}", SECRET), seen
    server.shutdown()
    server.server_close()


def test_every_builder_reaches_its_bolt_listener_over_http(fake, bolt):
    slack, seen = bolt
    people = {"user_id": "U1", "user_name": "maria", "channel_id": "C1", "response_url": fake.response_url("r1")}
    requests = [
        signing.event_callback(signing.reaction_added("U2", "bulb", "C1", PARENT, "U1")),
        signing.event_callback(signing.reaction_removed("U2", "bulb", "C1", PARENT, "U1")),
        signing.event_callback(signing.message_changed("C1", REPLY, "U2", "new", "old", thread_ts=PARENT)),
        signing.event_callback(signing.message_deleted("C1", LATER, "U2", "Printer queue is stuck again")),
        signing.slash_command("/tip", "Undock the scanner #scanner", channel_name="general", **people),
        signing.message_shortcut("save_tip", channel_name="general", message_ts=REPLY, message_user="U2",
                                 message_text="That worked", thread_ts=PARENT, **people),
        signing.block_actions([signing.button("approve", "tip-1")], message_ts=LATER, **people),
    ]
    for body, content_type in requests:
        assert slack.post("/slack/events", body, content_type)[0] == 200
    kinds = ["reaction_added", "reaction_removed", "message_changed", "message_deleted", "/tip", "save_tip", "approve"]
    assert [kind for kind, _ in seen] == kinds
    assert seen[5][1]["message"]["thread_ts"] == PARENT and seen[6][1]["actions"][0]["value"] == "tip-1"


def test_bolt_rejects_forged_and_stale_signatures_and_sees_retry_headers(bolt):
    slack, seen = bolt
    body, content_type = signing.event_callback(signing.reaction_added("U2", "bulb", "C1", PARENT, "U1"))
    assert slack.post("/slack/events", body, content_type, signature="v0=" + "0" * 64)[0] == 401
    assert slack.post("/slack/events", body, content_type, timestamp=int(time.time()) - 600)[0] == 401
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert slack.post("/slack/events", body, content_type, headers=retry)[0] == 200
    assert len(seen) == 1


def test_message_metadata_comes_back_only_when_history_asks_for_it(client):
    metadata = {"event_type": "tipjar_digest", "event_payload": {"run": 7, "part": 2}}
    posted = client.chat_postMessage(channel="C1", text="Digest (part 2 of 3)", metadata=metadata)
    (plain,) = client.conversations_history(channel="C1", oldest=LATER)["messages"]
    (full,) = client.conversations_history(channel="C1", oldest=LATER, include_all_metadata=True)["messages"]
    assert "metadata" not in plain and full["metadata"] == metadata and full["ts"] == posted["ts"]


def test_a_chosen_call_fails_before_or_after_doing_what_it_asks(fake, client):
    fake.fail_call("chat.postMessage", 2)
    client.chat_postMessage(channel="C1", text="first")
    with pytest.raises(SlackApiError, match="internal_error"):
        client.chat_postMessage(channel="C1", text="second")
    fake.fail_call("chat.postMessage", 1, after_doing_it=True)
    with pytest.raises(SlackApiError, match="internal_error"):
        client.chat_postMessage(channel="C1", text="third")
    texts = [m["text"] for m in client.conversations_history(channel="C1", oldest=LATER)["messages"]]
    assert texts == ["third", "first"]
