"""An activity's tenant, against `tipjar serve` with a Bot Connector token on every activity (the fake Bot
Connector answering Teams' connector host).

A Bot Connector token names no tenant: an activity's tenant is what its body says, in two fields
(channelData.tenant.id and conversation.tenantId). Before these checks, an activity of a personal chat that
claimed another tenant than its conversation's was processed as that tenant's: /ask read that tenant's public
tips, and help was posted into the other tenant's conversation.

- Two tenant fields that disagree: 400, nothing stored.
- A conversation Tipjar knows in one tenant, claimed from another: refused by the worker, nothing posted.
- `teams.tenants` in app.yaml: an activity of a tenant it does not list is a 403 before anything is stored.
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
UNLISTED_TENANT = "0badf00d-0000-4000-8000-0000000f0f0f"
MALLORY = {"id": "29:aad-mallory", "name": "Mallory", "aadObjectId": "aad-mallory"}
MALLORYS_CHAT = "a:personal-mallory"
SETTINGS = f"""\
teams:
  enabled: true
  membership_cache_seconds: 0
  public_teams: ["{activities.TEAM['id']}"]
  tenants: ["{activities.TENANT}", "{OTHER_TENANT.upper()}"]
"""


@pytest.fixture(scope="module")
def cloud(tmp_path_factory, keys, connector) -> Iterator[CloudTeams]:  # noqa: F811 (the fixtures above)
    connector.add_conversation(MALLORYS_CHAT, [member("aad-mallory", "Mallory")])
    for running in cloud_server(tmp_path_factory, SETTINGS, keys, connector):
        installed = activities.installed(TEAMS_SERVICE_URL, activities.in_channel(activities.GENERAL))
        assert activities.post(running.url, installed, token=running.keys.token())[0] == 200
        running.say("sam", "tip The go-live war room dial-in code is QX-17, ask the command centre for the PIN")
        running.wait_for_teams_tip(lambda tip: "QX-17" in tip.text)
        yield running


def mallory_says(words: str, conversation: str, tenant: str) -> dict:
    """Mallory, in a personal chat with the bot, the activity naming `tenant` in both of its tenant fields."""
    activity = activities.said(TEAMS_SERVICE_URL, "jo", words)
    activity["from"] = MALLORY
    activity["conversation"] = {"id": conversation, "conversationType": "personal", "tenantId": tenant}
    activity["channelData"]["tenant"] = {"id": tenant}
    return activity


def delivered(cloud: CloudTeams, activity: dict) -> int:
    status, _ = activities.post(cloud.url, activity, token=cloud.keys.token())
    wait_until(cloud.drained, 15, "the inbox to drain")
    return status


def stored(cloud: CloudTeams, conversation_id: str):
    with cloud.runtime()() as uow:
        return uow.conversations.get("teams", conversation_id)


def test_an_activity_whose_tenant_fields_disagree_is_a_400_and_not_stored(cloud, connector):  # noqa: F811
    forged = mallory_says("ask war room dial-in code", "a:personal-mallory-two", OTHER_TENANT)
    forged["channelData"]["tenant"] = {"id": activities.TENANT}
    status, answer = activities.post(cloud.url, forged, token=cloud.keys.token())
    assert status == 400 and "tenant" in str(answer), answer
    wait_until(cloud.drained, 15, "the inbox to drain")
    assert stored(cloud, "a:personal-mallory-two") is None
    assert count_to(connector, "a:personal-mallory-two") == 0


def test_a_personal_chat_of_one_tenant_claimed_for_another_reads_nothing(cloud, connector):  # noqa: F811
    before = count_to(connector, MALLORYS_CHAT)
    assert delivered(cloud, mallory_says("ask war room dial-in code", MALLORYS_CHAT, OTHER_TENANT)) == 200
    (answer,) = sent_to(connector, MALLORYS_CHAT, before)
    assert "QX-17" not in card_text(answer.body)  # her own tenant's answer: St Mary's public tip is not hers
    assert stored(cloud, MALLORYS_CHAT).workspace_id == OTHER_TENANT

    before = count_to(connector, MALLORYS_CHAT)
    assert delivered(cloud, mallory_says("ask war room dial-in code", MALLORYS_CHAT, activities.TENANT)) == 200
    posted = [card_text(r.body) for r in connector.requests if r.method == "POST" and r.status == 201
              and r.conversation_id == MALLORYS_CHAT][before:]
    assert not any("QX-17" in text for text in posted), "a tip public in St Mary's was read from another tenant"
    assert posted == [], "an activity claiming another tenant than its conversation's was processed"
    assert stored(cloud, MALLORYS_CHAT).workspace_id == OTHER_TENANT


def test_another_tenants_activity_in_a_known_personal_chat_posts_nothing_there(cloud, connector):  # noqa: F811
    jos_chat = activities.personal("jo")
    before = count_to(connector, jos_chat)
    assert delivered(cloud, activities.said(TEAMS_SERVICE_URL, "jo", "hello")) == 200
    sent_to(connector, jos_chat, before)  # help, in Jo's own chat
    before = count_to(connector, jos_chat)
    assert delivered(cloud, mallory_says("hello", jos_chat, OTHER_TENANT)) == 200
    assert count_to(connector, jos_chat) == before, "help was posted into another tenant's conversation"
    assert stored(cloud, jos_chat).workspace_id == activities.TENANT


def test_a_tenant_teams_tenants_does_not_list_is_refused_before_anything_is_stored(cloud, connector):  # noqa: F811
    chat = "a:personal-unlisted"
    status, answer = activities.post(cloud.url, mallory_says("ask war room dial-in code", chat, UNLISTED_TENANT),
                                     token=cloud.keys.token())
    assert status == 403 and "teams.tenants" in str(answer), answer
    wait_until(cloud.drained, 15, "the inbox to drain")
    assert stored(cloud, chat) is None and count_to(connector, chat) == 0
