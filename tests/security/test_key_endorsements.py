"""A Bot Connector token counts for an activity only if its signing key is endorsed for the activity's channel.

Microsoft's key set lists, for each signing key, the channels it may sign for (`endorsements`); the Bot
Framework's authentication rules require the activity's channelId to be among them. Here the local key set
holds, besides the usual key (endorsed for msteams, webchat, skype), keys endorsed for other channels only,
for none, or with an endorsements value that is not a list: each signs an otherwise perfect token.
"""
from __future__ import annotations

from typing import Iterator

import pytest
from hypothesis import given, strategies as st

from adapters.teams.bot_auth import endorsements_by_key

from tests.e2e.teams import activities
from tests.e2e.teams.conftest import TeamsServer
from tests.e2e.teams.serve_with_keys import guarded_server
from tests.e2e.teams.test_trust import stored_events
from tests.e2e.teams.tokens import TEAMS_SERVICE_URL, TestKeys

OTHER_CHANNELS = {"webchat-only": ["webchat", "directline"], "unendorsed": [], "unlisted": None,
                  "as-text": "msteams-and-more", "look-alike": ["MSTeams", "msteams ", "ms teams"]}


@pytest.fixture(scope="module")
def keys() -> Iterator[TestKeys]:
    with TestKeys() as running:
        running.others = {kid: running.add_key(kid, endorsed) for kid, endorsed in OTHER_CHANNELS.items()}
        running.teams_only = running.add_key("teams-only", ["msteams"])
        yield running


@pytest.fixture(scope="module")
def endorsing(keys, tmp_path_factory) -> Iterator[TeamsServer]:
    running = guarded_server(keys.url, tmp_path_factory.mktemp("endorsing")).start()
    yield running
    running.stop()


def noted(channel_id: object = "msteams") -> dict:
    activity = activities.installed(TEAMS_SERVICE_URL, activities.in_group_chat(), "sam")
    activity["membersAdded"] = [{"id": "29:aad-priya"}]
    if channel_id is None:
        activity.pop("channelId")
    else:
        activity["channelId"] = channel_id
    return activity


def test_a_key_endorsed_for_msteams_signs_for_teams_activities(endorsing, keys):
    before = stored_events(endorsing)
    for kid, key in (("test-key", keys.key), ("teams-only", keys.teams_only)):
        status, answer = activities.post(endorsing.url, noted(), token=keys.token(kid=kid, key=key))
        assert status == 200, (kid, answer)
    assert stored_events(endorsing) == before + 2


@pytest.mark.parametrize("kid", list(OTHER_CHANNELS))
def test_a_key_not_endorsed_for_msteams_is_refused(endorsing, keys, kid):
    before = stored_events(endorsing)
    status, answer = activities.post(endorsing.url, noted(), token=keys.token(kid=kid, key=keys.others[kid]))
    assert status == 401 and "endorse" in answer["error"] and "msteams" in answer["error"], answer
    assert stored_events(endorsing) == before


def test_the_channel_checked_is_the_activitys_own(endorsing, keys):
    """A Teams-only key signs nothing for webchat; an activity with no channelId cannot be checked at all."""
    before = stored_events(endorsing)
    for channel_id in ("webchat", None, "", ["msteams"]):
        status, answer = activities.post(endorsing.url, noted(channel_id),
                                         token=keys.token(kid="teams-only", key=keys.teams_only))
        assert status in (400, 401), (channel_id, answer)
        assert status == 400 or "channel" in answer["error"], (channel_id, answer)
    assert stored_events(endorsing) == before
    assert endorsing.healthy()


def test_endorsements_are_read_from_lists_of_text_only():
    key_set = {"keys": [{"kid": "a", "endorsements": ["msteams", 7, None]}, {"kid": "b", "endorsements": "msteams"},
                        {"kid": "c"}, {"kid": 4, "endorsements": ["msteams"]}, "d"]}
    assert endorsements_by_key(key_set) == {"a": frozenset({"msteams"}), "b": frozenset(), "c": frozenset()}


NAMES = st.sampled_from(["keys", "kid", "endorsements", "x"])
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(NAMES, inner, max_size=4), max_leaves=25)


@given(JSON)
def test_any_key_set_document_gives_endorsements_never_an_exception(document):
    found = endorsements_by_key(document)
    assert all(isinstance(kid, str) and all(isinstance(e, str) for e in channels) for kid, channels in found.items())
