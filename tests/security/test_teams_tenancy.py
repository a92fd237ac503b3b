"""Who reads what across Teams tenants, teams and channels, against `tipjar serve` with a Bot Connector token on
every activity (the fake Bot Connector answering Teams' connector host).

- A conversation id belongs to one tenant. A verified activity from another tenant naming a conversation Tipjar
  knows (a forged or inconsistent conversation.id, or a group chat whose channelData names another tenant's team)
  once rewrote that conversation's record with the other tenant: the trainers' digest was then refused, and
  the conversation's readers came from the other tenant's activity.
- A tip public in its tenant (`teams.public_teams`) was shown in an answer posted in a shared channel, read by
  members of other tenants: public is public within its own tenant only.
- A private channel whose roster was its team's when a tip was saved there counts as standard: its tip is the
  team's, and someone who joins the team later (not the channel) reads it.
"""
from __future__ import annotations

from typing import Iterator

import pytest

from tests.e2e.slack.conftest import wait_until
from tests.e2e.teams import activities
from tests.e2e.teams.fake_connector import member
from tests.e2e.teams.test_conversations import card_text, count_to, sent_to
from tests.e2e.teams.tokens import TEAMS_SERVICE_URL
from tests.security.teams_server import CloudTeams, cloud_server, connector, keys  # noqa: F401 (fixtures)

OTHER_TENANT = "0badf00d-0000-4000-8000-00000000e712"
MALLORY = {"id": "29:aad-mallory", "name": "Mallory", "aadObjectId": "aad-mallory"}
OTHER_TEAM = {"id": "19:elsewhere2-general@thread.tacv2", "name": "Elsewhere"}
HUDDLE = {"id": "19:golive-huddle@thread.tacv2", "name": "Huddle"}
"""A private channel of the Go-live team that, when created, held the whole team."""
SETTINGS = f"""\
teams:
  enabled: true
  membership_cache_seconds: 0
  public_teams: ["{activities.TEAM['id']}"]
digests:
  - name: weekly
    platform: teams
    channel: "{activities.TRAINERS['id']}"
    tenant: {activities.TENANT}
  - name: team
    platform: teams
    channel: "{activities.GENERAL['id']}"
    tenant: {activities.TENANT}
"""


@pytest.fixture(scope="module")
def cloud(tmp_path_factory, keys, connector) -> Iterator[CloudTeams]:  # noqa: F811 (the fixtures above)
    team = [member(activities.PEOPLE[who], activities.NAMES[who]) for who in ("maria", "dev", "jo", "sam")]
    connector.add_conversation(HUDDLE["id"], team)
    connector.add_conversation(OTHER_TEAM["id"], [member("aad-mallory", "Mallory")])
    for running in cloud_server(tmp_path_factory, SETTINGS, keys, connector):
        for channel in (activities.GENERAL, activities.TRAINERS):
            installed = activities.installed(TEAMS_SERVICE_URL, activities.in_channel(channel))
            assert activities.post(running.url, installed, token=running.keys.token())[0] == 200
        wait_until(running.drained, 15, "the inbox to drain")
        yield running


def from_other_tenant(activity: dict, team: dict | None = OTHER_TEAM) -> dict:
    """Mallory, of another tenant, with a valid token: her tenant, her team, another tenant's conversation id."""
    activity["from"] = MALLORY
    activity["conversation"]["tenantId"] = OTHER_TENANT
    activity["channelData"]["tenant"] = {"id": OTHER_TENANT}
    if team is not None:
        activity["channelData"]["team"] = team
    return activity


def stored(cloud: CloudTeams, conversation_id: str):
    with cloud.runtime()() as uow:
        return uow.conversations.get("teams", conversation_id)


def test_an_activity_of_another_tenant_cannot_rewrite_a_known_conversation(cloud, connector):  # noqa: F811
    trainers = stored(cloud, activities.TRAINERS["id"])
    assert trainers.workspace_id == activities.TENANT
    forged = from_other_tenant(activities.mention(TEAMS_SERVICE_URL, "maria", "hello",
                                                  activities.in_channel(activities.TRAINERS)))
    assert activities.post(cloud.url, forged, token=cloud.keys.token())[0] == 200
    wait_until(cloud.drained, 15, "the inbox to drain")

    after = stored(cloud, activities.TRAINERS["id"])
    assert after.workspace_id == activities.TENANT, "another tenant's activity took over the Trainers channel"
    assert after.address == trainers.address


def test_the_trainers_digest_still_goes_out_after_another_tenants_activity(cloud, connector):  # noqa: F811
    forged = from_other_tenant(activities.mention(TEAMS_SERVICE_URL, "maria", "hello",
                                                  activities.in_channel(activities.TRAINERS)))
    assert activities.post(cloud.url, forged, token=cloud.keys.token())[0] == 200
    wait_until(cloud.drained, 15, "the inbox to drain")
    cloud.send_digest(connector, activities.TRAINERS["id"])  # asserts the digest was posted


def test_a_group_chat_naming_another_tenants_team_leaves_that_teams_record_alone(cloud, connector):  # noqa: F811
    general = stored(cloud, activities.GENERAL["id"])
    chat = {"id": "19:mallory-chat@thread.v2", "conversationType": "groupChat", "isGroup": True}
    forged = from_other_tenant(activities.mention(TEAMS_SERVICE_URL, "maria", "hello", (chat, None)),
                               team={"id": activities.TEAM["id"], "name": "Mallory's"})
    assert activities.post(cloud.url, forged, token=cloud.keys.token())[0] == 200
    wait_until(cloud.drained, 15, "the inbox to drain")

    after = stored(cloud, activities.GENERAL["id"])
    assert (after.workspace_id, after.kind, after.address) == (general.workspace_id, general.kind, general.address)


def test_an_answer_in_a_shared_channel_shows_no_tip_public_in_the_tenant(cloud, connector):  # noqa: F811
    cloud.say("sam", "tip Downtime binder for nights is in the charge nurse office, shelf ZX-9")
    tip = cloud.wait_for_teams_tip(lambda tip: "ZX-9" in tip.text)
    assert tip.visibility.value == "public"  # the Go-live team is listed in teams.public_teams
    before = count_to(connector, activities.SHARED["id"])
    cloud.say("jo", "ask where is the downtime binder for nights", activities.SHARED)
    (answer,) = sent_to(connector, activities.SHARED["id"], before)
    assert "ZX-9" not in card_text(answer.body), "Gus, of the vendor's tenant, read a tip public in St Mary's only"


def test_someone_removed_from_a_private_channel_no_longer_reads_its_tips(cloud, connector):  # noqa: F811
    cloud.say("maria", "tip Pyxis override log goes to pharmacy by 06:00, form PX-41", activities.SECRET)
    cloud.wait_for_teams_tip(lambda tip: "PX-41" in tip.text)

    def jo_reads() -> bool:
        before = count_to(connector, activities.personal("jo"))
        activities.post(cloud.url, activities.said(TEAMS_SERVICE_URL, "jo", "ask pyxis override log form"),
                        token=cloud.keys.token())
        (answer,) = sent_to(connector, activities.personal("jo"), before)
        return "PX-41" in card_text(answer.body)
    assert jo_reads()
    before = count_to(connector, activities.GENERAL["id"])  # Jo reads it, but Dev and Sam read General too
    cloud.say("jo", "ask pyxis override log form", activities.GENERAL)
    (answer,) = sent_to(connector, activities.GENERAL["id"], before)
    assert "PX-41" not in card_text(answer.body)
    connector.add_conversation(activities.SECRET["id"], [member(activities.PEOPLE["maria"], activities.NAMES["maria"])])
    try:
        assert not jo_reads()  # the roster is asked again (membership_cache_seconds: 0)
    finally:
        connector.add_conversation(activities.SECRET["id"], [member(activities.PEOPLE[who], activities.NAMES[who])
                                                             for who in ("maria", "jo")])


def test_a_private_channel_created_with_the_whole_team_keeps_its_tips_private(cloud, connector):  # noqa: F811
    cloud.say("maria", "tip Huddle code for the on-call bridge is 7731", HUDDLE)
    cloud.wait_for_teams_tip(lambda tip: "7731" in tip.text)
    before = count_to(connector, activities.personal("priya"))  # Priya: in the tenant, in neither team nor channel
    activities.post(cloud.url, activities.said(TEAMS_SERVICE_URL, "priya", "ask huddle code on-call bridge"),
                    token=cloud.keys.token())
    (answer,) = sent_to(connector, activities.personal("priya"), before)
    assert "7731" not in card_text(answer.body), "a private channel's tip was public in the whole tenant"
