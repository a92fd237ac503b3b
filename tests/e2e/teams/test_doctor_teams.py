"""`tipjar doctor` for Teams: without an app registration Teams is not authenticated (named with the fix); a
Teams digest's channel holds once Tipjar was installed in its team, and one it never saw is named."""
from __future__ import annotations

from tests.e2e.teams import activities
from tests.e2e.teams.conftest import SETTINGS, TeamsServer, wait_until


def test_teams_credentials_and_digest_channels(connector, tmp_path):
    server = TeamsServer(tmp_path, None, SETTINGS).start()
    try:
        activities.post(server.url, activities.installed(connector.url, activities.in_channel(activities.TRAINERS)))
        wait_until(lambda: server.drained(), what="the installation recorded")
        done = server.run("doctor", check=False)
    finally:
        server.stop()
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    output = done.stdout
    assert "✗ MICROSOFT_APP_ID: not set: Teams requests would not be authenticated" in output
    assert "✗ teams service hosts: loopback only (no MICROSOFT_APP_ID)" in output
    assert f"✓ digest 'weekly': {activities.TRAINERS['name']}, Tipjar installed in its team" in output
    assert "✗ digest 'ward': Teams channel 19:golive-ward7@thread.tacv2 is unknown to Tipjar" in output
    assert "fix: add Tipjar to the channel's team (or mention @Tipjar in that channel once)" in output
    assert "3 of " in output.splitlines()[-1]
