"""A built digest as Markdown (for previews and chat) or as a JSON-ready dict.

Every piece of chat text goes through the `display` function the caller passes in (the core's text
normaliser), so nothing rendered here can ping a person or a channel. People are credited by name.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any, Callable

from bot.model import Tip, TipStatus
from digests.build import Digest, DigestEntry, DigestSection
from bot.text import shorten
from digests.period import Period

Display = Callable[[str], str]
TEXT_LIMIT = 280


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


def _status(tip: Tip) -> str:
    return "" if tip.status is TipStatus.NEW else tip.status.value.replace("_", " ")


def _credit(tip: Tip, display: Display) -> str:
    credit = "— " + display(tip.source.author.display_name)
    if tip.source.channel_name:
        credit += " in #" + display(tip.source.channel_name).lstrip("#")
    return credit


def _entry_markdown(entry: DigestEntry, display: Display) -> list[str]:
    tip = entry.tip
    readable = " ".join(display(tip.text).split())
    text = shorten(readable, TEXT_LIMIT)
    cut = text != readable
    link = tip.source.permalink
    if cut and link:
        text += f" [more]({link})"
    details = [_credit(tip, display)]
    if link:
        details.append(f"[open in chat]({link})")
    if _status(tip):
        details.append(f"_{_status(tip)}_")
    saved = f"{entry.savers} saver" + ("" if entry.savers == 1 else "s")
    return [f"{entry.rank}. **{saved}** · {text}", "   " + " · ".join(details)]


def _section_markdown(section: DigestSection, display: Display) -> list[str]:
    heading = f"### #{display(section.tag)}" if section.tag else "### Untagged"
    lines = ["", heading, ""]
    for entry in section.entries:
        lines.extend(_entry_markdown(entry, display))
    return lines


def _stats_line(digest: Digest, display: Display) -> str:
    tips = f"{digest.tips_captured} tip" + ("" if digest.tips_captured == 1 else "s")
    people = f"{digest.contributors} contributor" + ("" if digest.contributors == 1 else "s")
    line = f"{tips} captured this week; {people} in this digest."
    if digest.top_contributors:
        names = ", ".join(f"{display(c.name)} ({c.tips})" for c in digest.top_contributors)
        line += f" Top contributors: {names}."
    return line


def render_markdown(digest: Digest, display: Display) -> str:
    """The digest as Markdown. `display` turns stored chat text into safe readable text."""
    lines = [f"# Tipjar weekly digest — {digest.period.label} ({date_range(digest.period)})", ""]
    if digest.empty:
        lines.append("There were no new tips this week.")
        return "\n".join(lines) + "\n"
    lines.extend([_stats_line(digest, display), "", "## Best new tips"])
    for section in digest.sections:
        lines.extend(_section_markdown(section, display))
    return "\n".join(lines) + "\n"


def _iso(when: datetime) -> str:
    when = when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when
    return when.isoformat()


def _entry_json(entry: DigestEntry, display: Display) -> dict[str, Any]:
    tip, source = entry.tip, entry.tip.source
    return {
        "id": tip.id,
        "rank": entry.rank,
        "text": display(tip.text),
        "author": source.author.display_name,
        "channel": source.channel_name or source.ref.channel_id,
        "permalink": source.permalink or None,
        "savers": entry.savers,
        "tags": list(tip.tags),
        "status": tip.status.value,
    }


def render_json(digest: Digest, display: Display) -> dict[str, Any]:
    """The digest as plain JSON-serialisable data; tip text passes through `display`."""
    period = digest.period
    return {
        "period": {"label": period.label, "start": _iso(period.start), "end": _iso(period.end)},
        "generated_at": _iso(digest.generated_at),
        "sections": [
            {"tag": s.tag, "entries": [_entry_json(e, display) for e in s.entries]} for s in digest.sections
        ],
        "stats": {
            "tips_captured": digest.tips_captured,
            "contributors": digest.contributors,
            "top_contributors": [{"name": c.name, "tips": c.tips} for c in digest.top_contributors],
        },
    }
