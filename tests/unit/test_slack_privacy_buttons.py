"""The values on Tipjar's Delete and "save it" buttons come back from Slack as outside input: any value gives
a request or None, never an exception."""
from __future__ import annotations

import json

from hypothesis import given, settings, strategies as st

from adapters.slack import translate
from bot.model import Origin

values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                          st.sampled_from(["tip_id", "channel", "ts", "saver", "origin", "trigger", "text", "home", "x"]),
                          inner, max_size=6), max_leaves=10)


def clicked(value) -> dict:
    raw = value if isinstance(value, str) else json.dumps(value)
    return {"actions": [{"value": raw}], "user": {"id": "U1"}}


@settings(max_examples=300, deadline=500)
@given(values | st.text(max_size=60))
def test_any_button_value_gives_a_request_or_none(value):
    tip_id = translate.tip_id_on_button(clicked(value))
    assert tip_id is None or (isinstance(tip_id, int) and tip_id > 0)
    held = translate.held_request(clicked(value))
    assert held is None or (held.channel and (bool(held.trigger and held.text) or bool(held.ts and held.saver)))


def test_the_values_tipjar_puts_on_its_buttons_are_read_back():
    assert translate.tip_id_on_button(clicked({"tip_id": 7, "home": True})) == 7
    assert translate.tip_id_on_button(clicked({"tip_id": True})) is None and translate.tip_id_on_button(clicked({"tip_id": "7"})) is None
    held = translate.held_request(clicked({"channel": "C1", "ts": "1.2", "saver": "U2", "origin": "shortcut"}))
    assert (held.channel, held.ts, held.saver, held.origin) == ("C1", "1.2", "U2", Origin.SHORTCUT)
    tip = translate.held_request(clicked({"channel": "C1", "trigger": "T9", "text": "Ring 608-555-0143"}))
    assert (tip.trigger, tip.text) == ("T9", "Ring 608-555-0143")
    assert translate.held_request(clicked({"channel": "C1", "ts": "1.2", "saver": "U2", "origin": "telepathy"})) is None


shapes = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                          st.sampled_from(["subtype", "ts", "files", "mode", "name", "id", "text", "message",
                                           "previous_message", "channel", "event", "permalink", "size"]),
                          inner, max_size=6), max_leaves=12)


@settings(max_examples=300, deadline=500)
@given(shapes)
def test_any_edit_event_gives_a_deletion_files_or_none(event):
    body = {"team_id": "T1", "event": event}
    deleted = translate.tombstone(body)
    assert deleted is None or (deleted.ref.message_id and isinstance(deleted.ref.channel_id, str))
    if isinstance(event, dict):
        files = translate.files_after_edit(event)
        assert files is None or isinstance(files, tuple)
    kept = translate.stored_form(event if isinstance(event, dict) else {"type": "block_actions", "x": event})
    assert not {"message", "view", "state"} & kept.keys() or kept.get("type") != "block_actions"


def test_a_tombstone_is_a_deletion_and_a_removed_file_is_gone():
    event = {"channel": "C1", "message": {"subtype": "tombstone", "ts": "1.2", "text": "This message was deleted."}}
    assert translate.tombstone({"team_id": "T1", "event": event}).ref.message_id == "1.2"
    assert translate.tombstone({"team_id": "T1", "event": {"channel": "C1", "message": {"ts": "1.2"}}}) is None
    removed = {"message": {"files": [{"id": "F1", "mode": "tombstone"}]}, "previous_message": {"files": [{"id": "F1", "name": "a.png"}]}}
    assert translate.files_after_edit(removed) == () and translate.files_after_edit({"message": {"text": "x"}}) is None
    click = {"type": "block_actions", "message": {"blocks": ["words"]}, "view": {"blocks": []}, "actions": [{"value": "{}"}]}
    assert translate.stored_form(click) == {"type": "block_actions", "actions": [{"value": "{}"}]}
