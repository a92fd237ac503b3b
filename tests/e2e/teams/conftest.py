"""`tipjar serve` for Teams as a real process, with a fake Bot Connector as every activity's serviceUrl.

One server and one connector serve every Teams test module (starting `tipjar serve` takes seconds); each
test uses its own words, and the connector's record starts afresh for each test, so what it counts is its own.
"""
from __future__ import annotations

from typing import Iterator

import pytest

from bot.ports import TipFilter
from tests.e2e.slack.conftest import TipjarServer, wait_until
from tests.e2e.teams.activities import GENERAL, NAMES, PEOPLE, PHARMACY_CHAT, SECRET, SHARED, TENANT, TRAINERS, personal
from tests.e2e.teams.fake_connector import FakeConnector, member

SETTINGS = f"""\
teams:
  enabled: true
digests:
  - name: weekly
    platform: teams
    channel: "{TRAINERS['id']}"
    tenant: {TENANT}
    trainers: [aad-jo]
  - name: ward
    platform: teams
    channel: "19:golive-ward7@thread.tacv2"
    tenant: {TENANT}
"""


def tenant(fake: FakeConnector) -> None:
    """Rosters: the Go-live team (Maria, Dev, Jo, Sam; its Trainers channel the same), its private Med safety
    channel (Maria, Jo) and shared Vendor desk channel (Jo, Gus the vendor's guest), the pharmacy chat
    (Priya, Sam), personal chats."""
    team = [member(PEOPLE[who], NAMES[who]) for who in ("maria", "dev", "jo", "sam")]
    fake.add_conversation(GENERAL["id"], team)
    fake.add_conversation(TRAINERS["id"], team)
    fake.add_conversation(PHARMACY_CHAT, [member(PEOPLE[who], NAMES[who]) for who in ("priya", "sam")])
    fake.add_conversation(SECRET["id"], [member(PEOPLE[who], NAMES[who]) for who in ("maria", "jo")])
    fake.add_conversation(SHARED["id"], [member(PEOPLE[who], NAMES[who]) for who in ("jo", "gus")])
    for who in PEOPLE:
        fake.add_conversation(personal(who), [member(PEOPLE[who], NAMES[who])])


class TeamsServer(TipjarServer):
    def teams_tips(self) -> list:
        with self.units()() as uow:
            return [tip for tip in uow.tips.list(TipFilter()) if tip.source.ref.platform == "teams"]

    def wait_for_teams_tip(self, check, what: str = "a Teams tip"):
        return wait_until(lambda: next((tip for tip in self.teams_tips() if check(tip)), None), 15, what)


@pytest.fixture(scope="package")
def connector() -> Iterator[FakeConnector]:
    with FakeConnector() as running:
        tenant(running)
        yield running


@pytest.fixture(autouse=True)
def own_requests(connector) -> None:
    """The connector serves every Teams test: each test sees only the requests made since it began."""
    connector.forget_requests()


@pytest.fixture(scope="package")
def teams(connector, tmp_path_factory) -> Iterator[TeamsServer]:
    running = TeamsServer(tmp_path_factory.mktemp("teams"), None, SETTINGS).start()
    yield running
    running.stop()
