"""Patient data over real HTTP: a reaction on a message with an MRN stores only the redacted text (checked in
the database file's bytes and the full-text tables), the saver and the author are told privately, and a
deletion leaves no trace in the file once the erasure is done."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.e2e.slack.conftest import wait_until
from tests.e2e.slack.signing import button, block_actions, event_callback, message_deleted, message_shortcut, reaction_added

MRN = "00482913"
NAME = "Quintanilla"
WRAPPED = f"bed 12, Mr {NAME}, MRN {MRN}, DOB 3/14/1951: the BCMA scan failed, reprint the Zebra band"


def database_bytes(server) -> bytes:
    """The SQLite file and whatever sits beside it (write-ahead log, shared memory)."""
    path = Path(server.database_url.removeprefix("sqlite:///"))
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def fts_rows(server, word: str) -> list:
    path = server.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return db.execute("SELECT rowid FROM tip_fts WHERE tip_fts MATCH ?", (f'"{word}"',)).fetchall()


def fts_terms(server) -> set[str]:
    """Every term the full-text index holds, read through an fts5vocab table of a private copy."""
    path = server.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as source, sqlite3.connect(":memory:") as copy:
        source.backup(copy)
        copy.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, tip_fts, row)")
        return {term for (term,) in copy.execute("SELECT term FROM temp.terms")}


def test_a_reaction_stores_the_redacted_text_only_and_both_people_are_told(fake, server, slack):
    fake.post("C-GOLIVE", "1800000101.000100", "U-DEV", WRAPPED)
    slack.post("/slack/events", *event_callback(reaction_added("U-MARIA", "bulb", "C-GOLIVE", "1800000101.000100", "U-DEV")))
    tip = server.wait_for_tip("C-GOLIVE", "1800000101.000100")
    assert tip.text == "[ROOM], Mr [NAME], MRN [MRN], DOB [DATE]: the BCMA scan failed, reprint the Zebra band"
    wait_until(server.drained, what="the inbox to drain")
    stored = database_bytes(server)
    assert MRN.encode() not in stored and NAME.encode() not in stored and b"3/14/1951" not in stored
    assert fts_rows(server, "zebra") and not fts_rows(server, MRN) and not fts_rows(server, NAME.lower())
    assert MRN not in fts_terms(server) and NAME.lower() not in fts_terms(server)
    notes = wait_until(lambda: [c for c in fake.calls_to("chat.postEphemeral") if "patient details" in c["text"]],
                       what="the private notes")
    assert {note["user"] for note in notes} == {"U-MARIA", "U-DEV"}
    assert all("a name, a record number and a date" in note["text"] or "a room or bed number" in note["text"]
               for note in notes)
    (record,) = [r for r in server.export() if r["message_id"] == "1800000101.000100"]
    assert record["redacted"] == ["ROOM", "NAME", "MRN", "DATE"]


def test_the_shortcut_payload_with_the_raw_text_does_not_stay_in_the_file(fake, server, slack):
    words = f"FIN 55120934 for Mrs Vandersloot: the Zebra band printer needs a reset"
    fake.post("C-GOLIVE", "1800000102.000100", "U-SAM", words)
    body = message_shortcut("save_tip", user_id="U-JO", user_name="jo", channel_id="C-GOLIVE", channel_name="emr-go-live",
                            message_ts="1800000102.000100", message_user="U-SAM", message_text=words,
                            response_url=fake.response_url("phi-shortcut"), trigger_id="trigger-phi")
    assert slack.post("/slack/events", *body)[0] == 200
    server.wait_for_tip("C-GOLIVE", "1800000102.000100")
    wait_until(server.drained, what="the inbox to drain")
    stored = database_bytes(server)
    assert b"55120934" not in stored and b"Vandersloot" not in stored


def test_deleting_from_the_note_erases_every_trace(fake, server, slack):
    secret = "Pemberton-Quayle"
    fake.post("C-GOLIVE", "1800000103.000100", "U-DEV", f"pt {secret} in rm 4: Rover scanner pairs from Settings")
    slack.post("/slack/events", *event_callback(reaction_added("U-JO", "bulb", "C-GOLIVE", "1800000103.000100", "U-DEV")))
    tip = server.wait_for_tip("C-GOLIVE", "1800000103.000100")
    assert "Rover" in tip.text and fts_rows(server, "rover")
    value = json.dumps({"tip_id": tip.id})
    body = block_actions([button("tipjar_erase_tip", value)], user_id="U-SAM", user_name="sam", channel_id="C-GOLIVE",
                         message_ts="1800000103.000200", response_url=fake.response_url("erase-refused"), is_ephemeral=True,
                         trigger_id="trigger-erase-refused")
    slack.post("/slack/events", *body)
    (refused,) = wait_until(lambda: fake.responses("erase-refused"), what="the refusal")
    assert "Only the tip's author" in refused["text"] and not server.tip("C-GOLIVE", "1800000103.000100").deleted
    body = block_actions([button("tipjar_erase_tip", value)], user_id="U-JO", user_name="jo", channel_id="C-GOLIVE",
                         message_ts="1800000103.000200", response_url=fake.response_url("erase-1"), is_ephemeral=True,
                         trigger_id="trigger-erase-1")
    slack.post("/slack/events", *body)
    (said,) = wait_until(lambda: fake.responses("erase-1"), what="the deletion's answer")
    assert f"Deleted tip #{tip.id}" in said["text"]
    server.wait_for_tip("C-GOLIVE", "1800000103.000100", lambda t: t.deleted and t.text == "")
    wait_until(server.drained, what="the inbox to drain")
    assert b"Rover scanner pairs" not in database_bytes(server) and not fts_rows(server, "rover")
    assert "rover" not in fts_terms(server)


def test_a_deleted_message_leaves_no_trace_in_the_file(fake, server, slack):
    words = "Glucometer Kestrel docks only with the grey cable, not the white one"
    fake.post("C-GOLIVE", "1800000104.000100", "U-DEV", words)
    slack.post("/slack/events", *event_callback(reaction_added("U-JO", "bulb", "C-GOLIVE", "1800000104.000100", "U-DEV")))
    server.wait_for_tip("C-GOLIVE", "1800000104.000100")
    assert b"Kestrel" in database_bytes(server) and "kestrel" in fts_terms(server)
    slack.post("/slack/events", *event_callback(message_deleted("C-GOLIVE", "1800000104.000100", "U-DEV", words)))
    server.wait_for_tip("C-GOLIVE", "1800000104.000100", lambda t: t.deleted)
    wait_until(server.drained, what="the inbox to drain")
    assert b"Kestrel" not in database_bytes(server) and "kestrel" not in fts_terms(server)


def test_a_posted_digest_is_rendered_again_without_an_erased_tip(fake, server, slack):
    from datetime import datetime, timezone

    words = "Nightingale pumps: prime the secondary line before you hang it"
    fake.post("C-GOLIVE", "1800000105.000100", "U-DEV", words)
    slack.post("/slack/events", *event_callback(reaction_added("U-JO", "bulb", "C-GOLIVE", "1800000105.000100", "U-DEV")))
    server.wait_for_tip("C-GOLIVE", "1800000105.000100")
    week = datetime.now(timezone.utc).strftime("%G-W%V")
    assert "posted to C-TRAINERS" in server.run("digest", "send", "--period", week).stdout
    (digest,) = [m for m in fake.messages["C-TRAINERS"].values() if "Nightingale" in json.dumps(m)]
    updates_before = len(fake.calls_to("chat.update"))
    slack.post("/slack/events", *event_callback(message_deleted("C-GOLIVE", "1800000105.000100", "U-DEV", words)))
    update = wait_until(lambda: [c for c in fake.calls_to("chat.update")[updates_before:] if c["ts"] == digest["ts"]],
                        what="the digest to be rendered again")[-1]
    assert "Nightingale" not in json.dumps(update) and "Nightingale" not in json.dumps(fake.messages["C-TRAINERS"])
