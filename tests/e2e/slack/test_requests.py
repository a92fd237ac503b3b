"""What arrives at /slack/events that is not a proper Slack request: refused clearly, nothing stored."""
from __future__ import annotations

import json
import time

from tests.e2e.slack.conftest import wait_until
from tests.e2e.slack.signing import JSON, event_callback, reaction_added


def stored_events(server) -> int:
    from sqlalchemy import text

    with server.units()() as uow:
        return uow._session.execute(text("SELECT count(*) FROM inbox")).scalar()


def test_forged_and_stale_signatures_are_refused_and_nothing_is_stored(fake, server, slack):
    fake.post("C-GOLIVE", "1800000101.000100", "U-DEV", "forged capture attempt")
    body = event_callback(reaction_added("U-MARIA", "bulb", "C-GOLIVE", "1800000101.000100", "U-DEV"))
    before = stored_events(server)
    assert slack.post("/slack/events", *body, signature="v0=" + "0" * 64)[0] == 401
    assert slack.post("/slack/events", *body, timestamp=int(time.time()) - 6 * 60)[0] == 401
    unsigned = slack.post("/slack/events", *body, headers={"X-Slack-Signature": ""})
    assert unsigned[0] == 401
    assert stored_events(server) == before and server.tip("C-GOLIVE", "1800000101.000100") is None


def test_malformed_bodies_get_400_and_the_server_stays_up(server, slack):
    for body in (b"{not json", b"", b"\xff\xfe", json.dumps(["a", "list"]).encode()):
        status, _, text = slack.post("/slack/events", body, JSON)
        assert status in (400, 401, 404) and status != 500, (body, status, text)
    status, _, text = slack.post("/slack/events", b"{not json", JSON)
    assert status == 400 and "malformed" in text
    forged, _, _ = slack.post("/slack/events", b"{not json", JSON, signature="v0=" + "0" * 64)
    assert forged == 401
    assert server.healthy()


def test_an_oversized_body_is_refused(server, slack):
    status, _, _ = slack.post("/slack/events", b"{" + b" " * 2_000_000 + b"}", JSON)
    assert status == 413 and server.healthy()


def test_an_event_missing_its_fields_is_kept_dead_without_retrying(fake, server, slack):
    body = event_callback({"type": "reaction_added", "reaction": "bulb", "user": "U-MARIA",
                           "item": {"type": "message"}})  # no channel, no ts
    with server.runtime()() as uow:
        dead_before = uow.inbox.backlog().dead
    assert slack.post("/slack/events", *body)[0] == 200
    wait_until(server.drained, what="the malformed event to be set aside")
    with server.runtime()() as uow:
        assert uow.inbox.backlog().dead == dead_before + 1
        assert "malformed: reaction_added payload" in uow.inbox.dead()[-1].reason
    assert server.healthy()


def test_healthz_reports_the_store(server):
    import urllib.request

    with urllib.request.urlopen(server.url + "/healthz", timeout=2) as answer:
        assert answer.status == 200 and json.loads(answer.read())["status"] == "ok"
