"""Erasure through Slack edits. When the author deletes a message that has thread replies, Slack keeps a "tombstone" in its
place and sends no message_deleted, but a message_changed whose message has subtype "tombstone" and the text
"This message was deleted.". Tipjar reads that as an edit: the tip goes on living with the placeholder as its
text and the deleted words as its previous text, instead of being erased as a deleted source is. An edit that removes a file is not followed either."""
from __future__ import annotations

from tests.e2e.slack.conftest import fake, server, slack, clean_slate, wait_until  # noqa: F401 (fixtures)
from tests.e2e.slack.signing import event_callback, message_changed, reaction_added
from tests.e2e.slack.test_patient_data import database_bytes

WORDS = "Ospreyfield telemetry: pair the pack from the central station, not the bedside"
TS = "1800000405.000100"


def test_deleting_a_thread_parent_erases_its_tip(fake, server, slack):
    fake.post("C-GOLIVE", TS, "U-DEV", WORDS)
    slack.post("/slack/events", *event_callback(reaction_added("U-JO", "bulb", "C-GOLIVE", TS, "U-DEV")))
    server.wait_for_tip("C-GOLIVE", TS)
    tombstone = message_changed("C-GOLIVE", TS, "U-DEV", "This message was deleted.", WORDS)
    tombstone["message"] |= {"subtype": "tombstone", "hidden": True, "reply_count": 2, "thread_ts": TS}
    tombstone["message"].pop("edited")
    slack.post("/slack/events", *event_callback(tombstone))
    wait_until(server.drained, what="the inbox to drain")
    tip = server.tip("C-GOLIVE", TS)
    assert tip.deleted and not tip.text and not tip.previous_text, (
        f"the author deleted the message; the tip is {'deleted' if tip.deleted else 'live'} with text "
        f"{tip.text!r} and previous text {tip.previous_text!r}")
    assert b"Ospreyfield" not in database_bytes(server)


def test_a_file_the_author_removed_from_the_message_leaves_the_tip(fake, server, slack):
    """The author removes an attachment (a photo named after a patient) from a saved message: Slack sends a
    message_changed whose file is a tombstone and whose text is unchanged. The tip keeps the file's name and
    link, since an edit is only ever read for its text."""
    ts = "1800000406.000100"
    photo = {"id": "F0WRIST", "name": "Quillbrackenmoor-wristband.jpg", "title": "wristband", "mimetype": "image/jpeg",
             "filetype": "jpg", "size": 48_000, "permalink": "https://stmarys.slack.com/files/U-DEV/F0WRIST/Quillbrackenmoor-wristband.jpg"}
    words = "Wristband printer: the new labels go in label side down"
    fake.post("C-GOLIVE", ts, "U-DEV", words, files=[photo])
    slack.post("/slack/events", *event_callback(reaction_added("U-JO", "bulb", "C-GOLIVE", ts, "U-DEV")))
    assert server.wait_for_tip("C-GOLIVE", ts).source.files
    removed = message_changed("C-GOLIVE", ts, "U-DEV", words, words)
    removed["message"]["files"] = [{"id": "F0WRIST", "mode": "tombstone"}]
    removed["previous_message"]["files"] = [photo]
    slack.post("/slack/events", *event_callback(removed))
    wait_until(server.drained, what="the inbox to drain")
    tip = server.tip("C-GOLIVE", ts)
    assert not tip.source.files, f"the tip still names the removed file: {tip.source.files}"
