"""Capture over real HTTP: reactions, the shortcut, /tip, edits and deletes, retries and Web API trouble."""
from __future__ import annotations

from tests.e2e.slack.conftest import wait_until
from tests.e2e.slack.signing import (
    event_callback, message_changed, message_deleted, message_shortcut, reaction_added, reaction_removed, slash_command,
)

SCANNER = "Scanner frozen? Undock it, hold the trigger 10 seconds, dock it again. <!channel>"


def react(slack, user, channel, ts, emoji="bulb", author="U-DEV", **envelope):
    return slack.post("/slack/events", *event_callback(reaction_added(user, emoji, channel, ts, author), **envelope))


def test_a_reaction_saves_the_message_with_its_author_link_and_privacy(fake, server, slack):
    fake.post("C-GOLIVE", "1800000001.000100", "U-DEV", SCANNER)
    status, _, _ = react(slack, "U-MARIA", "C-GOLIVE", "1800000001.000100")
    assert status == 200
    tip = server.wait_for_tip("C-GOLIVE", "1800000001.000100")
    assert tip.text == SCANNER and tip.savers == ["U-MARIA"] and tip.visibility.value == "public"
    assert tip.source.author.name == "Dev Patel" and tip.source.channel_name == "emr-go-live"
    assert tip.source.permalink.startswith("https://") and "p1800000001000100" in tip.source.permalink
    history = [c for c in fake.calls_to("conversations.history") if c.get("latest") == "1800000001.000100"]
    assert history and history[0]["inclusive"] in ("true", "1", True) and str(history[0]["limit"]) == "1"
    (note,) = [c for c in wait_until(lambda: fake.calls_to("chat.postEphemeral"), what="a confirmation")
               if c["user"] == "U-MARIA" and "tip #" in c["text"]]
    assert note["channel"] == "C-GOLIVE" and "Saved as tip" in note["text"]


def test_a_reaction_on_a_thread_reply_finds_it_in_the_thread(fake, server, slack):
    fake.post("C-GOLIVE", "1800000002.000100", "U-MARIA", "Anyone know the discharge vitals trick?")
    fake.post("C-GOLIVE", "1800000002.000200", "U-SAM", "Use Refresh in the note toolbar", thread_ts="1800000002.000100")
    react(slack, "U-JO", "C-GOLIVE", "1800000002.000200", emoji="pushpin")
    tip = server.wait_for_tip("C-GOLIVE", "1800000002.000200")
    assert tip.text == "Use Refresh in the note toolbar" and tip.source.thread_id == "1800000002.000100"
    assert any(c.get("ts") == "1800000002.000200" for c in fake.calls_to("conversations.replies"))


def test_second_saver_retry_and_removed_reaction(fake, server, slack):
    fake.post("C-GOLIVE", "1800000003.000100", "U-DEV", "Home meds: Chart Review > Meds > Prior to Admission")
    react(slack, "U-MARIA", "C-GOLIVE", "1800000003.000100")
    body = event_callback(reaction_added("U-SAM", "bookmark", "C-GOLIVE", "1800000003.000100", "U-DEV"), event_id="EvRETRY1")
    assert slack.post("/slack/events", *body)[0] == 200
    retry = slack.post("/slack/events", *body, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert retry[0] == 200
    server.wait_for_tip("C-GOLIVE", "1800000003.000100", lambda tip: tip.votes == 2)
    wait_until(server.drained, what="the inbox to drain")
    notes = [c for c in fake.calls_to("chat.postEphemeral") if c["user"] == "U-SAM" and "tip #" in c["text"]]
    assert len(notes) == 1, "a retried event is processed once"
    slack.post("/slack/events", *event_callback(reaction_removed("U-SAM", "bookmark", "C-GOLIVE", "1800000003.000100", "U-DEV")))
    server.wait_for_tip("C-GOLIVE", "1800000003.000100", lambda tip: tip.savers == ["U-MARIA"])


def test_other_emojis_and_bots_save_nothing(fake, server, slack):
    fake.post("C-GOLIVE", "1800000004.000100", "U-DEV", "lunch is here")
    assert react(slack, "U-MARIA", "C-GOLIVE", "1800000004.000100", emoji="tada")[0] == 200
    assert react(slack, "U-ROBOT", "C-GOLIVE", "1800000004.000100")[0] == 200
    wait_until(server.drained, what="the inbox to drain")
    assert server.tip("C-GOLIVE", "1800000004.000100") is None


def test_edit_follows_the_source_and_delete_removes_it(fake, server, slack):
    fake.post("C-GOLIVE", "1800000005.000100", "U-DEV", "Fall risk is under Flowsheets > Safety")
    react(slack, "U-MARIA", "C-GOLIVE", "1800000005.000100")
    server.wait_for_tip("C-GOLIVE", "1800000005.000100")
    edited = message_changed("C-GOLIVE", "1800000005.000100", "U-DEV", "Fall risk (Morse) is under Flowsheets > Safety",
                             "Fall risk is under Flowsheets > Safety")
    slack.post("/slack/events", *event_callback(edited))
    tip = server.wait_for_tip("C-GOLIVE", "1800000005.000100", lambda tip: "Morse" in tip.text)
    assert tip.previous_text == "Fall risk is under Flowsheets > Safety"
    deleted = message_deleted("C-GOLIVE", "1800000005.000100", "U-DEV", "Fall risk (Morse) is under Flowsheets > Safety")
    slack.post("/slack/events", *event_callback(deleted))
    server.wait_for_tip("C-GOLIVE", "1800000005.000100", lambda tip: tip.deleted and tip.text == "")
    assert all(r["message_id"] != "1800000005.000100" for r in server.export())


def test_the_save_as_tip_shortcut(fake, server, slack):
    fake.post("C-GOLIVE", "1800000006.000100", "U-SAM", "Command centre is ext 4400, 24/7 this week")
    body = message_shortcut("save_tip", user_id="U-JO", user_name="jo", channel_id="C-GOLIVE", channel_name="emr-go-live",
                            message_ts="1800000006.000100", message_user="U-SAM",
                            message_text="Command centre is ext 4400, 24/7 this week",
                            response_url=fake.response_url("shortcut-1"), trigger_id="trigger-shortcut-1")
    assert slack.post("/slack/events", *body)[0] == 200
    tip = server.wait_for_tip("C-GOLIVE", "1800000006.000100")
    assert tip.origin.value == "shortcut" and tip.savers == ["U-JO"]
    (said,) = wait_until(lambda: fake.responses("shortcut-1"), what="the shortcut's answer")
    assert "Saved as tip" in said["text"]


def test_tip_command_with_tags_and_without_text(fake, server, slack):
    body = slash_command("/tip", "Ctrl+Shift+P opens patient search #Shortcuts #chart", user_id="U-MARIA",
                         user_name="maria", channel_id="C-GOLIVE", channel_name="emr-go-live",
                         response_url=fake.response_url("tip-1"), trigger_id="trigger-tip-1")
    status, _, _ = slack.post("/slack/events", *body)
    assert status == 200
    (said,) = wait_until(lambda: fake.responses("tip-1"), what="the /tip answer")
    assert "Saved as tip" in said["text"] and said["response_type"] == "ephemeral"
    (record,) = [r for r in server.export() if r["text"].startswith("Ctrl+Shift+P")]
    assert record["tags"] == ["shortcuts", "chart"] and record["source"] == "command" and record["author_id"] == "U-MARIA"
    empty = slash_command("/tip", "  ", user_id="U-MARIA", user_name="maria", channel_id="C-GOLIVE",
                          channel_name="emr-go-live", response_url=fake.response_url("tip-2"), trigger_id="trigger-tip-2")
    status, _, text = slack.post("/slack/events", *empty)
    assert status == 200 and "Usage: /tip" in text


def test_huge_file_only_and_app_messages(fake, server, slack):
    fake.post("C-GOLIVE", "1800000007.000100", "U-DEV", "x" * 40_000)
    fake.post("C-GOLIVE", "1800000007.000200", "U-DEV", "", files=[{"id": "F1", "name": "scan.png"}])
    fake.post("C-GOLIVE", "1800000007.000300", "U-ROBOT", "Build finished", bot_id="B-PAGER")
    for ts in ("1800000007.000100", "1800000007.000200", "1800000007.000300"):
        assert react(slack, "U-MARIA", "C-GOLIVE", ts)[0] == 200
    assert len(server.wait_for_tip("C-GOLIVE", "1800000007.000100").text) == 40_000
    wait_until(server.drained, what="the inbox to drain")
    assert server.tip("C-GOLIVE", "1800000007.000200") is None and server.tip("C-GOLIVE", "1800000007.000300") is None
    said = [c["text"] for c in fake.calls_to("chat.postEphemeral") if c["user"] == "U-MARIA"]
    assert any("no text to save" in text for text in said) and any("posted by apps" in text for text in said)


def test_rate_limits_are_waited_out_and_lost_messages_closed(fake, server, slack):
    fake.post("C-GOLIVE", "1800000008.000100", "U-DEV", "Print downtime reports before 01:45")
    fake.fail_next("conversations.history", status=429, retry_after=1)
    react(slack, "U-MARIA", "C-GOLIVE", "1800000008.000100")
    server.wait_for_tip("C-GOLIVE", "1800000008.000100", timeout=15)
    react(slack, "U-MARIA", "C-GOLIVE", "1800000008.999999")  # a message Slack no longer has
    wait_until(server.drained, what="the inbox to drain")
    assert "1800000008.999999" not in {r["message_id"] for r in server.export()}
