"""Patient data through the real Teams adapter: "Save as tip" on a message with an MRN stores only the
redacted text (the database file's bytes and the full-text tables), the saver and the author hear what was
removed in their one-to-one chats, and "Delete tip" (on the card or in that note) erases the tip everywhere and
replaces the card with "[removed]"."""
from __future__ import annotations

from tests.e2e.slack.conftest import wait_until
from tests.e2e.slack.test_patient_data import database_bytes, fts_rows, fts_terms
from tests.e2e.teams import activities
from tests.e2e.teams.test_conversations import card_text, count_to, sent_to
from tests.e2e.teams.test_gaps import private_notes

MRN = "00719346"
NAME = "Okonkwo-Hale"


def saved_card(teams, connector, html: str, saver: str = "maria"):
    payload = activities.message_payload("dev", html)
    before = count_to(connector, activities.GENERAL["id"])
    status, _ = activities.post(teams.url, activities.save_as_tip(connector.url, saver, payload))
    assert status == 200
    (card,) = sent_to(connector, activities.GENERAL["id"], before)
    return payload, card


def test_save_as_tip_stores_the_redacted_text_only_and_the_card_says_so(teams, connector):
    payload, card = saved_card(teams, connector, f"<p>MRN {MRN} for Mrs {NAME}: Alaris pump channel B is locked</p>")
    tip = teams.wait_for_teams_tip(lambda tip: "Alaris" in tip.text)
    assert tip.text == "MRN [MRN] for Mrs [NAME]: Alaris pump channel B is locked"
    wait_until(teams.drained, 10, "the inbox to drain")
    stored = database_bytes(teams)
    assert MRN.encode() not in stored and NAME.encode() not in stored
    assert fts_rows(teams, "alaris") and MRN not in fts_terms(teams) and "okonkwo" not in fts_terms(teams)
    said = card_text(card.body)
    assert "patient details removed" in said and "record number" not in said and MRN not in said


def notes_for(connector, before: int, people: set[str]) -> dict[str, dict]:
    """The one-to-one notes sent since the first `before`, by person, once each of `people` has one."""
    def arrived():
        notes = {note.body["members"][0]["id"]: note.body["activity"] for note in private_notes(connector)[before:]}
        return notes if people <= set(notes) else None
    return wait_until(arrived, 15, f"private notes to {sorted(people)}")


def test_the_saver_and_the_author_are_told_privately_what_was_removed_with_a_delete(teams, connector):
    before = len(private_notes(connector))
    payload, card = saved_card(teams, connector, f"<p>Patient MRN {MRN}: Sigma pump needs a cold restart</p>")
    tip = teams.wait_for_teams_tip(lambda tip: "Sigma pump" in tip.text)
    notes = notes_for(connector, before, {"aad-maria", "aad-dev"})
    assert set(notes) == {"aad-maria", "aad-dev"}, "one note each, to the saver and to the author"
    for note in notes.values():
        said = card_text(note)
        assert f"tip #{tip.id}" in said and "removed a record number (patient details)" in said and MRN not in said
        (delete,) = note["attachments"][0]["content"]["actions"]
        assert delete["verb"] == "tipjar_erase_tip" and delete["data"] == {"tip_id": tip.id}
    assert "record number" not in card_text(card.body) and "patient details removed" in card_text(card.body)
    activities.post(teams.url, activities.card_click(connector.url, "dev", connector.new_conversation_id, "tipjar_erase_tip",
                                   {"tip_id": tip.id}, where=activities.in_personal_chat("dev")))
    wait_until(lambda: all(t.id != tip.id for t in teams.teams_tips()), 10, "the author's Delete in the 1:1 chat")
    replaced = connector.wait_for(lambda r: r.method == "PUT" and r.activity_id == card.answer["id"])
    assert card_text(replaced.body).strip() == "[removed]"


def test_a_refused_private_note_still_leaves_the_tip_saved(teams, connector):
    connector.refuse_private("aad-jo")
    before = len(private_notes(connector))
    failed = len([r for r in connector.requests if r.status == 403])
    saved_card(teams, connector, f"<p>MRN {MRN}: Rosette label printer needs the blue ribbon</p>", saver="jo")
    tip = teams.wait_for_teams_tip(lambda tip: "Rosette" in tip.text)
    assert tip.text == "MRN [MRN]: Rosette label printer needs the blue ribbon"
    assert set(notes_for(connector, before, {"aad-dev"})) == {"aad-dev"}, "the author still hears, Jo cannot"
    wait_until(lambda: len([r for r in connector.requests if r.status == 403]) > failed, 10, "Jo's refusal")
    wait_until(teams.drained, 10, "the inbox to drain")
    assert any(t.id == tip.id for t in teams.teams_tips())
    log = teams.log()
    assert f"redaction note for tip {tip.id} not delivered" in log
    assert "Rosette" not in log and MRN not in log


def test_delete_on_the_card_erases_the_tip_and_replaces_the_card(teams, connector):
    payload, card = saved_card(teams, connector, "<p>Capnography Heron module reseats with a firm click</p>")
    tip = teams.wait_for_teams_tip(lambda tip: "Heron" in tip.text)
    card_id = card.answer["id"]
    activities.post(teams.url, activities.card_click(connector.url, "sam", card_id, "tipjar_erase_tip", {"tip_id": tip.id},
                                   where=activities.in_channel()))
    wait_until(teams.drained, 10, "the refused click to be handled")
    assert any(t.id == tip.id for t in teams.teams_tips()), "Sam neither wrote nor saved it"
    activities.post(teams.url, activities.card_click(connector.url, "maria", card_id, "tipjar_erase_tip", {"tip_id": tip.id},
                                   where=activities.in_channel()))
    replaced = connector.wait_for(lambda r: r.method == "PUT" and r.activity_id == card_id)
    assert card_text(replaced.body) .strip() == "[removed]"
    wait_until(lambda: all(t.id != tip.id for t in teams.teams_tips()), 10, "the tip to be erased")
    wait_until(teams.drained, 10, "the inbox to drain")
    assert b"Heron module" not in database_bytes(teams) and "heron" not in fts_terms(teams)


def test_purge_from_the_command_line_replaces_the_card_too(teams, connector):
    payload, card = saved_card(teams, connector, "<p>Kingfisher glucometers sync when docked for a minute</p>")
    tip = teams.wait_for_teams_tip(lambda tip: "Kingfisher" in tip.text)
    wait_until(teams.drained, 10, "the inbox to drain")
    dry = teams.run("purge", "--tip", str(tip.id), "--dry-run").stdout
    assert f"tip {tip.id}: would be erased" in dry and "teams: would replace 1 bot messages" in dry
    done = teams.run("purge", "--tip", str(tip.id)).stdout
    assert "teams: 1 bot messages replaced by [removed]" in done, done
    replaced = connector.wait_for(lambda r: r.method == "PUT" and r.activity_id == card.answer["id"])
    assert card_text(replaced.body).strip() == "[removed]"
    assert b"Kingfisher" not in database_bytes(teams)
