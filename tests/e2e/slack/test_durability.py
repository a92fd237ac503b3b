"""An acknowledged event survives a crash: the next start processes it."""
from __future__ import annotations

from tests.e2e.slack.conftest import SECRET, TipjarServer, wait_until
from tests.e2e.slack.signing import SlackClient, event_callback, reaction_added

ARCHITECTURE_FIELDS = {
    "id", "platform", "workspace_id", "channel_id", "message_id", "thread_id", "author_id", "text", "permalink",
    "visibility", "status", "votes", "savers", "tags", "source", "created_at", "captured_at",
}


def test_a_crash_between_ack_and_processing_loses_nothing(fake, tmp_path):
    fake.post("C-GOLIVE", "1800000301.000100", "U-DEV", "Downtime MAR: Reports > Downtime > MAR by unit")
    settings = "server:\n  lease_seconds: 15\n"
    first = TipjarServer(tmp_path, fake, settings).start()
    try:
        fake.hang("conversations.history", 60)  # the worker is stuck fetching the message when the crash comes
        body = event_callback(reaction_added("U-MARIA", "bulb", "C-GOLIVE", "1800000301.000100", "U-DEV"))
        assert SlackClient(first.url, SECRET).post("/slack/events", *body)[0] == 200
        wait_until(lambda: fake.calls_to("conversations.history"), what="processing to begin")
        first.kill()
    finally:
        first.stop()
        fake.reset_failures()
    assert first.tip("C-GOLIVE", "1800000301.000100") is None
    second = TipjarServer(tmp_path, fake, settings).start()
    try:
        tip = second.wait_for_tip("C-GOLIVE", "1800000301.000100", timeout=30)
        assert tip.text.startswith("Downtime MAR") and tip.savers == ["U-MARIA"]
        (record,) = second.export()
        assert ARCHITECTURE_FIELDS <= set(record) and record["source"] == "reaction"
        assert record["permalink"].startswith("https://") and record["author_id"] == "U-DEV"
    finally:
        second.stop()
