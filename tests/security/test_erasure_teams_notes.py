"""Erasure and the private notes on Teams: when patient details are removed from a capture, the saver and the
author each get a one-to-one note that quotes the stored tip text. Those notes are persistent chat messages:
when the tip is erased they must be replaced by "[removed]" like the tip's card."""
from __future__ import annotations

from tests.e2e.slack.conftest import wait_until
from tests.e2e.teams import activities
from tests.e2e.teams.conftest import connector, own_requests, teams  # noqa: F401 (fixtures)
from tests.e2e.teams.test_conversations import card_text
from tests.e2e.teams.test_gaps import private_notes
from tests.e2e.teams.test_patient_data import MRN, notes_for, saved_card


def test_the_private_redaction_notes_quoting_an_erased_tip_are_replaced(teams, connector):
    before = len(private_notes(connector))
    _, card = saved_card(teams, connector, f"<p>Patient MRN {MRN}: Wrenfield ventilator alarm resets from the side panel</p>")
    tip = teams.wait_for_teams_tip(lambda t: "Wrenfield" in t.text)
    notes = notes_for(connector, before, {"aad-maria", "aad-dev"})
    assert all("Wrenfield ventilator" in card_text(note) for note in notes.values()), "each note quotes the tip"
    note_ids = {r.answer["activityId"] for r in private_notes(connector)[before:]}
    activities.post(teams.url, activities.card_click(connector.url, "maria", card.answer["id"], "tipjar_erase_tip",
                                                     {"tip_id": tip.id}, where=activities.in_channel()))
    connector.wait_for(lambda r: r.method == "PUT" and r.activity_id == card.answer["id"])
    wait_until(lambda: all(t.id != tip.id for t in teams.teams_tips()), 10, "the tip to be erased")
    wait_until(teams.drained, 10, "the inbox to drain")
    replaced = {r.activity_id for r in connector.requests if r.method == "PUT"}
    assert note_ids <= replaced, (f"private notes {sorted(note_ids - replaced)} still quote the erased tip's words "
                                  "in the saver's and the author's one-to-one chats")
