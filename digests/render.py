"""A built digest as Markdown (for previews and chat) or as a JSON-ready dict.

Every piece of chat text (tip text, names, channels, tags, questions, review labels) goes through the
`display` function the caller passes in (the core's text normaliser), so nothing rendered here can ping a
person or a channel. People are credited by name. adapters.slack.digest_blocks shares the wording helpers below.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Callable

from bot.curation import LABELS
from bot.files import CLIP, safe_link
from bot.privacy.screen import marker
from bot.model import Tip, TipStatus
from bot.text import shorten
from digests.model import Digest, DigestEntry, DigestSection, QuestionGroup, TipList
from digests.period import Period

Display = Callable[[str], str]
TEXT_LIMIT = 280
QUESTION_LIMIT = 200
NO_TIPS = "There were no new tips this week."
HEADINGS = {
    "best": "Best new tips",
    "questions": "Questions nobody could answer",
    "outdated": "Flagged as outdated",
    "due": "Due for re-check",
}


def date_range(period: Period) -> str:
    """"23–29 Nov 2026", "30 Nov – 6 Dec 2026" or "28 Dec 2026 – 3 Jan 2027"."""
    first, last = period.first_day, period.last_day

    def day(d: date, month: bool = True, year: bool = True) -> str:
        return f"{d.day}" + (f" {d:%b}" if month else "") + (f" {d.year}" if year else "")

    if first.year != last.year:
        return f"{day(first)} – {day(last)}"
    if first.month != last.month:
        return f"{day(first, year=False)} – {day(last)}"
    return f"{day(first, month=False, year=False)}–{day(last)}"


def title(digest: Digest) -> str:
    return f"Tipjar weekly digest — {digest.period.label} ({date_range(digest.period)})"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def review_words(entry: DigestEntry, display: Display) -> str:
    """"Approved by Jo Brennan"; without a review on record, the status in words ("" for a new tip)."""
    if entry.review:
        return display(entry.review)
    return "" if entry.tip.status is TipStatus.NEW else LABELS[entry.tip.status].capitalize()


def asked_by(group: QuestionGroup) -> str:
    times = "" if group.asked == group.askers else f", {plural(group.asked, 'time')}"
    people = "1 person" if group.askers == 1 else f"{group.askers} people"
    return f"asked by {people}{times}"


def gap_words(group: QuestionGroup, display: Display) -> str:
    """"answered by Jo Brennan", "open for 12 days" (carried from an earlier week), or "" (new and open)."""
    if group.answered_by:
        return f"answered by {display(group.answered_by)}"
    return f"open for {plural(group.age_days, 'day')}" if group.carried else ""


def question_note(group: QuestionGroup, display: Display) -> str:
    """"asked by 2 people, 3 times · answered by Jo Brennan": the line under a question in every renderer."""
    return " · ".join(part for part in (asked_by(group), gap_words(group, display)) if part)


def more_tips_line(digest: Digest) -> str:
    """"…and 3 more tips this week (…)" when the best new tips were cut at the digest's limit; else ""."""
    if digest.more_tips <= 0:
        return ""
    return (f"…and {plural(digest.more_tips, 'more tip')} this week: find them with /ask, or in the knowledge "
            "base export (tipjar export --format html).")


def stats_line(digest: Digest, display: Display) -> str:
    """One line of numbers: tips captured, contributors, questions and share answered, top contributors."""
    tips, people = plural(digest.tips_captured, "tip"), plural(digest.contributors, "contributor")
    line = f"{tips} captured this week; {people} in this digest."
    if digest.top_contributors:
        names = ", ".join(f"{display(c.name)} ({c.tips})" for c in digest.top_contributors)
        line += f" Top contributors: {names}."
    if digest.questions_asked:
        line += f" {plural(digest.questions_asked, 'question')} asked, {digest.share_answered:.0%} answered."
    else:
        line += " No /ask questions this week."
    if digest.gaps_total:
        line += f" {digest.gaps_answered} of {plural(digest.gaps_total, 'gap')} answered this week."
    if digest.dead_events:
        line += (f" {plural(digest.dead_events, 'chat event')} could not be processed (a tip or vote may be missing):"
                 " an administrator can see them with `tipjar inbox`.")
    return line


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


def _section_markdown(section: DigestSection, display: Display) -> list[str]:
    lines = ["", f"### #{display(section.tag)}" if section.tag else "### Untagged", ""]
    for entry in section.entries:
        lines.extend(_entry_markdown(entry, display))
    return lines


def _more(count: int, what: str) -> list[str]:
    return [f"…and {count} more {what}."] if count > 0 else []


def _questions_markdown(digest: Digest, display: Display) -> list[str]:
    lines = ["", f"## {HEADINGS['questions']}", ""]
    for group in digest.open_questions:
        lines.append(f"- “{shorten(display(group.text), QUESTION_LIMIT)}” — {question_note(group, display)}")
    return lines + _more(digest.open_questions_total - len(digest.open_questions), "questions")


def _tip_list_markdown(heading: str, listed: TipList, display: Display) -> list[str]:
    lines = ["", f"## {heading}", ""]
    for entry in listed.entries:
        lines.extend(_entry_markdown(entry, display))
    return lines + _more(listed.more, "tips")


def render_markdown(digest: Digest, display: Display) -> str:
    """The digest as Markdown, every part that has something in it. `display` makes chat text safe."""
    lines = [f"# {title(digest)}", "", stats_line(digest, display), ""]
    if digest.sections:
        lines.append(f"## {HEADINGS['best']}")
        for section in digest.sections:
            lines.extend(_section_markdown(section, display))
        lines += ["", more_tips_line(digest)] if digest.more_tips > 0 else []
    else:
        lines.append(NO_TIPS)
    if digest.open_questions:
        lines.extend(_questions_markdown(digest, display))
    for key, listed in (("outdated", digest.outdated), ("due", digest.due)):
        if listed.entries:
            lines.extend(_tip_list_markdown(HEADINGS[key], listed, display))
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


def _tip_list_json(listed: TipList, display: Display) -> dict[str, Any]:
    return {"total": listed.total, "entries": [_entry_json(e, display) for e in listed.entries]}


def _question_json(group: QuestionGroup, display: Display) -> dict[str, Any]:
    ids = list(group.question_ids)
    return {"text": display(group.text), "askers": group.askers, "asked": group.asked, "question_ids": ids,
            "age_days": group.age_days, "carried": group.carried, "answered_by": display(group.answered_by) or None}


def render_json(digest: Digest, display: Display) -> dict[str, Any]:
    """The digest as JSON-serialisable data with stable keys; chat text passes through `display`."""
    period = digest.period
    return {
        "name": digest.name,
        "period": {"label": period.label, "start": _iso(period.start), "end": _iso(period.end)},
        "generated_at": _iso(digest.generated_at),
        "sections": [
            {"tag": s.tag and display(s.tag), "entries": [_entry_json(e, display) for e in s.entries]}
            for s in digest.sections
        ],
        "open_questions": {
            "total": digest.open_questions_total,
            "groups": [_question_json(g, display) for g in digest.open_questions],
        },
        "outdated": _tip_list_json(digest.outdated, display),
        "due": _tip_list_json(digest.due, display),
        "stats": {
            "tips_captured": digest.tips_captured,
            "contributors": digest.contributors,
            "top_contributors": [{"name": display(c.name), "tips": c.tips} for c in digest.top_contributors],
            "questions_asked": digest.questions_asked,
            "share_answered": round(digest.share_answered, 4),
            "gaps_answered": digest.gaps_answered,
            "gaps_total": digest.gaps_total,
            "more_tips": digest.more_tips,
        },
    }
