"""`tipjar serve` at start: a configuration it cannot run with is one line naming the setting and the fix, with
exit status 2; a Slack app set up in part (a scope missing, a digest channel unknown) starts and says what to
mend."""
from __future__ import annotations

from typing import Iterator

import pytest

from tests.e2e.slack.conftest import SETTINGS, TipjarServer, workspace
from tests.e2e.slack.fake_slack import FakeSlack


@pytest.fixture
def own_slack() -> Iterator[FakeSlack]:
    """A fake Slack of this test alone: what it refuses or lacks concerns no other test."""
    with FakeSlack() as running:
        workspace(running)
        yield running


def refused_start(server: TipjarServer) -> str:
    done = server.run("serve", "--port", "0", check=False)
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    (line,) = [line for line in done.stderr.splitlines() if line.startswith("tipjar: ")]
    return line


def test_a_wrong_bot_token_is_one_line_naming_the_setting_and_where_to_copy_it(own_slack, tmp_path):
    own_slack.refused_tokens.add("xoxb-test-token")
    line = refused_start(TipjarServer(tmp_path, own_slack, SETTINGS))
    assert "SLACK_BOT_TOKEN is refused by Slack (invalid_auth)" in line
    assert "OAuth & Permissions" in line and "xoxb-test-token" not in line


def test_a_missing_signing_secret_is_one_line_naming_it(own_slack, tmp_path):
    server = TipjarServer(tmp_path, own_slack, SETTINGS)
    del server.env["SLACK_SIGNING_SECRET"]
    assert "SLACK_SIGNING_SECRET is not set" in refused_start(server)


def test_a_missing_teams_password_is_one_line_naming_it(tmp_path):
    server = TipjarServer(tmp_path, None, "teams:\n  enabled: true\n", env={"MICROSOFT_APP_ID": "app-id-1"})
    assert "MICROSOFT_APP_PASSWORD is not set" in refused_start(server)


def test_a_bad_app_yaml_is_one_line_naming_the_key(own_slack, tmp_path):
    line = refused_start(TipjarServer(tmp_path, own_slack, "capture:\n  confirm: loudly\n"))
    assert "app.yaml: capture.confirm" in line


def test_a_missing_scope_and_an_unknown_digest_channel_are_named_at_start_with_the_fix(own_slack, tmp_path):
    own_slack.scopes.remove("reactions:read")
    settings = "digests:\n  - name: weekly\n    channel: C-GONE\n  - name: ward\n    channel: '#trainers'\n"
    server = TipjarServer(tmp_path, own_slack, settings).start()
    try:
        log = server.log()
        assert "lacks the scope(s) reactions:read" in log and "reinstall the app" in log
        assert "digest 'weekly' (app.yaml digests[0].channel): Slack has no channel 'C-GONE'" in log
        assert "digest 'ward'" in log and "not a member of #trainers" in log and "/invite @tipjar" in log
        assert "xoxb-test-token" not in log
    finally:
        server.stop()
