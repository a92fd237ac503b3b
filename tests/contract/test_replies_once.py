"""A reply is posted once per inbox event, even when the event is processed again after a failure half-way:
the real worker and store (SQLite and PostgreSQL), the real Slack processor and Teams connector, and the
fake Slack Web API and Bot Connector as HTTP servers."""
from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.dispatch import by_platform
from adapters.slack.process import SlackProcessor
from adapters.slack.web import SlackWeb, web_client
from adapters.teams.connector import TeamsConnector, TokenSource
from bot.config import PrivacySettings
from adapters.settings import Settings
from bot.context import SystemClock
from runtime.inbox import InboxWorker, RetryPolicy
from store.repository import unit_of_work_factory
from tests.contract.test_inbox_faults import closed, run_worker
from tests.e2e.slack.fake_slack import FakeSlack
from tests.e2e.teams.fake_connector import FakeConnector
from tipjar.bootstrap import build_bot

FAST = RetryPolicy(first_delay=timedelta(seconds=0.1), max_delay=timedelta(seconds=0.5))
WORDS = "MRN 00937124 for Mr Featherstonehaugh: the Vocera badge needs a hard reset"
TS = "1800000301.000100"


@pytest.fixture
def fake():
    with FakeSlack() as running:
        running.add_user("U-MARIA", "maria", "Maria Lopez")
        running.add_user("U-DEV", "dev", "Dev Patel")
        running.add_channel("C-GOLIVE", "emr-go-live", members=("U-MARIA", "U-DEV"))
        running.post("C-GOLIVE", TS, "U-DEV", WORDS)
        yield running


def accept(runtime, platform: str, key: str, kind: str, payload: dict) -> None:
    with runtime() as unit:
        unit.inbox.accept(platform, key, kind, payload, SystemClock().now())
        unit.commit()


def test_a_held_capture_whose_second_note_failed_does_not_repeat_the_first(engine, runtime, fake):
    """Maria saves Dev's message holding patient details: Maria hears it was held, then Dev is asked. The
    second note fails (as if the worker had died between the two): the event is processed again, and Maria
    is told once, Dev once."""
    settings = Settings(privacy=PrivacySettings(patient_data="hold"))
    bot = build_bot(settings, units=unit_of_work_factory(engine), caller_retries=True)
    web = SlackWeb(web_client("xoxb-test-token", fake.url + "/api/"))
    processor = SlackProcessor(bot, web, settings, None)
    reaction = {"type": "reaction_added", "user": "U-MARIA", "reaction": "bulb", "item_user": "U-DEV",
                "item": {"type": "message", "channel": "C-GOLIVE", "ts": TS}, "event_ts": "1800000302.000100"}
    accept(runtime, "slack", "Ev-held", "reaction_added", {"team_id": "T1", "event": reaction, "event_id": "Ev-held"})
    fake.fail_call("chat.postEphemeral", 2)
    worker = InboxWorker(runtime, SystemClock(), by_platform({"slack": processor.handle}), retry=FAST)
    run_worker(worker, closed(runtime), timeout=20)

    notes = [(call["user"], call["text"]) for call in fake.calls_to("chat.postEphemeral")]
    assert [user for user, _ in notes] == ["U-MARIA", "U-DEV", "U-DEV"], notes  # the second of them failed
    assert "asked its author" in notes[0][1] and "Nothing has been stored" in notes[2][1]
    with runtime() as unit:
        assert unit.replies.sent("slack", "Ev-held") == {}, "a finished event's replies are forgotten"


def test_a_teams_event_processed_again_posts_only_the_replies_not_sent_yet(runtime):
    with FakeConnector() as connector_fake:
        channel = "19:trainers@thread.tacv2"
        connector_fake.add_conversation(channel)
        connector = TeamsConnector(TokenSource(None, None, None), attempts=1)

        def card_then_reply(item) -> str:
            connector.send(connector_fake.url, channel, {"type": "message", "text": "the card"})
            if item.attempts == 1:
                raise ConnectionError("the worker died after the card")
            connector.send(connector_fake.url, channel, {"type": "message", "text": "the reply"}, reply_to="1")
            return "done"

        accept(runtime, "teams", "act-1", "message", {"text": "tip"})
        try:
            worker = InboxWorker(runtime, SystemClock(), by_platform({"teams": card_then_reply}), retry=FAST)
            run_worker(worker, closed(runtime), timeout=20)
        finally:
            connector.close()
        assert [body["text"] for body in connector_fake.sent(channel)] == ["the card", "the reply"]
