"""The curated knowledge base as files: Markdown and CSV here, the one-page HTML in digests/export_html.py.

Pure functions of (tips, generated_at, selection): no store, no clock. Every piece of chat text passes through
`display_text` (no pings, readable links) and is then escaped for the target format. A tip with several
tags is listed under each of its tags (so each tag section reads whole); untagged tips come last.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime, timezone

from bot.curation import LABELS
from bot.files import CLIP, safe_link
from bot.model import Tip, TipStatus
from bot.text import display_text
from bot.privacy.screen import marker

TITLE = "Tipjar knowledge base"
EMPTY = "There are no tips yet."
CSV_COLUMNS = ("id", "status", "tags", "author", "channel", "captured_at", "created_at", "permalink", "votes", "text", "files")
_URL = re.compile(r"https?://[^\s<>\"]+")
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~])|&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"^(?:([#>+=-])|(\d+)([.)]))")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportFilter:
    """What the operator asked for; shown at the top so a filtered export says it is one."""

    status: TipStatus | None = None
    tag: str | None = None

    def describe(self) -> str:
        parts = [f"only tips {LABELS[self.status]}"] if self.status else []
        parts += [f"only #{self.tag}"] if self.tag else []
        return "; ".join(parts)


@dataclass(frozen=True)
class Section:
    tag: str | None
    """None for the untagged tips."""
    tips: list[Tip]

    @property
    def title(self) -> str:
        return f"#{self.tag}" if self.tag else "Untagged"


def sections(tips: list[Tip], selection: ExportFilter = ExportFilter()) -> list[Section]:
    """Tag sections in alphabetical order, untagged last; most-saved tips first, then oldest first."""
    by_tag: dict[str | None, list[Tip]] = {}
    for tip in sorted(tips, key=lambda t: (-t.votes, t.captured_at, t.id or 0)):
        tags = [selection.tag] if selection.tag else tip.tags
        for tag in tags or [None]:
            by_tag.setdefault(tag, []).append(tip)
    order = sorted(by_tag, key=lambda tag: (tag is None, tag or ""))
    return [Section(tag, by_tag[tag]) for tag in order]


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def readable_date(when: datetime) -> str:
    """'28 Nov 2026' (UTC)."""
    return f"{_utc(when):%-d %b %Y}"


def readable_time(when: datetime) -> str:
    """'28 Nov 2026, 20:15 UTC'."""
    return f"{_utc(when):%-d %b %Y, %H:%M} UTC"


def _utc(when: datetime) -> datetime:
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)


def summary(tips: list[Tip], groups: list[Section]) -> str:
    """'3 tips in 2 sections: 1 approved by a trainer, 2 not yet reviewed.'"""
    counts = {status: sum(tip.status is status for tip in tips) for status in TipStatus}
    states = ", ".join(f"{counts[s]:,} {LABELS[s]}" for s in TipStatus if counts[s])
    return f"{plural(len(tips), 'tip')} in {plural(len(groups), 'section')}: {states}."


def author(tip: Tip) -> str:
    return display_text(tip.source.author.display_name)


def channel(tip: Tip) -> str:
    return "#" + display_text(tip.source.channel_name or tip.source.ref.channel_id).lstrip("#")


def web_link(tip: Tip) -> str | None:
    """The permalink when a browser can open it (http or https); other schemes are shown as text."""
    link = tip.source.permalink
    return link if _URL.fullmatch(link) else None


def split_urls(text: str) -> list[tuple[str, bool]]:
    """(piece, is_url) pairs; a URL loses trailing punctuation and an unbalanced closing parenthesis."""
    pieces, last = [], 0
    for match in _URL.finditer(text):
        url = match.group().rstrip(".,;:!?'")
        while url.endswith(")") and url.count(")") > url.count("("):
            url = url[:-1]
        pieces += [(text[last:match.start()], False), (url, True)]
        last = match.start() + len(url)
    return [p for p in pieces + [(text[last:], False)] if p[0]]


def markdown_text(text: str) -> str:
    """Display text as Markdown that shows exactly these words: specials escaped, URLs as autolinks,
    line breaks kept (hard breaks), blank lines as paragraph breaks."""
    paragraphs = re.split(r"\n\s*\n", display_text(text).strip())
    return "\n\n".join("\\\n".join(_markdown_line(line.strip()) for line in p.splitlines() if line.strip())
                       for p in paragraphs if p.strip())


def _markdown_line(line: str) -> str:
    escaped = "".join(f"<{piece}>" if is_url else md(piece) for piece, is_url in split_urls(line))
    return _MD_LINE_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), escaped)


def md(text: str) -> str:
    """Plain words as Markdown inline text."""
    return _MD_INLINE.sub(r"\\\g<0>", text)


def _markdown_tip(tip: Tip) -> list[str]:
    link = web_link(tip)
    details = [f"{md(author(tip))} in {md(channel(tip))}", f"captured {readable_date(tip.captured_at)}",
               plural(tip.votes, "vote")]
    details += [" ".join(md(f"#{tag}") for tag in tip.tags)] if tip.tags else []
    details += [f"[open in chat](<{link}>)" if link else md(tip.source.permalink)] if tip.source.permalink else []
    details += [marker(tip.redacted)] if tip.redacted else []
    details += [f"[{md(CLIP + ' ' + f.name)}](<{safe_link(f.link)}>)" if safe_link(f.link) else md(f"{CLIP} {f.name}")
                for f in tip.source.files]
    heading = f"### Tip {tip.id} · {LABELS[tip.status]}"
    return [heading, "", markdown_text(tip.text), "", "*" + " · ".join(details) + "*", ""]


def render_markdown(tips: list[Tip], generated_at: datetime, selection: ExportFilter = ExportFilter()) -> str:
    """The knowledge base as one Markdown document (title, counts, then one section per tag)."""
    groups = sections(tips, selection)
    lines = [f"# {TITLE}", "", f"Generated {readable_time(generated_at)}."]
    if selection.describe():
        lines[-1] += f" This export has {md(selection.describe())}."
    if not tips:
        return "\n".join(lines + ["", EMPTY]) + "\n"
    contents = " · ".join(f"{md(group.title)} ({len(group.tips):,})" for group in groups)
    lines += ["", summary(tips, groups), "", f"Sections: {contents}", ""]
    for group in groups:
        lines += [f"## {md(group.title)}", ""]
        for tip in group.tips:
            lines += _markdown_tip(tip)
    return "\n".join(lines)


def _cell(value: str) -> str:
    """Text Excel shows as text: a leading =, +, -, @ would otherwise be run as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _spreadsheet_time(when: datetime) -> str:
    """'2026-11-28 20:15:07' in UTC: a date-time Excel and LibreOffice recognise."""
    return f"{_utc(when):%Y-%m-%d %H:%M:%S}"


def render_csv(tips: list[Tip]) -> str:
    """One row per tip, a header row, CRLF line ends and a UTF-8 byte-order mark (so Excel reads UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for tip in tips:
        row = [
            tip.id, tip.status.value, ";".join(tip.tags), author(tip), channel(tip), _spreadsheet_time(tip.captured_at),
            _spreadsheet_time(tip.created_at), tip.source.permalink or "", tip.votes, display_text(tip.text),
            "; ".join(f"{f.name} {f.link}".strip() for f in tip.source.files),
        ]
        writer.writerow([_cell(str(value)) for value in row])  # every cell: any text field can come from outside
    return "\ufeff" + buffer.getvalue()
