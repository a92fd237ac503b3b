"""What is posted in one conversation shows only what that conversation's readers may read.

A team's id is also its General channel's id, so the record Tipjar keeps for the team is General's record. An
activity in a private channel of the team once rewrote that record with the private channel's scope: a digest
posted to General then showed the private channel's tips to the whole team (and none of the team's own).
Against `tipjar serve` with a Bot Connector token on every activity (addresses from verified activities
replace stored ones), the fake Bot Connector answering Teams' connector host.
"""
from __future__ import annotations

from typing import Iterator

import pytest

from tests.e2e.teams import activities
from tests.security.teams_server import CloudTeams, cloud_server, connector, keys  # noqa: F401 (fixtures)

SETTINGS = f"""\
teams:
  enabled: true
digests:
  - name: weekly
    platform: teams
    channel: "{activities.GENERAL['id']}"
    tenant: {activities.TENANT}
"""


@pytest.fixture(scope="module")
def cloud(tmp_path_factory, keys, connector) -> Iterator[CloudTeams]:  # noqa: F811 (the fixtures above)
    yield from cloud_server(tmp_path_factory, SETTINGS, keys, connector)


def test_a_private_channels_tips_stay_out_of_a_digest_posted_to_general(cloud, connector):  # noqa: F811
    cloud.say("maria", "tip Badge printer in the go-live room takes the blue ribbon #badge")
    team_tip = cloud.wait_for_teams_tip(lambda tip: "blue ribbon" in tip.text)
    cloud.say("maria", "tip Med safety: the override PIN for cabinet 3 is kept by the charge nurse", activities.SECRET)
    secret = cloud.wait_for_teams_tip(lambda tip: "override PIN" in tip.text)
    assert (team_tip.source.ref.channel_id, secret.source.ref.channel_id) == (activities.TEAM["id"], activities.SECRET["id"])

    digest = cloud.send_digest(connector, activities.GENERAL["id"])

    assert "override PIN" not in digest  # Dev and Sam read General: the private channel is Maria's and Jo's
    assert "blue ribbon" in digest  # General's readers are its team: the team's tips are theirs
    with cloud.runtime()() as uow:
        general = uow.conversations.get("teams", activities.GENERAL["id"])
    assert general.address["scope"] == activities.TEAM["id"]
