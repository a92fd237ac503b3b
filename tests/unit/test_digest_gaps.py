"""The digest's gaps: open ones carried forward with their age until answered or dismissed, answered ones
marked and counted, and the renderers saying so; best new tips numbered down the page."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from adapters.slack.digest_blocks import render_blocks
from bot.text import display_text
from digests.build import build_digest
from digests.render import render_markdown
from tests.unit.test_digest_build import MONDAY, NOW, W48, tip
from tests.unit.test_digest_sections import question

EARLIER = MONDAY - timedelta(days=12)


def answered(q, by: str = "Jo Brennan", at=MONDAY + timedelta(days=1), resolution: str = "answered"):
    return replace(q, resolution=resolution, resolved_by=by, resolved_at=at, answer_tip_id=99)


def test_open_gaps_of_earlier_weeks_are_carried_oldest_first_with_their_age_until_resolved():
    questions = [
        question(1, "order set missing for sepsis", at=EARLIER),
        question(2, "where do I find the MAR override log", at=EARLIER - timedelta(days=3)),
        answered(question(3, "printer jammed on ward 5", at=EARLIER), at=EARLIER + timedelta(days=1)),
        answered(question(4, "canteen menu today", at=EARLIER), resolution="dismissed"),
        question(5, "scanner frozen after update"),
    ]
    groups = build_digest([], W48, NOW, questions=questions).section("questions").groups
    assert [g.text for g in groups] == ["scanner frozen after update", "where do I find the MAR override log",
                                        "order set missing for sepsis"]
    assert [(g.carried, g.age_days) for g in groups] == [(False, 6), (True, 21), (True, 18)]


def test_gaps_answered_in_the_period_are_shown_answered_and_counted():
    questions = [answered(question(1, "how do I cancel a discharge order")),
                 answered(question(2, "cancel discharge order", asker="U-B")),
                 question(3, "where is the fall risk form"),
                 answered(question(4, "lunch", at=EARLIER), resolution="dismissed")]
    digest = build_digest([], W48, NOW, questions=questions)
    assert [(g.text, g.answered_by) for g in digest.section("questions").groups] == [
        ("where is the fall risk form", ""), ("how do I cancel a discharge order", "Jo Brennan")]
    assert (digest.stats.gaps_answered, digest.stats.gaps_total) == (1, 2)
    markdown = render_markdown(digest, display_text)
    assert "1 of 2 gaps answered this week" in markdown
    assert "“how do I cancel a discharge order” — asked by 2 people · answered by Jo Brennan" in markdown
    blocks = [b for m in render_blocks(digest, display_text) for b in m["blocks"]]
    buttons = [b for b in blocks if b.get("block_id", "").startswith("gap-")]
    assert [b["block_id"] for b in buttons] == ["gap-3"], "an answered gap has no Answer button"
    assert [e["action_id"] for e in buttons[0]["elements"]] == ["tipjar_gap_answer", "tipjar_gap_dismiss"]


def test_best_tips_are_numbered_in_reading_order_and_the_cut_is_said():
    tips = [tip(1, 5), tip(2, 4, tags=("scanner",)), tip(3, 3), tip(4, 2, tags=("mar",)),
            tip(5, 1)]
    digest = build_digest(tips, W48, NOW, max_tips=4)
    assert [(s.tag, [e.rank for e in s.entries]) for s in digest.section("best").groups] == [("scanner", [1]), ("mar", [2]), (None, [3, 4])]
    assert [e.tip.id for e in digest.section("best").entries] == [2, 4, 1, 3]
    markdown = render_markdown(digest, display_text)
    assert markdown.index("1. **4 savers**") < markdown.index("2. **2 savers**") < markdown.index("3. **5 savers**")
    assert "…and 1 more tip this week" in markdown
    assert "and 1 more tip this week" in str(render_blocks(digest, display_text))
