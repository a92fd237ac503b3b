"""How redaction, holds and erasures read on each surface (pure renderers)."""
from __future__ import annotations

from datetime import datetime, timezone

from adapters.console import render as console
from adapters.slack import render as slack
from adapters.teams import render as teams
from bot.model import Origin, Tip, Visibility
from bot.replies import Erased, HeldForAuthor, TipSaved
from tests.unit.conftest import make_source

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)


def redacted_tip() -> Tip:
    return Tip(make_source(), "MRN [MRN] will not scan", Visibility.PUBLIC, Origin.REACTION, NOW, id=9,
               savers=["U-JO"], redacted=["MRN"])


def test_the_saver_is_told_what_went_with_a_way_to_delete():
    message = slack.render(TipSaved(redacted_tip(), created=True, removed=("MRN",)))
    assert "removed a record number (patient details)" in message["text"]
    (delete,) = message["blocks"][1]["elements"]
    assert delete["action_id"] == "tipjar_erase_tip" and delete["value"] == '{"tip_id": 9}'
    assert "removed a record number" in " ".join(console.render(TipSaved(redacted_tip(), created=True, removed=("MRN",))))
    saved = TipSaved(redacted_tip(), created=True, removed=("MRN",))
    card, note = teams.render(saved), teams.redaction_note(saved)
    assert "removed a record number" not in str(card) and "patient details removed" in str(card)
    assert "removed a record number" in str(note) and "tipjar_erase_tip" in str(note)


def test_the_marker_shows_beside_a_redacted_tip():
    assert slack.credit(redacted_tip()).endswith("· patient details removed")
    assert teams.credit(redacted_tip()).endswith("· patient details removed")
    assert console.credit(redacted_tip()).endswith("· patient details removed")


def test_a_hold_prompt_carries_what_is_needed_to_save_it_later():
    held = HeldForAuthor(make_source(), "MRN 00482913 will not scan", "U-JO", ("MRN",), Origin.REACTION)
    prompt = slack.render(held)
    assert "Nothing has been stored" in prompt["text"]
    assert prompt["blocks"][1]["elements"][0]["value"] == (
        '{"channel": "C-GENERAL", "ts": "1700000000.000100", "saver": "U-JO", "origin": "reaction"}')
    too_long = HeldForAuthor(make_source("tip-T1"), "x" * 2500, "U-MARIA", ("NAME",), Origin.COMMAND)
    said = slack.render(too_long)
    assert "blocks" not in said and "post it again without them" in said["text"]


def test_an_erasure_is_confirmed_and_cards_are_replaced():
    assert slack.render(Erased((4,)))["text"] == "Deleted tip #4: its words were erased from Tipjar."
    assert slack.render(Erased(()))["text"] == "That tip was already deleted."
    assert slack.removed_message()["text"] == teams.removed_card()["summary"] == "[removed]"
