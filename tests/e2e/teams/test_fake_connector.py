"""FakeConnector answers like the Bot Connector REST API where the Teams bot depends on it, over real HTTP."""
from __future__ import annotations

import asyncio
import json
import threading
import time
from urllib.error import HTTPError
from urllib.parse import quote
from urllib.request import Request, urlopen

import pytest

from tests.e2e.teams.fake_connector import FakeConnector, member

CHANNEL = "19:general@thread.tacv2"
THREAD = CHANNEL + ";messageid=1700000000000"
PERSONAL = "a:1xQ2personal;chat@unq.gbl.spaces"
NAMES = ["Maria Lopez", "Dev Patel", "Ana Ruiz", "Bo Chen", "Sam Ito"]
NURSES = [member(f"aad-{n}", name) for n, name in enumerate(NAMES)]


@pytest.fixture
def fake():
    with FakeConnector() as fake:
        fake.add_conversation(CHANNEL, NURSES)
        yield fake


def call(url: str, method: str = "GET", body=None, token: str | None = "tok") -> tuple[int, dict, dict]:
    """A raw JSON request: (status, headers, parsed body)."""
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    data = json.dumps(body).encode() if body is not None else None
    try:
        with urlopen(Request(url, data=data, method=method, headers=headers), timeout=5) as response:
            return response.status, response.headers, json.loads(response.read())
    except HTTPError as error:
        return error.code, error.headers, json.loads(error.read())


def activities(fake: FakeConnector, conversation: str, encode: bool = True) -> str:
    return f"{fake.url}v3/conversations/{quote(conversation, safe='') if encode else conversation}/activities"


def message(text: str) -> dict:
    return {"type": "message", "text": text}


def test_the_url_carries_the_prefix_and_a_request_without_it_is_not_found():
    with FakeConnector(path_prefix="/emea/") as fake:
        assert fake.url.startswith("http://127.0.0.1:") and fake.url.endswith("/emea/")
        root = fake.url.removesuffix("emea/")
        status, _, body = call(f"{root}v3/conversations/{quote(CHANNEL)}/activities", "POST", message("hi"))
        assert (status, body["error"]["code"]) == (404, "NotFound")
        assert call(activities(fake, CHANNEL), "POST", message("hi"))[0] == 201
        assert [(r.path.startswith("v3/"), r.status) for r in fake.requests] == [(False, 404), (True, 201)]
        assert fake.sent() == [message("hi")]


def test_send_and_reply_record_activities_with_unique_ids_whether_or_not_the_id_is_encoded(fake):
    first = call(activities(fake, PERSONAL), "POST", message("one"))
    second = call(activities(fake, PERSONAL, encode=False), "POST", message("two"))
    reply = call(activities(fake, THREAD) + "/" + first[2]["id"], "POST", message("three"))
    assert [first[0], second[0], reply[0]] == [201, 201, 201]
    ids = [first[2]["id"], second[2]["id"], reply[2]["id"]]
    assert len(set(ids)) == 3 and all(i.isdigit() and int(i) > 1700000000000 for i in ids)
    assert fake.sent() == [message("one"), message("two"), message("three")]
    assert fake.sent(PERSONAL) == [message("one"), message("two")] and fake.sent(THREAD) == [message("three")]
    recorded = fake.requests[-1]
    assert (recorded.method, recorded.conversation_id, recorded.activity_id) == ("POST", THREAD, first[2]["id"])
    assert recorded.authorization == "Bearer tok" and recorded.body == message("three")


def test_update_answers_the_id_and_an_activity_never_sent_there_is_not_found(fake):
    sent_id = call(activities(fake, PERSONAL), "POST", message("draft"))[2]["id"]
    status, _, body = call(f"{activities(fake, PERSONAL)}/{sent_id}", "PUT", message("final"))
    assert (status, body) == (200, {"id": sent_id})
    assert fake.updates() == [message("final")] and fake.updates(CHANNEL) == []
    for conversation, activity in ((PERSONAL, "1234"), (CHANNEL, sent_id)):
        status, _, body = call(f"{activities(fake, conversation)}/{activity}", "PUT", message("x"))
        assert (status, body["error"]["code"]) == (404, "ActivityNotFoundInConversation")
    assert fake.updates() == [message("final")]
    # a reply posted into a channel thread belongs to the channel, as in Teams
    thread_reply = call(activities(fake, THREAD), "POST", message("in thread"))[2]["id"]
    assert call(f"{activities(fake, CHANNEL)}/{thread_reply}", "PUT", message("edited"))[0] == 200


def test_paged_members_walk_the_roster_with_continuation_tokens(fake):
    pages, token = [], None
    for casing in ("pagedmembers", "pagedMembers", "pagedmembers"):
        query = "pageSize=2" + (f"&continuationToken={quote(token)}" if token else "")
        status, _, body = call(f"{fake.url}v3/conversations/{quote(THREAD)}/{casing}?{query}")
        assert status == 200
        pages.append([m["name"] for m in body["members"]])
        token = body.get("continuationToken")
    assert pages == [["Maria Lopez", "Dev Patel"], ["Ana Ruiz", "Bo Chen"], ["Sam Ito"]] and token is None
    everyone = call(f"{fake.url}v3/conversations/{quote(CHANNEL)}/pagedmembers?continuationToken=")[2]
    assert everyone == {"members": NURSES}
    status, _, body = call(f"{fake.url}v3/conversations/19:nowhere@thread.tacv2/pagedmembers")
    assert (status, body["error"]["code"]) == (404, "ConversationNotFound")
    assert call(f"{fake.url}v3/conversations/{quote(CHANNEL)}/pagedmembers?continuationToken=bogus!")[0] == 400


def test_a_member_is_found_by_id_or_aad_object_id_and_a_stranger_is_not(fake):
    url = f"{fake.url}v3/conversations/{quote(CHANNEL)}/members/"
    for member_id in ("29:aad-1", quote("29:aad-1"), "aad-1"):
        status, _, body = call(url + member_id)
        assert (status, body) == (200, {"id": "29:aad-1", "aadObjectId": "aad-1", "name": "Dev Patel"})
    status, _, body = call(url + "29:stranger")
    assert status == 404 and body == {"error": {"code": "MemberNotFoundInConversation",
                                                "message": "The member was not found in the conversation."}}


def test_create_conversation_answers_an_id_that_can_then_be_sent_to(fake):
    status, _, body = call(f"{fake.url}v3/conversations", "POST",
                           {"isGroup": False, "members": [{"id": "29:aad-4"}], "channelData": {"tenant": {"id": "t"}}})
    assert status == 201 and body["id"] == "a:new-conversation-id" and body["activityId"]
    assert fake.requests[-1].body["members"] == [{"id": "29:aad-4"}] and fake.sent() == []
    assert call(activities(fake, body["id"]), "POST", message("Hi Bo"))[0] == 201
    assert fake.sent("a:new-conversation-id") == [message("Hi Bo")]


def test_unknown_routes_and_bad_json_answer_json_errors(fake):
    for method, path in (("GET", f"v3/conversations/{quote(CHANNEL)}/activities"), ("DELETE", "v3/x/activities/1"),
                         ("GET", "v3/teams/19:t/conversations"), ("PATCH", "v3/conversations")):
        status, _, body = call(fake.url + path, method)
        assert (status, body["error"]["code"]) == (404, "NotFound"), (method, path)
    request = Request(activities(fake, CHANNEL), data=b"{not json", method="POST")
    with pytest.raises(HTTPError) as raised:
        urlopen(request, timeout=5)
    assert raised.value.code == 400 and fake.sent() == []


def test_the_authorization_header_is_recorded_or_absent(fake):
    call(activities(fake, CHANNEL), "POST", message("signed"))
    call(activities(fake, CHANNEL), "POST", message("anonymous"), token=None)
    assert [(r.body["text"], r.authorization) for r in fake.requests] == [("signed", "Bearer tok"), ("anonymous", None)]


def test_injected_429_carries_retry_after_is_recorded_as_failed_then_the_request_succeeds(fake):
    fake.fail_next(2, status=429, retry_after=3, method="POST")
    assert call(f"{fake.url}v3/conversations/{quote(CHANNEL)}/members/aad-0")[0] == 200  # a GET is not affected
    for _ in range(2):
        status, headers, body = call(activities(fake, CHANNEL), "POST", message("retry me"))
        assert (status, headers["Retry-After"], body["error"]["code"]) == (429, "3", "TooManyRequests")
    assert call(activities(fake, CHANNEL), "POST", message("retry me"))[0] == 201
    assert fake.sent() == [message("retry me")]
    assert [(r.status, r.body) for r in fake.failed] == [(429, message("retry me"))] * 2
    fake.fail_next()
    status, headers, body = call(activities(fake, CHANNEL), "POST", message("down"))
    assert (status, headers.get("Retry-After"), body["error"]["code"]) == (503, None, "ServiceUnavailable")


def test_wait_for_returns_a_request_arriving_later_and_times_out_naming_what_arrived(fake):
    later = threading.Timer(0.2, call, (activities(fake, CHANNEL), "POST", message("later")))
    later.start()
    found = fake.wait_for(lambda r: r.body == message("later"), timeout=5)
    assert found.conversation_id == CHANNEL
    later.join()
    with pytest.raises(AssertionError) as raised:
        fake.wait_for(lambda r: r.method == "PUT", timeout=0.2)
    assert "no matching request within 0.2s" in str(raised.value) and "POST v3/conversations/" in str(raised.value)


def test_slow_delays_answers_until_turned_off(fake):
    fake.slow(0.3)
    started = time.monotonic()
    assert call(activities(fake, CHANNEL), "POST", message("slow"))[0] == 201
    assert time.monotonic() - started >= 0.3
    fake.slow(0)
    started = time.monotonic()
    call(activities(fake, CHANNEL), "POST", message("fast"))
    assert time.monotonic() - started < 0.3


def test_the_agents_sdk_connector_client_keeps_the_service_url_path(fake):
    from microsoft_agents.activity import Activity
    from microsoft_agents.hosting.core.connector.client.connector_client import ConnectorClient

    async def talk() -> tuple[str, str]:
        client = ConnectorClient(fake.url, token="sdk-token")
        try:
            sent = await client.conversations.send_to_conversation(THREAD, Activity(type="message", text="hello"))
            updated = await client.conversations.update_activity(THREAD, sent.id, Activity(type="message", text="hi!"))
            return sent.id, updated.id
        finally:
            await client.close()

    sent_id, updated_id = asyncio.run(talk())
    assert sent_id == updated_id
    assert [r.body["text"] for r in fake.requests] == ["hello", "hi!"]
    assert {(r.conversation_id, r.authorization) for r in fake.requests} == {(THREAD, "Bearer sdk-token")}
