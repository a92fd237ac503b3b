"""An acknowledged event survives a crash: the next start processes it."""
from __future__ import annotations

import re
import sqlite3

from tests.e2e.slack.conftest import SECRET, TipjarServer, wait_until
from tests.e2e.slack.signing import SlackClient, event_callback, reaction_added

SAVE_GAVE_UP = re.compile(r"(CaptureMessage|reaction_added event).*database is locked")
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


def test_a_save_that_meets_a_locked_database_waits_and_the_saver_hears_only_that_it_was_saved(fake, server, slack):
    """`tipjar import` holds SQLite's write lock for longer than the busy timeout (5 s) just as a reaction is
    processed: the save waits for the lock to go, and nobody is told that nothing was saved."""
    fake.post("C-GOLIVE", "1800000302.000100", "U-DEV", "Downtime labels print from Reports > Downtime > Labels")
    fake.hang("conversations.history", 1.0)
    body = event_callback(reaction_added("U-JO", "bulb", "C-GOLIVE", "1800000302.000100", "U-DEV"))
    assert slack.post("/slack/events", *body)[0] == 200
    wait_until(lambda: fake.calls_to("conversations.history"), what="processing to begin")
    importer = sqlite3.connect(server.workdir / "tipjar.db", isolation_level=None)
    importer.execute("BEGIN IMMEDIATE")
    try:  # held until the save has given up on the lock (the log says so), then let go at once
        wait_until(lambda: SAVE_GAVE_UP.search(server.log()), timeout=40, what="the save to meet the lock")
    finally:
        importer.rollback()
    importer.close()
    tip = server.wait_for_tip("C-GOLIVE", "1800000302.000100", timeout=30)
    assert tip.savers == ["U-JO"]
    def told() -> list[str]:
        return [c["text"] for c in fake.calls_to("chat.postEphemeral") if c["user"] == "U-JO"]
    # The note follows the commit that made the tip visible: wait for it rather than race it.
    wait_until(lambda: [text for text in told() if "tip #" in text], what="the note to Jo that it was saved")
    assert not [text for text in told() if "database" in text], told()
