"""A Teams digest posted to a shared channel, against `tipjar serve` and `tipjar digest send` with Bot Connector
tokens (the fake Bot Connector answering Teams' connector host).

A shared channel holds people of other tenants (Gus, the vendor's guest, in the Vendor desk channel). A tip
public in St Mary's tenant (`teams.public_teams`) was shown in the digest posted there; now a digest whose
channel is shared (channelData's membershipType, kept on the channel's record) shows only that channel's
tips. The same digest in a standard channel still shows the tenant's public tips.
"""
from __future__ import annotations

from typing import Iterator

import pytest

from tests.e2e.slack.conftest import wait_until
from tests.e2e.teams import activities
from tests.e2e.teams.tokens import TEAMS_SERVICE_URL
from tests.security.teams_server import CloudTeams, cloud_server, connector, keys  # noqa: F401 (fixtures)

VENDOR_DESK = {**activities.SHARED, "membershipType": "shared"}
SETTINGS = f"""\
teams:
  enabled: true
  membership_cache_seconds: 0
  public_teams: ["{activities.TEAM['id']}"]
digests:
  - name: vendor
    platform: teams
    channel: "{activities.SHARED['id']}"
    tenant: {activities.TENANT}
  - name: weekly
    platform: teams
    channel: "{activities.TRAINERS['id']}"
    tenant: {activities.TENANT}
"""


@pytest.fixture(scope="module")
def cloud(tmp_path_factory, keys, connector) -> Iterator[CloudTeams]:  # noqa: F811 (the fixtures above)
    for running in cloud_server(tmp_path_factory, SETTINGS, keys, connector):
        for channel in (activities.GENERAL, activities.TRAINERS, VENDOR_DESK):
            installed = activities.installed(TEAMS_SERVICE_URL, activities.in_channel(channel))
            assert activities.post(running.url, installed, token=running.keys.token())[0] == 200
        running.say("sam", "tip Night shift badge reader override is kept at the front desk, key ZQ-88")
        running.say("jo", "tip Vendor desk tickets go to the queue VD-5 before noon", VENDOR_DESK)
        running.wait_for_teams_tip(lambda tip: "ZQ-88" in tip.text)
        running.wait_for_teams_tip(lambda tip: "VD-5" in tip.text)
        wait_until(running.drained, 15, "the inbox to drain")
        yield running


def test_a_digest_in_a_shared_channel_shows_no_tip_public_in_the_tenant(cloud, connector):  # noqa: F811
    public = next(tip for tip in cloud.teams_tips() if "ZQ-88" in tip.text)
    assert public.visibility.value == "public"  # the Go-live team is listed in teams.public_teams
    shown = cloud.send_digest(connector, activities.SHARED["id"], name="vendor")
    assert "VD-5" in shown  # the channel's own tip: everyone there may read it
    assert "ZQ-88" not in shown, "Gus, of the vendor's tenant, read a tip public in St Mary's only"


def test_a_digest_in_a_standard_channel_still_shows_the_tenants_public_tips(cloud, connector):  # noqa: F811
    shown = cloud.send_digest(connector, activities.TRAINERS["id"], name="weekly")
    assert "ZQ-88" in shown and "VD-5" not in shown
