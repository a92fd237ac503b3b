"""`tipjar serve` for Teams with MICROSOFT_APP_ID set (every activity carries a Bot Connector token), its
connector calls answered by the fake Bot Connector: the fixtures the Teams security tests share."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import pytest

from digests.period import Period
from tests.e2e.slack.conftest import wait_until
from tests.e2e.teams import activities
from tests.e2e.teams.conftest import TeamsServer, tenant
from tests.e2e.teams.fake_connector import FakeConnector
from tests.e2e.teams.test_conversations import card_text, count_to, sent_to
from tests.e2e.teams.tokens import APP_ID, TEAMS_SERVICE_URL, TestKeys

ROOT = Path(__file__).resolve().parents[2]


class CloudTeams(TeamsServer):
    """`tipjar serve` (and its other commands) through tests.security.teams_cloud."""

    def __init__(self, workdir: Path, settings_yaml: str, keys: TestKeys, connector: FakeConnector) -> None:
        env = {"MICROSOFT_APP_ID": APP_ID, "MICROSOFT_APP_PASSWORD": "not-a-real-secret",
               "MICROSOFT_APP_TENANT_ID": activities.TENANT, "TEST_JWKS_URL": keys.url,
               "TEST_CONNECTOR_URL": connector.url,
               "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
        super().__init__(workdir, None, settings_yaml, env)
        self.keys, self.program = keys, [sys.executable, "-m", "tests.security.teams_cloud"]

    def run(self, *args: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run([*self.program, *args], cwd=self.workdir, env=self.env, capture_output=True,
                              text=True, timeout=timeout, check=check)

    def say(self, who: str, words: str, channel: dict = activities.GENERAL) -> dict:
        """`@Tipjar <words>` in a channel of the Go-live team, delivered with a Bot Connector token."""
        activity = activities.mention(TEAMS_SERVICE_URL, who, words, activities.in_channel(channel))
        status, answer = activities.post(self.url, activity, token=self.keys.token())
        assert status == 200, answer
        return activity

    def send_digest(self, connector: FakeConnector, channel: str, name: str = "weekly") -> str:
        """This week's digest sent with `tipjar digest send`: the text of every card it posted to `channel`."""
        wait_until(self.drained, 15, "the inbox to drain")
        before = count_to(connector, channel)
        week = Period.containing(datetime.now(timezone.utc), "UTC").label
        done = self.run("digest", "send", "--name", name, "--period", week, check=False)
        assert done.returncode == 0 and "posted to" in done.stdout, done.stdout + done.stderr
        return "\n".join(card_text(record.body) for record in sent_to(connector, channel, before))


@pytest.fixture(scope="module")
def keys() -> Iterator[TestKeys]:
    with TestKeys() as running:
        yield running


@pytest.fixture(scope="module")
def connector() -> Iterator[FakeConnector]:
    with FakeConnector() as running:
        tenant(running)
        yield running


def cloud_server(tmp_path_factory, settings_yaml: str, keys: TestKeys, connector: FakeConnector) -> Iterator[CloudTeams]:
    running = CloudTeams(tmp_path_factory.mktemp("cloud"), settings_yaml, keys, connector).start()
    yield running
    running.stop()
