"""The digest as Slack Block Kit: review buttons per tip, escaping, and Slack's limits with splitting."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

from bot.actions import REVIEW_APPROVE, REVIEW_ARCHIVE, REVIEW_NEEDS_UPDATE
from bot.model import Question, TipChange, TipStatus
from bot.text import display_text
from digests.blocks import MAX_BLOCKS, REVIEW_EDIT, TEXT_LIMIT, entry_blocks, render_blocks
from digests.build import DigestEntry, build_digest
from tests.unit.test_digest_render import LINK, NOW, W48, tip

ASKED = datetime(2026, 11, 25, 9, 0)


def blocks_of(*tips, questions=(), changes=(), display=display_text, **options) -> list[dict]:
    digest = build_digest(tips, W48, NOW, questions=questions, changes=changes, name="weekly", **options)
    return render_blocks(digest, display)


def text_objects(node):
    """Every Block Kit text object (mrkdwn or plain_text) anywhere in `node`."""
    if isinstance(node, dict):
        if node.get("type") in ("mrkdwn", "plain_text"):
            yield node
        for value in node.values():
            yield from text_objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from text_objects(value)


def all_text(messages) -> str:
    return "\n".join(t["text"] for t in text_objects(messages))


def assert_within_slack_limits(messages):
    for message in messages:
        assert message["text"] and 1 <= len(message["blocks"]) <= MAX_BLOCKS
        for block in message["blocks"]:
            if block["type"] == "header":
                assert len(block["text"]["text"]) <= 150
            if block["type"] == "actions":
                assert all(len(e["value"]) <= 2000 and len(e["text"]["text"]) <= 75 for e in block["elements"])
        ids = [b["block_id"] for b in message["blocks"] if "block_id" in b]
        assert len(ids) == len(set(ids))
    assert all(len(t["text"]) <= TEXT_LIMIT for t in text_objects(messages))


def test_the_action_ids_are_stable():
    assert (REVIEW_APPROVE, REVIEW_NEEDS_UPDATE, REVIEW_ARCHIVE, REVIEW_EDIT) == (
        "tipjar_review_approve", "tipjar_review_needs_update", "tipjar_review_archive", "tipjar_review_edit")
    assert (MAX_BLOCKS, TEXT_LIMIT) == (50, 3000)


def test_a_tip_is_a_section_a_context_and_review_buttons():
    (message,) = blocks_of(tip(7, savers=3, tags=("scanner",)))
    assert message["text"] == "Tipjar weekly digest — 2026-W48 (23–29 Nov 2026)"
    by_id = {b.get("block_id"): b for b in message["blocks"]}
    section, about, actions = by_id["tip-7-text"], by_id["tip-7-about"], by_id["tip-7"]
    assert section["text"]["text"] == (
        f"*1.* *3 savers* · Scanner frozen? Hold the trigger for 10 seconds.\n<{LINK}|open in chat>")
    assert about["elements"][0]["text"] == "Maria Lopez in #emr-go-live · Not yet reviewed"
    assert [(e["text"]["text"], e["action_id"]) for e in actions["elements"]] == [
        ("Approve", REVIEW_APPROVE), ("Needs update", REVIEW_NEEDS_UPDATE), ("Archive", REVIEW_ARCHIVE),
        ("Edit", REVIEW_EDIT)]
    assert {e["value"] for e in actions["elements"]} == {
        json.dumps({"tip_id": 7, "digest": "weekly", "period": "2026-W48"})}
    ordered = [b.get("block_id") for b in message["blocks"]]
    assert ordered.index("tip-7-text") + 2 == ordered.index("tip-7-about") + 1 == ordered.index("tip-7")


def test_the_context_names_the_reviewer():
    change = TipChange(7, "U-JO", "Jo Brennan", "status", {"status": "new"}, {"status": "approved"}, NOW)
    (message,) = blocks_of(tip(7, status=TipStatus.APPROVED), changes=[change])
    assert "Maria Lopez in #emr-go-live · Approved by Jo Brennan" in all_text(message)


def test_entry_blocks_re_render_one_tip_after_a_review():
    entry = DigestEntry(tip(7, status=TipStatus.ARCHIVED), 2, 4, review="Archived by Jo <Brennan>")
    blocks = entry_blocks(entry, display_text, digest="weekly", period="2026-W48")
    assert [b["block_id"] for b in blocks] == ["tip-7-text", "tip-7-about", "tip-7"]
    assert blocks[1]["elements"][0]["text"] == "Maria Lopez in #emr-go-live · Archived by Jo Brennan"
    assert json.loads(blocks[2]["elements"][0]["value"]) == {"tip_id": 7, "digest": "weekly", "period": "2026-W48"}
    unsaved = DigestEntry(replace(tip(7), id=None), 1, 1)
    assert [b["type"] for b in entry_blocks(unsaved, display_text)] == ["section", "context"]


def test_chat_text_is_neutralised_and_escaped_everywhere():
    nasty = ("<!channel> <@U123|sam> @here look: <script>alert(1)</script> & *bold* <https://evil.example|click>"
             " if x < y\nthen 5 > 3")
    questions = [Question("U-A", "<!everyone> why <b>?", ASKED, "slack", "T1", False, [], 1)]
    messages = blocks_of(tip(1, nasty, tags=("<b>&",), channel_name="<!here>"), questions=questions)
    text = all_text(messages)
    for forbidden in ("<!channel>", "<!here>", "<!everyone>", "<@U123", "<script>", "<b>", "|click>"):
        assert forbidden not in text
    assert "@\u200bchannel" in text and "@\u200bsam" in text and "@\u200bhere" in text
    assert "&amp; *bold*" in text and "if x &lt; y then 5 &gt; 3" in text and "*#b&amp;*" in text


def test_display_is_applied_before_escaping():
    messages = blocks_of(tip(1, "quiet & calm"), display=str.upper)
    assert "QUIET &amp; CALM" in all_text(messages) and "MARIA LOPEZ" in all_text(messages)


def test_a_40000_character_tip_is_shortened_with_a_link_and_fits():
    huge = " ".join(["&<>word"] * 5_000)
    (message,) = blocks_of(tip(1, huge))
    assert_within_slack_limits([message])
    section = next(b for b in message["blocks"] if b.get("block_id") == "tip-1-text")
    assert len(section["text"]["text"]) < TEXT_LIMIT and f"<{LINK}|more>" in section["text"]["text"]


def test_200_tips_split_into_messages_without_cutting_a_tip():
    tips = [tip(n, f"tip {n} " + "&" * 600, savers=1 + n % 5, tags=(f"tag{n % 7}",)) for n in range(1, 201)]
    messages = blocks_of(*tips, max_tips=200)
    assert len(messages) >= 13
    assert_within_slack_limits(messages)
    parts = [m["text"].rsplit(" (part ", 1)[1] for m in messages]
    assert parts == [f"{n} of {len(messages)})" for n in range(1, len(messages) + 1)]
    seen = []
    for message in messages:
        ids = [b.get("block_id") for b in message["blocks"]]
        for n in (int(i.split("-")[1]) for i in ids if i and i.count("-") == 1):
            assert ids.index(f"tip-{n}") - ids.index(f"tip-{n}-text") == 2
            seen.append(n)
        assert message["blocks"][-1]["type"] != "header"  # a heading never ends a message
    assert sorted(seen) == list(range(1, 201))


def test_many_questions_and_tips_to_review_also_split():
    questions = [Question(f"U-{n}", f"topic{n} subject{n}", ASKED, "slack", "T1", False, [], n) for n in range(60)]
    old = [tip(n, status=TipStatus.NEEDS_UPDATE) for n in range(1, 40)]
    messages = blocks_of(*old, questions=questions, max_tips=0, max_listed=60)
    assert len(messages) > 2
    assert_within_slack_limits(messages)
    assert sum(t["text"].startswith("“topic") for t in text_objects(messages)) == 60


def test_an_empty_week_is_one_short_message_without_buttons():
    (message,) = blocks_of()
    assert [b["type"] for b in message["blocks"]] == ["header", "context", "header", "section"]
    assert "There were no new tips this week." in all_text(message)
    assert "0 tips captured this week" in all_text(message)
