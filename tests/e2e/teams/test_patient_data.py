"""Patient data through the real Teams adapter: "Save as tip" on a message with an MRN stores only the
redacted text (the database file's bytes and the full-text tables), and "Delete tip" on the card erases the
tip everywhere and replaces the card with "[removed]"."""
from __future__ import annotations

from tests.e2e.slack.conftest import wait_until
from tests.e2e.slack.test_patient_data import database_bytes, fts_rows, fts_terms
from tests.e2e.teams import activities as a
from tests.e2e.teams.test_conversations import card_text, count_to, sent_to

MRN = "00719346"
NAME = "Okonkwo-Hale"


def saved_card(teams, connector, html: str, saver: str = "maria"):
    payload = a.message_payload("dev", html)
    before = count_to(connector, a.GENERAL["id"])
    status, _ = a.post(teams.url, a.save_as_tip(connector.url, saver, payload))
    assert status == 200
    (card,) = sent_to(connector, a.GENERAL["id"], before)
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
    assert "removed a name and a record number" in said or "removed a record number and a name" in said
    assert "patient details removed" in said


def test_delete_on_the_card_erases_the_tip_and_replaces_the_card(teams, connector):
    payload, card = saved_card(teams, connector, "<p>Capnography Heron module reseats with a firm click</p>")
    tip = teams.wait_for_teams_tip(lambda tip: "Heron" in tip.text)
    card_id = card.answer["id"]
    a.post(teams.url, a.card_click(connector.url, "sam", card_id, "tipjar_erase_tip", {"tip_id": tip.id},
                                   where=a.in_channel()))
    wait_until(teams.drained, 10, "the refused click to be handled")
    assert any(t.id == tip.id for t in teams.teams_tips()), "Sam neither wrote nor saved it"
    a.post(teams.url, a.card_click(connector.url, "maria", card_id, "tipjar_erase_tip", {"tip_id": tip.id},
                                   where=a.in_channel()))
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
