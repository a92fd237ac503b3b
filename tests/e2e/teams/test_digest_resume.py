"""A Teams digest of several cards whose sender stopped half-way is finished with the cards not recorded: the
real sender, Teams poster, connector and store (SQLite), against the fake Bot Connector.

Teams cannot be asked which cards a channel holds, so the one card that may have reached Teams just before a
sender died is posted again; each card recorded is never posted twice."""
from __future__ import annotations

from dataclasses import replace

import pytest

from adapters.teams.connector import TeamsConnector, TokenSource
from adapters.teams.digest import TeamsDigestPoster
from bot.commands import CaptureMessage
from bot.config import DigestSettings
from adapters.settings import Settings
from bot.model import Visibility
from digests.period import Period
from runtime.digest_sender import DigestNotSent, DigestSender
from runtime.model import Conversation
from runtime.records import Records
from store.db import open_store
from store.repository import unit_of_work_factory
from store.runtime import runtime_units
from tests.e2e.teams.fake_connector import FakeConnector
from tests.unit.conftest import make_source
from tests.unit.fakes import FixedClock
from tipjar.bootstrap import build_bot

CHANNEL, TEAM, TENANT = "19:golive-trainers@thread.tacv2", "19:golive@thread.tacv2", "0c0ffee0-0000-4000-8000-00000000000a"
SETTINGS = Settings(digests=[DigestSettings(platform="teams", channel=CHANNEL, tenant=TENANT, max_tips=50)])


def test_a_teams_digest_that_failed_after_two_cards_is_finished_with_the_others(tmp_path):
    engine = open_store(f"sqlite:///{tmp_path / 'tipjar.db'}")
    clock = FixedClock()
    bot = build_bot(SETTINGS, units=unit_of_work_factory(engine), clock=clock)
    for n in range(50):
        source = make_source(f"17000000{n:02d}.000100")
        source = replace(source, ref=replace(source.ref, platform="teams", workspace_id=TENANT, channel_id=CHANNEL))
        bot.handle(CaptureMessage(source, f"Tip {n}: hold the trigger ten seconds, then dock it #scanner{n % 5}",
                                  "aad-jo", Visibility.PUBLIC))
    records = Records(runtime_units(engine))
    with FakeConnector() as fake:
        fake.add_conversation(CHANNEL)
        address = {"serviceUrl": fake.url, "teamId": TEAM, "scope": TEAM}
        trainers = Conversation("teams", TENANT, CHANNEL, "channel", "Trainers", address, clock.now())
        records.remember([trainers], replace=True)
        connector = TeamsConnector(TokenSource(None, None, None), attempts=1)
        try:
            sender = DigestSender(unit_of_work_factory(engine), records, clock, SETTINGS,
                                  {"teams": TeamsDigestPoster(connector, records)})
            period = Period.containing(clock.now(), "UTC")
            fake.fail_next(status=503, method="POST", after=2)
            with pytest.raises(DigestNotSent, match="503"):
                sender.send(period=period)
            first_two = [body["summary"] for body in fake.sent(CHANNEL)]
            assert len(first_two) == 2

            done = sender.send(period=period)
        finally:
            connector.close()
        cards = [body["summary"] for body in fake.sent(CHANNEL)]
    total = len(cards)
    assert total >= 3 and f"in {total} message(s) (2 of them by an earlier attempt)" in done
    assert cards == [f"{cards[0].rsplit(' (part', 1)[0]} (part {n} of {total})" for n in range(1, total + 1)]
    with runtime_units(engine)() as unit:
        run = unit.digest_runs.find_message(CHANNEL, fake.requests[0].answer["id"])
    assert run.state == "posted" and [m.message_id for m in run.messages] == [r.answer["id"] for r in fake.requests
                                                                         if r.method == "POST" and r.status == 201]
    engine.dispose()
