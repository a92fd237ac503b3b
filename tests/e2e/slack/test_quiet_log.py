"""`tipjar serve`'s log at its default level holds Tipjar's lines and the libraries' warnings, not their INFO
chatter (Alembic's "setup plugin", the SDKs' retry handlers, the scheduler's jobs); `logging.level: debug`
shows everything."""
from __future__ import annotations

import re

from tests.e2e.slack.conftest import SECRET, SETTINGS, TipjarServer
from tests.e2e.slack.fake_slack import FakeSlack
from tests.e2e.slack.signing import SlackClient, event_callback, reaction_added

LIBRARY_INFO = re.compile(r"^\S+ \S+ INFO (alembic|apscheduler|slack_sdk|slack_bolt|microsoft_agents|msal)\b", re.M)


def served_log(tmp_path, fake: FakeSlack, settings: str, ts: str) -> str:
    """The log of a start and of one saved tip whose message Slack gave only after a 429 (a retry handler's work)."""
    server = TipjarServer(tmp_path, fake, settings).start()
    try:
        fake.post("C-GOLIVE", ts, "U-DEV", "Printer jam on 4 West: open tray B first")
        fake.fail_next("conversations.history")
        SlackClient(server.url, SECRET).post("/slack/events", *event_callback(
            reaction_added("U-SAM", "bulb", "C-GOLIVE", ts, "U-DEV")))
        server.wait_for_tip("C-GOLIVE", ts)
        return server.log()
    finally:
        server.stop()


def test_the_libraries_info_lines_stay_out_of_the_log(fake, tmp_path):
    log = served_log(tmp_path, fake, SETTINGS, "1800000991.000100")
    assert LIBRARY_INFO.search(log) is None, LIBRARY_INFO.search(log).group(0)
    assert "setup plugin" not in log
    assert "slack: connected to the workspace" in log and "Uvicorn running on" in log


def test_logging_level_debug_shows_them(fake, tmp_path):
    log = served_log(tmp_path, fake, SETTINGS + "logging:\n  level: debug\n", "1800000992.000100")
    assert "setup plugin" in log and "INFO apscheduler" in log and "RateLimitErrorRetryHandler" in log
