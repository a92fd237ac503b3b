"""Slack payloads to core commands: pure translation."""
from __future__ import annotations

from adapters.slack import translate
from adapters.slack.translate import ChannelInfo
from bot.model import Origin, Visibility


def test_event_keys_make_retries_collide_and_requests_distinct():
    assert translate.event_key({"event_id": "Ev1", "event": {}}) == "Ev1"
    assert translate.event_key({"command": "/tip", "trigger_id": "tr-1"}) == "/tip:tr-1"
    assert translate.event_key({"type": "block_actions", "trigger_id": "tr-2"}) == "block_actions:tr-2"


def test_a_thread_reply_keeps_its_thread_and_private_channels_stay_private():
    message = {"ts": "1800000000.000200", "thread_ts": "1800000000.000100", "user": "U-SAM", "text": "Use Refresh"}
    channel = ChannelInfo("G-PHARM", "pharmacy", private=True)
    source = translate.message_source("T1", channel, message, "Sam Okafor", "https://x/p1")
    command = translate.capture(source, message, "U-JO", channel, Origin.SHORTCUT)
    assert source.thread_id == "1800000000.000100" and source.author.name == "Sam Okafor"
    assert command.visibility is Visibility.PRIVATE and command.origin is Origin.SHORTCUT
    assert source.posted_at.year == 2027


def test_a_thread_parent_is_not_its_own_thread():
    message = {"ts": "1.1", "thread_ts": "1.1", "user": "U1", "text": "parent"}
    assert translate.message_source("T1", ChannelInfo("C1", "c", False), message, "", "").thread_id is None


def test_edits_deletes_and_votes_name_the_source():
    edited = {"team_id": "T1", "event": {"channel": "C1", "message": {"ts": "1.2", "text": "new"}}}
    assert translate.edit(edited).ref.message_id == "1.2" and translate.edit(edited).text == "new"
    deleted = {"team_id": "T1", "event": {"channel": "C1", "deleted_ts": "1.3"}}
    assert translate.delete(deleted).ref.message_id == "1.3"
    removed = {"team_id": "T1", "event": {"user": "U2", "item": {"channel": "C1", "ts": "1.4"}}}
    assert translate.remove_vote(removed).saver_id == "U2" and translate.remove_vote(removed).ref.channel_id == "C1"


def test_button_values_that_are_not_ours_are_ignored():
    assert translate.action_value({"actions": [{"value": "not json"}]}) == {}
    assert translate.action_value({"actions": [{"value": "[1, 2]"}]}) == {}
    assert translate.feedback({"actions": [{"value": '{"question_id": 5}'}], "user": {"id": "U1"}}, True).question_id == 5
