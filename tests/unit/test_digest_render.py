"""Rendering a built digest: Markdown for people, a JSON-ready dict for tools."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from bot.model import Origin, Person, Source, SourceRef, Tip, TipStatus, Visibility
from digests.build import build_digest
from digests.period import Period
from digests.render import date_range, render_json, render_markdown

UTC = timezone.utc
W48 = Period.parse("2026-W48", "Europe/London")
NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
LINK = "https://example.slack.com/archives/C-GOLIVE/p1700000000000100"


def safe(text: str) -> str:
    """A stand-in for bot.text.display_text: neutralises broadcast mentions, marks that it ran."""
    return text.replace("<!channel>", "@\u200bchannel")


def tip(
    tip_id: int = 1,
    text: str = "Scanner frozen? Hold the trigger for 10 seconds.",
    *,
    savers: int = 2,
    tags: tuple[str, ...] = (),
    status: TipStatus = TipStatus.NEW,
    permalink: str = LINK,
    channel_name: str = "emr-go-live",
) -> Tip:
    source = Source(
        ref=SourceRef("slack", "T1", "C-GOLIVE", f"1700000000.{tip_id:06d}"),
        author=Person("U-MARIA", "Maria Lopez"),
        permalink=permalink,
        channel_name=channel_name,
    )
    return Tip(
        source=source,
        text=text,
        visibility=Visibility.PUBLIC,
        origin=Origin.REACTION,
        captured_at=datetime(2026, 11, 24, 10, 0, tzinfo=UTC) + timedelta(minutes=tip_id),
        status=status,
        tags=list(tags),
        savers=[f"U-SAVER{n}" for n in range(savers)],
        id=tip_id,
    )


def markdown(*tips: Tip, display=safe) -> str:
    return render_markdown(build_digest(tips, W48, NOW), display)


def test_title_names_the_week_and_its_days():
    assert markdown(tip()).splitlines()[0] == "# Tipjar weekly digest — 2026-W48 (23–29 Nov 2026)"


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("2026-W48", "23–29 Nov 2026"),
        ("2026-W49", "30 Nov – 6 Dec 2026"),
        ("2026-W53", "28 Dec 2026 – 3 Jan 2027"),
    ],
)
def test_date_range_across_months_and_years(label, expected):
    assert date_range(Period.parse(label, "UTC")) == expected


def test_empty_digest_says_so_plainly():
    text = markdown()
    assert "There were no new tips this week." in text
    assert "Best new tips" not in text and "Untagged" not in text


def test_entry_shows_savers_text_author_name_channel_and_link():
    text = markdown(tip(savers=3))
    assert "**3 savers** · Scanner frozen? Hold the trigger for 10 seconds." in text
    assert f"— Maria Lopez in #emr-go-live · [open in chat]({LINK})" in text
    assert "U-MARIA" not in text and "<@" not in text


def test_one_saver_is_singular_and_no_link_when_there_is_no_permalink():
    text = markdown(tip(savers=1, permalink=""))
    assert "**1 saver** ·" in text
    assert "open in chat" not in text and "](" not in text


def test_sections_have_tag_headings_with_untagged_last():
    text = markdown(tip(1, savers=3), tip(2, savers=2, tags=("scanner",)), tip(3, savers=1, tags=("orders",)))
    headings = [line for line in text.splitlines() if line.startswith("### ")]
    assert headings == ["### #scanner", "### #orders", "### Untagged"]


def test_status_is_shown_only_when_not_new_and_each_tip_only_once():
    text = markdown(tip(1, status=TipStatus.NEEDS_UPDATE), tip(2, "Plain new tip"))
    assert text.count("_Flagged as outdated_") == 1 and "_new_" not in text.lower()
    assert "## Flagged as outdated" not in text  # already listed among the best new tips


def test_display_is_applied_to_tip_text():
    text = markdown(tip(text="<!channel> the printer queue is back"), display=safe)
    assert "<!channel>" not in text and "@\u200bchannel the printer queue is back" in text
    shouting = markdown(tip(text="quiet words"), display=str.upper)
    assert "QUIET WORDS" in shouting and "MARIA LOPEZ" in shouting


def test_long_text_is_cut_on_a_word_with_an_ellipsis_and_the_link():
    long_text = " ".join(["word"] * 50 + ["supercalifragilistic"] * 20)
    text = markdown(tip(text=long_text))
    (line,) = [line for line in text.splitlines() if "word word" in line]
    body = line.split(" · ", 1)[1]
    assert body.endswith(f"… [more]({LINK})")
    shortened = body.removesuffix(f" [more]({LINK})")
    assert len(shortened) <= 280 and shortened[:-1].split()[-1] in ("word", "supercalifragilistic")


def test_stats_line_names_top_contributors():
    text = markdown(tip(1), tip(2))
    assert "2 tips captured this week; 1 contributor in this digest. Top contributors: Maria Lopez (2)." in text


def test_json_has_period_sections_entries_and_stats():
    data = render_json(build_digest([tip(1, savers=3, tags=("scanner",)), tip(2, savers=1)], W48, NOW), safe)
    assert json.loads(json.dumps(data)) == data
    assert data["period"] == {
        "label": "2026-W48",
        "start": "2026-11-23T00:00:00+00:00",
        "end": "2026-11-30T00:00:00+00:00",
    }
    assert data["generated_at"] == "2026-11-30T08:00:00+00:00"
    assert [s["tag"] for s in data["sections"]] == ["scanner", None]
    first = data["sections"][0]["entries"][0]
    assert first == {
        "id": 1,
        "rank": 1,
        "text": "Scanner frozen? Hold the trigger for 10 seconds.",
        "author": "Maria Lopez",
        "channel": "emr-go-live",
        "permalink": LINK,
        "savers": 3,
        "score": 3.101,
        "served": 0,
        "feedback": 0,
        "tags": ["scanner"],
        "status": "new",
        "review": None,
        "reason": None,
    }
    assert data["stats"] == {
        "tips_captured": 2,
        "contributors": 1,
        "top_contributors": [{"name": "Maria Lopez", "tips": 2}],
        "questions_asked": 0,
        "share_answered": 0.0,
        "gaps_answered": 0,
        "gaps_total": 0,
        "more_tips": 0,
    }
    assert data["open_questions"] == {"total": 0, "groups": []}
    assert data["outdated"] == data["due"] == {"total": 0, "entries": []}


def test_json_applies_display_and_empty_digest_has_no_sections():
    data = render_json(build_digest([tip(text="<!channel> hi")], W48, NOW), display=safe)
    assert data["sections"][0]["entries"][0]["text"] == "@\u200bchannel hi"
    assert render_json(build_digest([], W48, NOW), safe)["sections"] == []


# --- every part of the digest ----------------------------------------------------------------------------


def full_digest():
    from bot.model import Question, Release, TipChange

    old = NOW - timedelta(days=200)
    outdated = [replace(tip(n, f"Old advice {n}", status=TipStatus.NEEDS_UPDATE), captured_at=old)
                for n in (10, 11, 12)]
    approved = replace(tip(20, "Print from the ward printer <!channel>", status=TipStatus.APPROVED), captured_at=old)
    change = TipChange(20, "U-JO", "Jo Brennan", "status", {"status": "new"}, {"status": "approved"}, old)
    asked = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    questions = [Question(f"U-{n}", text, asked + timedelta(minutes=n), "slack", "T1", False, [], n)
                 for n, text in enumerate(["How do I reprint a wristband?", "reprint wristbands", "<!channel> help"])]
    return build_digest(
        [tip(1, savers=3), *outdated, approved], W48, NOW, questions=questions, changes=[change],
        releases=[Release("EMR 2.3", NOW - timedelta(days=1))], max_listed=2, name="weekly",
    )


def test_markdown_has_every_part_in_order():
    text = render_markdown(full_digest(), safe)
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Best new tips", "## Questions nobody could answer", "## Flagged as outdated",
                        "## Due for re-check"]
    assert "- “How do I reprint a wristband?” — asked by 2 people" in text
    assert "- “@\u200bchannel help” — asked by 1 person" in text
    assert "…and 1 more tips." in text and text.count("_Flagged as outdated_") == 2
    assert "3 questions asked, 0% answered." in text
    assert ("_Approved by Jo Brennan_ · _last approved 200 days ago; captured before EMR 2.3, not re-approved since_"
            in text)
    assert "<!channel>" not in text and "Print from the ward printer @\u200bchannel" in text


def test_json_has_every_part_with_tip_ids_and_totals():
    data = render_json(full_digest(), safe)
    assert json.loads(json.dumps(data)) == data and data["name"] == "weekly"
    assert data["open_questions"]["total"] == 2
    assert data["open_questions"]["groups"][0] == {
        "text": "How do I reprint a wristband?", "askers": 2, "asked": 2, "question_ids": [0, 1],
        "age_days": 4, "carried": False, "answered_by": None}
    assert data["open_questions"]["groups"][1]["text"] == "@\u200bchannel help"
    assert data["outdated"]["total"] == 3 and [e["id"] for e in data["outdated"]["entries"]] == [10, 11]
    (due,) = data["due"]["entries"]
    assert (due["id"], due["review"]) == (20, "Approved by Jo Brennan")
    assert due["text"] == "Print from the ward printer @\u200bchannel"
    assert due["reason"] == "last approved 200 days ago; captured before EMR 2.3, not re-approved since"
    assert data["stats"]["questions_asked"] == 3 and data["stats"]["share_answered"] == 0.0


def test_stats_line_is_silent_about_dead_events_when_there_are_none():
    assert "could not be processed" not in markdown(tip(1))
    built = build_digest([tip(1)], W48, NOW)
    digest = replace(built, stats=replace(built.stats, dead_events=3))
    assert "3 chat events could not be processed" in render_markdown(digest, safe)
