"""Adaptive Card rendering: names not pings, no hidden links, the buttons, Teams' message size with splitting."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from adapters.teams import digest_cards, render
from bot.actions import ERASE_TIP, HELPFUL, NOT_HELPFUL, REVIEW_APPROVE, REVIEW_ARCHIVE, REVIEW_NEEDS_UPDATE
from bot.ask import NO_ANSWER
from bot.model import Origin, Person, Source, SourceRef, Tip, TipStatus, Visibility
from bot.replies import Answer, AnswerSource, Notice, Quiet, TipSaved
from bot.text import ZWSP
from digests.build import build_digest
from digests.period import Period

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)
CAPTURED = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)
W48 = Period.parse("2026-W48", "Europe/London")
LINK = "https://teams.microsoft.com/l/message/19:golive-general@thread.tacv2/1700"


def tip(tip_id: int = 7, text: str = "Hold F12 to rescan", *, tags: tuple[str, ...] = (), savers: int = 1,
        permalink: str = LINK, status: TipStatus = TipStatus.NEW) -> Tip:
    source = Source(ref=SourceRef("teams", "tenant", "19:golive-general@thread.tacv2", str(1700 + tip_id)),
                    author=Person("aad-maria", "Maria Lopez"), permalink=permalink, channel_name="Go-live › General")
    return Tip(source=source, text=text, visibility=Visibility.PUBLIC, origin=Origin.SHORTCUT, captured_at=CAPTURED,
               status=status, tags=list(tags), savers=[f"aad-{n}" for n in range(savers)], id=tip_id)


def body_of(message: dict) -> list[dict]:
    (attachment,) = message["attachments"]
    assert attachment["contentType"] == render.CARD and attachment["content"]["type"] == "AdaptiveCard"
    return attachment["content"]["body"]


def texts(node) -> list[str]:
    """Every TextBlock's text anywhere in `node`, in order."""
    if isinstance(node, dict):
        found = [node["text"]] if node.get("type") == "TextBlock" else []
        return found + [text for value in node.values() for text in texts(value)]
    if isinstance(node, list):
        return [text for value in node for text in texts(value)]
    return []


@pytest.mark.parametrize("raw, shown", [
    ("<at>Maria</at> knows", f"@{ZWSP}Maria knows"),
    ("@channel and @here", f"@{ZWSP}channel and @{ZWSP}here"),
    ("see [click](https://evil.example)", f"see [click]{ZWSP}(https://evil.example)"),
    ("a &lt;b&gt; <script>x</script> <F5>", "a ‹b> scriptx/script F5"),
])
def test_safe_text_cannot_ping_or_hide_a_link(raw, shown):
    assert render.safe(raw) == shown
    assert "<" not in render.safe(raw) and "](" not in render.safe(raw)


def test_notices_are_plain_text_in_teams_words_and_quiet_is_nothing():
    assert render.render(Notice("Usage: /tip <text> #tags, or /ask <question>")) == {
        "type": "message", "text": "Usage: tip <text> #tags, or ask <question>", "textFormat": "plain"}
    assert render.render(Quiet("duplicate")) is None


def test_a_new_tip_card_credits_the_author_links_the_message_and_lists_tags():
    message = render.render(TipSaved(tip(tags=("scanner", "wristband")), created=True))
    heading, text, about, hint = body_of(message)
    assert heading["text"] == "💡 Saved as tip #7" and heading["weight"] == "Bolder"
    assert text["text"] == "Hold F12 to rescan"
    assert about["text"] == f"Maria Lopez in Go-live › General · [open message]({LINK}) · #scanner #wristband"
    assert hint["text"] == "Like 👍 or ❤️ this post to save the tip too."
    assert message["summary"] == "💡 Saved as tip #7"
    (delete,) = message["attachments"][0]["content"]["actions"]  # its author, saver or a trainer may delete it
    assert delete["verb"] == "tipjar_erase_tip" and delete["data"] == {"tip_id": 7}


def test_counted_and_already_saved_tips_say_so_with_the_number_of_savers():
    counted = render.render(TipSaved(tip(savers=2), created=False))
    assert body_of(counted)[0]["text"] == "💡 Tip #7: your save was counted (2 savers)"
    again = render.render(TipSaved(tip(savers=1), created=False, counted=False))
    assert body_of(again)[0]["text"] == "💡 You had already saved tip #7 (1 saver)"


@pytest.mark.parametrize("permalink", ["http://teams.example/x", "javascript:alert(1)", "", "https://a.example/(x)"])
def test_only_plain_https_permalinks_become_links(permalink):
    about = body_of(render.render(TipSaved(tip(permalink=permalink), created=True)))[2]["text"]
    assert about == "Maria Lopez in Go-live › General"


def test_a_redacted_tip_card_shows_the_marker_and_the_private_note_names_the_kinds():
    redacted = tip(text="MRN [MRN]: pump B is locked")
    redacted.redacted = ["MRN"]
    saved = TipSaved(redacted, created=True, removed=("MRN", "NAME"))
    posted = " ".join(texts(body_of(render.render(saved))))
    assert "patient details removed" in posted and "record number" not in posted and "a name" not in posted
    note = render.redaction_note(saved)
    said = " ".join(texts(body_of(note)))
    assert "removed a record number and a name (patient details)" in said and "tip #7" in said
    (delete,) = note["attachments"][0]["content"]["actions"]
    assert (delete["type"], delete["verb"], delete["data"]) == ("Action.Execute", ERASE_TIP, {"tip_id": 7})


def test_tip_text_from_chat_is_made_safe_in_the_tip_card():
    found = tip(text="<at>Dev</at> @channel [docs](https://evil.example) " + "word " * 200)
    text = body_of(render.render(TipSaved(found, created=True)))[1]["text"]
    assert text.startswith(f"@{ZWSP}Dev @{ZWSP}channel [docs]{ZWSP}(https://evil.example) word")
    assert len(text) <= render.TIP_TEXT_LIMIT and text.endswith("…")


def test_an_answer_numbers_its_sources_emphasises_matches_and_asks_for_feedback():
    first = AnswerSource(tip(7, status=TipStatus.APPROVED), 1.0, "Hold the trigger & wait",
                         highlights=((9, 16), (0, 4)))
    second = AnswerSource(tip(8, permalink="http://x"), 0.5, "Reboot <at>Sam</at>")
    message = render.render(Answer("trigger <at>Jo</at>?", [first, second], text="Two tips match.", question_id=3))
    assert texts(body_of(message)) == [
        f"❓ trigger @{ZWSP}Jo?", "Two tips match.",
        "1. **Hold** the **trigger** & wait",
        f"Maria Lopez in Go-live › General · approved by a trainer · [open message]({LINK})",
        f"2. Reboot @{ZWSP}Sam", "Maria Lopez in Go-live › General",
        "Like 👍 this answer if it helped."]
    actions = message["attachments"][0]["content"]["actions"]
    assert actions == [
        {"type": "Action.Execute", "title": "Helpful", "verb": HELPFUL, "data": {"question_id": 3}, "style": "positive"},
        {"type": "Action.Execute", "title": "Not helpful", "verb": NOT_HELPFUL, "data": {"question_id": 3},
         "style": "default"}]
    assert message["summary"].startswith("2 tips for: ")


def test_the_answer_summary_shows_the_question_made_safe():
    source = AnswerSource(tip(), 1.0, "Hold F12")
    message = render.render(Answer("<at>Jo</at> @channel scanner?", [source], question_id=3))
    assert "<at>" not in message["summary"] and f"@{ZWSP}Jo @{ZWSP}channel scanner?" in message["summary"]


def test_a_flagged_source_says_it_may_be_outdated():
    source = AnswerSource(tip(status=TipStatus.NEEDS_UPDATE), 1.0, "Hold F12")
    about = texts(body_of(render.render(Answer("f12", [source], question_id=1))))[2]
    assert about == f"Maria Lopez in Go-live › General · flagged as outdated · [open message]({LINK})"


def test_no_answer_says_so_without_buttons():
    message = render.render(Answer("bariatric bed?", [], text=NO_ANSWER, question_id=4))
    assert texts(body_of(message)) == ["❓ bariatric bed?", NO_ANSWER]
    assert "actions" not in message["attachments"][0]["content"]
    assert message["summary"] == "Tipjar has no tip for that yet"
    assert texts(body_of(render.render(Answer("x?", [], question_id=5))))[1] == NO_ANSWER


def test_a_small_digest_is_one_card_with_review_buttons_on_every_tip():
    tips = [tip(1, "Hold F12", tags=("scanner",), savers=3), tip(2, "Use F9 to refresh the MAR", savers=2)]
    digest = build_digest(tips, W48, NOW, name="weekly")
    (message,) = digest_cards.digest_messages(digest)
    assert message["summary"] == texts(body_of(message))[0] and "part" not in message["summary"]
    containers = [item for item in body_of(message) if item["type"] == "Container"]
    assert [c["id"] for c in containers] == ["tip-1", "tip-2"]
    for container, tip_id in zip(containers, (1, 2)):
        (buttons,) = [item for item in container["items"] if item["type"] == "ActionSet"]
        data = {"tip_id": tip_id, "digest": "weekly", "period": "2026-W48"}
        assert [(a["type"], a["verb"], a["data"]) for a in buttons["actions"]] == [
            ("Action.Execute", REVIEW_APPROVE, data), ("Action.Execute", REVIEW_NEEDS_UPDATE, data),
            ("Action.Execute", REVIEW_ARCHIVE, data)]
    shown = texts(body_of(message))
    assert "#scanner" in shown and "Untagged" in shown
    assert "**1.** **3 savers** · Hold F12" in shown and "**2.** **2 savers** · Use F9 to refresh the MAR" in shown


def test_an_empty_digest_says_there_were_no_new_tips():
    (message,) = digest_cards.digest_messages(build_digest([], W48, NOW, name="weekly"))
    assert texts(body_of(message))[-1] == "There were no new tips this week."


def test_a_long_digest_is_split_under_teams_size_limit_without_losing_a_tip():
    tips = [tip(n, f"Tip {n}: " + "x" * 590, tags=(f"tag{n % 5}",), savers=1 + n % 4) for n in range(1, 51)]
    digest = build_digest(tips, W48, NOW, max_tips=50, name="weekly")
    messages = digest_cards.digest_messages(digest)
    total = len(messages)
    assert total >= 3
    shown = []
    for number, message in enumerate(messages, start=1):
        assert len(json.dumps(message)) <= digest_cards.MAX_CARD_BYTES
        assert message["summary"].endswith(f"(part {number} of {total})")
        shown += [item["id"] for item in body_of(message) if item["type"] == "Container"]
    assert sorted(shown) == sorted(f"tip-{n}" for n in range(1, 51)) and len(shown) == len(set(shown))
    reviewed = [card.tips for card in digest_cards.digest_cards(digest)]  # what each card's record keeps
    assert [[f"tip-{n}" for n in ids] for ids in reviewed] == [
        [item["id"] for item in body_of(message) if item["type"] == "Container"] for message in messages]
    assert texts(body_of(messages[0]))[0] == messages[0]["summary"].removesuffix(f" (part 1 of {total})")
