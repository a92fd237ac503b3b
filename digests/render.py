"""A built digest as Markdown (for previews, the console and chat) or as a JSON-ready dict, section by section.

Every piece of chat text (tip text, names, channels, tags, questions, review labels) goes through the
`display` function the caller passes in (the core's text normaliser), so nothing rendered here can ping a
person or a channel. People are credited by name. The words every rendering shares are digests.wording's.
Each section kind has one Markdown and one JSON render function, registered on MARKDOWN and JSON.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from bot.files import CLIP, safe_link
from bot.privacy.screen import marker
from bot.model import Tip
from bot.text import shorten
from digests.model import Digest, DigestEntry, QuestionGroup, TipList
from digests.renderers import ByKind
from digests.sections.best import BestTips, TagGroup
from digests.sections.questions import OpenQuestions
from digests.wording import (  # noqa: F401 (date_range and title are part of this module's API)
    NO_TIPS, Display, date_range, more_line, more_tips_line, plural, question_note, review_words, stats_line, title,
)

TEXT_LIMIT = 280
QUESTION_LIMIT = 200
MARKDOWN: ByKind[list[str]] = ByKind("Markdown")
JSON: ByKind[dict[str, Any]] = ByKind("JSON")


def _credit(tip: Tip, display: Display) -> str:
    credit = "— " + display(tip.source.author.display_name)
    if tip.source.channel_name:
        credit += " in #" + display(tip.source.channel_name).lstrip("#")
    return f"{credit} · {marker(tip.redacted)}" if tip.redacted else credit


def _entry_markdown(entry: DigestEntry, display: Display) -> list[str]:
    tip, link = entry.tip, entry.tip.source.permalink
    readable = " ".join(display(tip.text).split())
    text = shorten(readable, TEXT_LIMIT)
    if text != readable and link:
        text += f" [more]({link})"
    details = [_credit(tip, display)] + ([f"[open in chat]({link})"] if link else [])
    details += [f"_{words}_" for words in (review_words(entry, display), display(entry.reason)) if words]
    details += [f"[{CLIP} {display(f.name)}]({f.link})" if safe_link(f.link) else f"{CLIP} {display(f.name)}"
                for f in tip.source.files]
    return [f"{entry.rank}. **{plural(entry.savers, 'saver')}** · {text}", "   " + " · ".join(details)]


def _group_markdown(group: TagGroup, display: Display) -> list[str]:
    lines = ["", f"### #{display(group.tag)}" if group.tag else "### Untagged", ""]
    for entry in group.entries:
        lines.extend(_entry_markdown(entry, display))
    return lines


@MARKDOWN.register(BestTips.kind)
def _best_markdown(section: BestTips, display: Display) -> list[str]:
    if not section.groups:
        return [NO_TIPS]
    lines = [f"## {section.heading}"]
    for group in section.groups:
        lines.extend(_group_markdown(group, display))
    return lines + (["", more_tips_line(section.more)] if section.more > 0 else [])


@MARKDOWN.register(OpenQuestions.kind)
def _questions_markdown(section: OpenQuestions, display: Display) -> list[str]:
    if not section.groups:
        return []
    lines = ["", f"## {section.heading}", ""]
    for group in section.groups:
        lines.append(f"- “{shorten(display(group.text), QUESTION_LIMIT)}” — {question_note(group, display)}")
    return lines + [line for line in [more_line(section.more, "questions")] if line]


@MARKDOWN.register("outdated", "due")
def _tip_list_markdown(section: TipList, display: Display) -> list[str]:
    if not section.entries:
        return []
    lines = ["", f"## {section.heading}", ""]
    for entry in section.entries:
        lines.extend(_entry_markdown(entry, display))
    return lines + [line for line in [more_line(section.more, "tips")] if line]


def render_markdown(digest: Digest, display: Display) -> str:
    """The digest as Markdown, every section that has something to say. `display` makes chat text safe."""
    lines = [f"# {title(digest)}", "", stats_line(digest.stats, display), ""]
    for section in digest.sections:
        lines.extend(MARKDOWN(section, display))
    return "\n".join(lines) + "\n"


def _iso(when: datetime) -> str:
    return (when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when).isoformat()


def _entry_json(entry: DigestEntry, display: Display) -> dict[str, Any]:
    tip, source = entry.tip, entry.tip.source
    return {
        "id": tip.id,
        "rank": entry.rank,
        "text": display(tip.text),
        "author": display(source.author.display_name),
        "channel": display(source.channel_name or source.ref.channel_id),
        "permalink": source.permalink or None,
        "savers": entry.savers,
        "score": entry.score,
        "served": entry.served,
        "feedback": entry.feedback,
        "tags": [display(tag) for tag in tip.tags],
        "status": tip.status.value,
        "review": display(entry.review) or None,
        "reason": display(entry.reason) or None,
    }


@JSON.register(BestTips.kind)
def _best_json(section: BestTips, display: Display) -> dict[str, Any]:
    groups = [{"tag": g.tag and display(g.tag), "entries": [_entry_json(e, display) for e in g.entries]}
              for g in section.groups]
    return {"sections": groups}  # the key tag groups have always had in this JSON


def _question_json(group: QuestionGroup, display: Display) -> dict[str, Any]:
    ids = list(group.question_ids)
    return {"text": display(group.text), "askers": group.askers, "asked": group.asked, "question_ids": ids,
            "age_days": group.age_days, "carried": group.carried, "answered_by": display(group.answered_by) or None}


@JSON.register(OpenQuestions.kind)
def _questions_json(section: OpenQuestions, display: Display) -> dict[str, Any]:
    return {"open_questions": {"total": section.total, "groups": [_question_json(g, display) for g in section.groups]}}


@JSON.register("outdated", "due")
def _tip_list_json(section: TipList, display: Display) -> dict[str, Any]:
    return {section.kind: {"total": section.total, "entries": [_entry_json(e, display) for e in section.entries]}}


def render_json(digest: Digest, display: Display) -> dict[str, Any]:
    """The digest as JSON-serialisable data with stable keys; chat text passes through `display`."""
    period, stats = digest.period, digest.stats
    data: dict[str, Any] = {
        "name": digest.name,
        "period": {"label": period.label, "start": _iso(period.start), "end": _iso(period.end)},
        "generated_at": _iso(digest.generated_at),
    }
    for section in digest.sections:
        data.update(JSON(section, display))
    data["stats"] = {
        "tips_captured": stats.tips_captured,
        "contributors": stats.contributors,
        "top_contributors": [{"name": display(c.name), "tips": c.tips} for c in stats.top_contributors],
        "questions_asked": stats.questions_asked,
        "share_answered": round(stats.share_answered, 4),
        "gaps_answered": stats.gaps_answered,
        "gaps_total": stats.gaps_total,
        "more_tips": stats.more_tips,
    }
    return data
