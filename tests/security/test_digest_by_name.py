"""A Teams digest goes to the conversation app.yaml names by id, in the tenant it names: never to a name.

Anyone can name a Teams channel "Trainers" (or a chat), in any team of any tenant Tipjar is in; a digest
found by name went to the most recently active match, across tenants, with the tenant's open questions, and
with `trainers: []` its members became trainers. A Teams digest by name (or the default `#trainers`) is now
refused when the settings are read, in one line naming the setting and how to find the id. Against
`tipjar serve` with Bot Connector tokens, the fake Bot Connector answering Teams' connector host.
"""
from __future__ import annotations

import subprocess
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from bot.config import ConfigError
from digests.period import Period
from tests.e2e.slack.conftest import wait_until
from tests.e2e.teams import activities
from tests.e2e.teams.fake_connector import member
from tests.e2e.teams.test_conversations import count_to
from tests.e2e.teams.tokens import TEAMS_SERVICE_URL
from tests.security.teams_server import CloudTeams, cloud_server, connector, keys  # noqa: F401 (fixtures)
from tipjar.settings import load_settings

OTHER_TENANT = "0badf00d-0000-4000-8000-00000000e711"
OTHER_TEAM = {"id": "19:elsewhere-general@thread.tacv2", "name": "Elsewhere"}
LOOKALIKE = {"id": "19:elsewhere-trainers@thread.tacv2", "name": "Trainers"}
"""A channel named "Trainers" in another tenant's team, where Mallory mentions Tipjar."""
MALLORY = {"id": "29:aad-mallory", "name": "Mallory", "aadObjectId": "aad-mallory"}
SERVED = "teams:\n  enabled: true\n"
BY_NAME = {
    "a channel name": "    channel: Trainers\n",
    "a #name": "    channel: \"#trainers\"\n",
    "the default #trainers": "",
}


def by_name(channel_line: str, name: str = "weekly") -> str:
    return f"{SERVED}digests:\n  - name: {name}\n    platform: teams\n{channel_line}    trainers: []\n"


def by_id(channel: str, tenant: str, name: str = "weekly") -> str:
    """Each test's digest has a name of its own: a digest is sent once per period."""
    return f"{SERVED}digests:\n  - name: {name}\n    platform: teams\n    channel: \"{channel}\"\n    tenant: {tenant}\n"


@pytest.fixture(scope="module")
def cloud(tmp_path_factory, keys, connector) -> Iterator[CloudTeams]:  # noqa: F811 (the fixtures above)
    """Served without a Teams digest (each test brings its own app.yaml); the Go-live team's Trainers channel,
    a team tip and an open question are known, then Mallory speaks in her tenant's "Trainers" channel."""
    connector.add_conversation(OTHER_TEAM["id"], [member("aad-mallory", "Mallory")])
    connector.add_conversation(LOOKALIKE["id"], [member("aad-mallory", "Mallory")])
    for running in cloud_server(tmp_path_factory, SERVED, keys, connector):
        installed = activities.installed(TEAMS_SERVICE_URL, activities.in_channel(activities.TRAINERS))
        assert activities.post(running.url, installed, token=running.keys.token())[0] == 200
        running.say("maria", "tip Wristband reprint: Patient > Labels > Reprint, pick the ward printer #labels")
        running.wait_for_teams_tip(lambda tip: "Wristband reprint" in tip.text)
        running.say("sam", "ask where is the downtime binder for the night shift")
        assert activities.post(running.url, mallory_says("hello"), token=running.keys.token())[0] == 200
        wait_until(running.drained, 15, "the inbox to drain")
        yield running


def mallory_says(words: str) -> dict:
    activity = activities.mention(TEAMS_SERVICE_URL, "maria", words, activities.in_channel(LOOKALIKE))
    activity["from"] = MALLORY
    activity["conversation"]["tenantId"] = OTHER_TENANT
    activity["channelData"] = {"tenant": {"id": OTHER_TENANT}, "team": OTHER_TEAM, "channel": LOOKALIKE}
    return activity


def digest_send(cloud: CloudTeams, settings_yaml: str, tmp_path: Path) -> subprocess.CompletedProcess:
    config = tmp_path / "digest.yaml"
    config.write_text(settings_yaml)
    week = Period.containing(datetime.now(timezone.utc), "UTC").label
    return cloud.run("--config", str(config), "digest", "send", "--period", week, check=False)


def posts(connector) -> tuple[int, int]:
    """How many messages Mallory's lookalike channel and the real Trainers channel have received."""
    return count_to(connector, LOOKALIKE["id"]), count_to(connector, activities.TRAINERS["id"])


@pytest.mark.parametrize("channel_line", BY_NAME.values(), ids=BY_NAME.keys())
def test_a_teams_digest_by_name_is_refused_and_never_reaches_a_lookalike(cloud, connector, tmp_path, channel_line):
    lookalike, trainers = posts(connector)
    done = digest_send(cloud, by_name(channel_line, f"by-name-{len(channel_line)}"), tmp_path)

    assert posts(connector)[0] == lookalike, "the digest went to Mallory's channel, found by its name"
    assert posts(connector)[1] == trainers, "a digest was posted although its channel was named, not given by id"
    assert done.returncode == 2, done.stdout + done.stderr
    (line,) = done.stderr.splitlines()
    assert "digests.0.channel" in line and "conversation id" in line and "Get link to channel" in line, line


def test_tipjar_serve_refuses_to_start_with_a_teams_digest_by_name(cloud, tmp_path):
    config = tmp_path / "serve.yaml"
    config.write_text(by_name("    channel: Trainers\n"))
    try:
        done = cloud.run("--config", str(config), "serve", "--port", "0", check=False, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("tipjar serve started with a Teams digest configured by a channel name")
    assert done.returncode == 2 and "digests.0.channel" in done.stderr, done.stderr


def test_a_conversation_id_of_another_tenant_is_refused(cloud, connector, tmp_path):
    before = count_to(connector, LOOKALIKE["id"])
    done = digest_send(cloud, by_id(LOOKALIKE["id"], activities.TENANT, "elsewhere"), tmp_path)

    assert count_to(connector, LOOKALIKE["id"]) == before
    assert done.returncode == 1 and f"is in tenant '{OTHER_TENANT}'" in done.stderr, done.stdout + done.stderr


def test_by_id_and_tenant_the_digest_reaches_the_trainers_channel(cloud, connector, tmp_path):
    before = count_to(connector, activities.TRAINERS["id"]), count_to(connector, LOOKALIKE["id"])
    done = digest_send(cloud, by_id(activities.TRAINERS["id"], activities.TENANT), tmp_path)

    assert done.returncode == 0, done.stdout + done.stderr
    assert count_to(connector, activities.TRAINERS["id"]) > before[0] and count_to(connector, LOOKALIKE["id"]) == before[1]


def test_app_yaml_is_read_the_same_way_and_slack_keeps_its_names(tmp_path):
    config = tmp_path / "app.yaml"
    config.write_text(by_name(""))
    with pytest.raises(ConfigError, match=r"digests\.0\.channel: .*'#trainers'.*Get link to channel"):
        load_settings(config, {})
    config.write_text(by_id(activities.TRAINERS["id"], "not-a-tenant-id"))
    with pytest.raises(ConfigError, match=r"digests\.0\.tenant: .*GUID"):
        load_settings(config, {})
    config.write_text("digests:\n  - channel: \"#trainers\"\n  - name: ward\n    channel: ward-7\n")
    assert [d.channel for d in load_settings(config, {}).digests] == ["#trainers", "ward-7"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(channel=st.text(max_size=80), tenant=st.text(max_size=40))
def test_any_teams_channel_and_tenant_load_as_ids_or_are_refused_in_one_line(tmp_path, channel, tenant):
    config = tmp_path / "any.yaml"
    config.write_text(yaml.safe_dump({"digests": [{"platform": "teams", "channel": channel, "tenant": tenant}]}))
    try:
        (digest,) = load_settings(config, {}).digests
    except ConfigError as refused:
        assert len(str(refused).splitlines()) == 1 and "digests.0." in str(refused)
    else:
        assert digest.channel.startswith("19:") and "@thread." in digest.channel and len(digest.tenant) == 36
