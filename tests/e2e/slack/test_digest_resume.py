"""A digest of several messages whose sender stopped half-way is finished, not posted again: the real sender,
Slack poster and store (SQLite), against the fake Slack Web API, which keeps each message's metadata."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from slack_sdk.errors import SlackApiError

from adapters.slack.digest import EVENT_TYPE, SlackDigestPoster
from adapters.slack.web import SlackWeb, web_client
from bot.commands import Ask, CaptureMessage
from bot.config import DigestSettings
from adapters.settings import Settings
from bot.model import Viewer, Visibility
from digests.period import Period
from runtime.digest_sender import CLAIM_LEASE, DigestNotSent, DigestSender
from runtime.records import Records
from store.db import open_store
from store.repository import unit_of_work_factory
from store.runtime import runtime_units
from tests.e2e.slack.fake_slack import FakeSlack
from tests.unit.conftest import make_source
from tests.unit.fakes import FixedClock
from tipjar.bootstrap import build_bot

SETTINGS = Settings(digests=[DigestSettings(channel="C-TRAINERS", max_tips=50)])
PARTS = 5


@pytest.fixture
def fake():
    with FakeSlack() as running:
        running.add_user("U-JO", "jo", "Jo Brennan")
        running.add_channel("C-TRAINERS", "trainers", members=("U-JO",))
        yield running


@pytest.fixture
def week(tmp_path):
    """A week of 50 tips and 20 unanswered questions: a digest of five Slack messages."""
    engine = open_store(f"sqlite:///{tmp_path / 'tipjar.db'}")
    clock = FixedClock()
    bot = build_bot(SETTINGS, units=unit_of_work_factory(engine), clock=clock)
    for n in range(50):
        text = f"Tip {n}: hold the trigger ten seconds #scanner{n % 5}"
        bot.handle(CaptureMessage(make_source(f"17000000{n:02d}.000100"), text, "U-JO", Visibility.PUBLIC))
    for n in range(20):
        bot.handle(Ask(Viewer("slack", "T1", "U-SAM"), f"unanswered zebra question {n} about qwerty{n}"))
    yield SimpleNamespace(engine=engine, clock=clock, period=Period.containing(clock.now(), "UTC"))
    engine.dispose()


class KilledWeb(SlackWeb):
    """The sender's process is killed while a failing call's answer is on its way back (no cleanup runs)."""

    def _call(self, method: str, **params: object) -> dict:
        try:
            return super()._call(method, **params)
        except SlackApiError:
            raise SystemExit("killed") from None


def sender(week, fake, web_class=SlackWeb) -> DigestSender:
    poster = SlackDigestPoster(web_class(web_client("xoxb-test-token", fake.url + "/api/")))
    records = Records(runtime_units(week.engine))
    return DigestSender(unit_of_work_factory(week.engine), records, week.clock, SETTINGS, {"slack": poster})


def parts_in_channel(fake) -> list[int]:
    messages = sorted(fake.messages["C-TRAINERS"].values(), key=lambda m: float(m["ts"]))
    assert all(m["metadata"]["event_type"] == EVENT_TYPE for m in messages)
    return [m["metadata"]["event_payload"]["part"] for m in messages]


def recorded(week, fake) -> list[str]:
    """The ts of each message the posted run records, in order."""
    first = min(fake.messages["C-TRAINERS"], key=float)
    with runtime_units(week.engine)() as unit:
        run = unit.digest_runs.find_message("C-TRAINERS", first)
    assert run is not None and run.state == "posted"
    return [message.message_id for message in run.messages]


def test_a_digest_that_failed_after_two_parts_is_finished_with_the_others(week, fake):
    fake.fail_call("chat.postMessage", 3)
    with pytest.raises(DigestNotSent, match="internal_error"):
        sender(week, fake).send(period=week.period)
    assert parts_in_channel(fake) == [1, 2]
    fake.forget_calls()

    done = sender(week, fake).send(period=week.period)
    assert f"in {PARTS} message(s) (2 of them by an earlier attempt)" in done
    assert [call["metadata"]["event_payload"]["part"] for call in fake.calls_to("chat.postMessage")] == [3, 4, 5]
    (looked,) = fake.calls_to("conversations.history")  # the part that failed might have reached Slack: it did not
    assert looked["include_all_metadata"] in (True, "1", "true") and int(looked["limit"]) <= 20
    assert parts_in_channel(fake) == [1, 2, 3, 4, 5]
    assert recorded(week, fake) == sorted(fake.messages["C-TRAINERS"], key=float)


def test_a_part_that_reached_slack_before_its_sender_was_killed_is_found_not_posted_again(week, fake):
    fake.fail_call("chat.postMessage", 3, after_doing_it=True)
    with pytest.raises(SystemExit):
        sender(week, fake, KilledWeb).send(period=week.period)
    assert parts_in_channel(fake) == [1, 2, 3]  # part 3 is in the channel; the dead sender never heard so
    fake.forget_calls()
    assert "being sent right now" in sender(week, fake).send(period=week.period)

    week.clock.advance(seconds=CLAIM_LEASE.total_seconds() + 1)  # the killed sender's claim lapses
    done = sender(week, fake).send(period=week.period)
    assert f"in {PARTS} message(s) (2 of them by an earlier attempt)" in done
    assert [call["metadata"]["event_payload"]["part"] for call in fake.calls_to("chat.postMessage")] == [4, 5]
    assert parts_in_channel(fake) == [1, 2, 3, 4, 5]
    assert recorded(week, fake) == sorted(fake.messages["C-TRAINERS"], key=float)


def test_a_first_attempt_asks_slack_nothing_before_posting(week, fake):
    assert f"in {PARTS} message(s)" in sender(week, fake).send(period=week.period)
    assert fake.calls_to("conversations.history") == [] and parts_in_channel(fake) == [1, 2, 3, 4, 5]
