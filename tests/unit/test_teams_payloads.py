"""Every Teams payload parser against arbitrary JSON: a clear Malformed (or PostedByApp), never another error."""
from __future__ import annotations

from datetime import datetime, timezone

from hypothesis import HealthCheck, given, settings, strategies as st

from adapters.teams import translate
from adapters.teams import mentions
from adapters.teams import audience
from adapters.teams.saved import saved_message
from tests.e2e.teams.activities import (card_click, deleted, edited, in_channel, mention, message_payload, reaction,
                                        save_as_tip)

URL = "https://smba.trafficmanager.net/amer/"
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
                    max_leaves=12)
TEMPLATES = [mention(URL, "maria", "tip Hold F12"), save_as_tip(URL, "jo", message_payload("dev", "<p>x</p>")),
             card_click(URL, "jo", "17", "tipjar_review_approve", {"tip_id": 1}), reaction(URL, "sam", "18"),
             edited(URL, "dev", "19", "<p>new</p>", in_channel()), deleted(URL, "dev", "20")]
KEYS = ["type", "id", "text", "from", "conversation", "channelData", "value", "replyToId", "serviceUrl", "recipient",
        "membersAdded", "reactionsAdded", "reactionsRemoved", "name", "action", NARROWED := translate.NARROWED]
PATHS = [("conversation", "id"), ("conversation", "conversationType"), ("channelData", "team"),
         ("channelData", "channel"), ("channelData", "tenant"), ("conversation", "tenantId"), ("value", "messagePayload"), ("value", "action"),
         ("value", "data"), ("from", "aadObjectId")]


def changed(template: dict, top: dict, nested: list) -> dict:
    activity = {**template, **top}
    for (outer, inner), value in nested:
        if isinstance(activity.get(outer), dict):
            activity[outer] = {**activity[outer], inner: value}
    return activity


def every_parser(activity: dict) -> None:
    translate.classify(activity)
    for parse in (translate.where, translate.event_key, translate.person, translate.viewer, lambda a: translate.conversations(a, NOW), translate.bot_was_added,
                  mentions.command_text, translate.edits, translate.deletions, lambda a: translate.ask(a, "x"), lambda a: translate.submit_tip(a, "x", []),
                  lambda a: saved_message(a, []), translate.reactions, translate.card_action, translate.narrowed,
                  translate.channel_type, translate.tenant,
                  lambda a: [audience.reads_tenant_public(c) for c in translate.conversations(a, NOW)]):
        try:
            parse(activity)
        except (translate.Malformed, translate.PostedByApp):
            pass


@settings(max_examples=300, deadline=500, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TEMPLATES), st.dictionaries(st.sampled_from(KEYS), JSON, max_size=4),
       st.lists(st.tuples(st.sampled_from(PATHS), JSON), max_size=3))
def test_any_json_in_any_field_gives_a_result_or_malformed(template, top, nested):
    every_parser(changed(template, top, nested))


@settings(max_examples=100, deadline=500)
@given(st.dictionaries(st.text(max_size=12), JSON, max_size=6))
def test_any_json_object_gives_a_result_or_malformed(activity):
    every_parser(activity)
