"""A built digest as Slack Block Kit messages, written as plain dicts.

Every string from chat passes the caller's `display` (no pings, readable) and then mrkdwn escaping of
&, < and >, so a saved message can neither ping anyone nor inject formatting or links of its own. Slack
takes at most MAX_BLOCKS blocks per message and TEXT_LIMIT characters per text object: the digest is split
into as many messages as it needs, and a tip's three blocks always stay in one message.

Each section kind has one render function here, registered on SLACK, returning units (digests.messages): a
tip or a question with its buttons, naming the ids they act on, so each message says what it shows as it is
rendered (render_messages), for the poster's record. Each tip's blocks carry block ids "tip-{id}-text",
"tip-{id}-about" and "tip-{id}" (the review buttons), so a click can find the tip in the posted message and
swap in `entry_blocks` after the review.
"""
from __future__ import annotations

import json
from collections.abc import Callable

from bot.actions import GAP_ANSWER, GAP_DISMISS, REVIEW_APPROVE, REVIEW_ARCHIVE, REVIEW_NEEDS_UPDATE
from adapters.slack.blockkit import TEXT_LIMIT, context, escape, fit  # noqa: F401 (TEXT_LIMIT is part of this API)
from adapters.slack.blockkit import section as blocks_section
from bot.curation import LABELS
from bot.files import CLIP
from bot.model import TipStatus
from bot.privacy.screen import marker
from bot.text import shorten
from digests.messages import RenderedMessage, Unit, packed
from digests.model import Digest, DigestEntry, QuestionGroup, TipList
from digests.renderers import ByKind
from digests.sections.best import BestTips
from digests.sections.questions import OpenQuestions
from digests.wording import NO_TIPS, more_line, more_tips_line, plural, question_note, review_words, stats_line, title

Display = Callable[[str], str]
MAX_BLOCKS = 50
HEADER_LIMIT = 150
TIP_TEXT_LIMIT = 500
"""Characters of tip text shown; escaping may grow them up to five times, still under TEXT_LIMIT."""
QUESTION_TEXT_LIMIT = 300
REVIEW_EDIT = "tipjar_review_edit"
"""Slack only: the editor opens in a modal."""
BUTTONS = (
    ("Approve", REVIEW_APPROVE, "primary"),
    ("Needs update", REVIEW_NEEDS_UPDATE, None),
    ("Archive", REVIEW_ARCHIVE, "danger"),
    ("Edit", REVIEW_EDIT, None),
)
SLACK: ByKind[list[Unit]] = ByKind("Slack")


def _safe(display: Display) -> Display:
    """`display`, then mrkdwn escaping: the one path for chat text into a mrkdwn text object."""
    return lambda text: escape(display(text))


def _link(url: str, label: str) -> str:
    if not url.startswith(("https://", "http://")) or len(url) > 500:
        return ""
    return f"<{url.replace('|', '%7C').replace('>', '%3E')}|{label}>"


def _header(text: str) -> dict:
    return {"type": "header", "text": {"type": "plain_text", "text": fit(text, HEADER_LIMIT), "emoji": True}}


def _button(label: str, action_id: str, value: str, style: str | None) -> dict:
    element = {"type": "button", "text": {"type": "plain_text", "text": label}, "action_id": action_id, "value": value}
    return element | ({"style": style} if style else {})


def _tip_section(entry: DigestEntry, display: Display, block_id: str | None) -> dict:
    """Rank, savers, the tip's words (shortened, with a link to the rest) and a link to the message."""
    tip, url = entry.tip, entry.tip.source.permalink
    readable = " ".join(display(tip.text).split())
    short = shorten(readable, TIP_TEXT_LIMIT)
    text = f"*{entry.rank}.* *{plural(entry.savers, 'saver')}* · {escape(short)}"
    if short != readable and _link(url, "more"):
        text += f" {_link(url, 'more')}"
    if _link(url, "open in chat"):
        text += f"\n{_link(url, 'open in chat')}"
    return blocks_section(text, block_id)


def _about(entry: DigestEntry, display: Display) -> str:
    """'Maria Lopez in #emr-go-live · Approved by Jo Brennan · last approved 91 days ago' as mrkdwn."""
    safe = _safe(display)
    source = entry.tip.source
    channel = safe(source.channel_name or source.ref.channel_id).lstrip("#")
    review = review_words(entry, safe) or LABELS[TipStatus.NEW].capitalize()
    parts = [f"{safe(source.author.display_name)} in #{channel}", review, safe(entry.reason), marker(entry.tip.redacted),
             *(_link(f.link, f"{CLIP} {safe(f.name)}") or f"{CLIP} {safe(f.name)}" for f in source.files)]
    return " · ".join(part for part in parts if part)


def _review_buttons(entry: DigestEntry, digest: str, period: str) -> dict:
    value = json.dumps({"tip_id": entry.tip.id, "digest": digest[:200], "period": period[:50]})
    elements = [_button(label, action_id, value, style) for label, action_id, style in BUTTONS]
    return {"type": "actions", "block_id": f"tip-{entry.tip.id}", "elements": elements}


def entry_blocks(entry: DigestEntry, display: Display, *, digest: str = "", period: str = "") -> list[dict]:
    """One tip's blocks: what it says, who and where it came from with its review state, review buttons.

    `digest` and `period` go into the buttons' values so a click knows which digest message to update.
    A tip without an id (never stored) cannot be reviewed and gets no buttons.
    """
    tip_id = entry.tip.id
    if tip_id is None:
        return [_tip_section(entry, display, None), context(_about(entry, display))]
    return [
        _tip_section(entry, display, f"tip-{tip_id}-text"),
        context(_about(entry, display), f"tip-{tip_id}-about"),
        _review_buttons(entry, digest, period),
    ]


def _entry_unit(entry: DigestEntry, digest: Digest, display: Display) -> Unit:
    blocks = entry_blocks(entry, display, digest=digest.name, period=digest.period.label)
    return Unit.of(*blocks, tips=[] if entry.tip.id is None else [entry.tip.id])


@SLACK.register(BestTips.kind)
def _best_units(section: BestTips, digest: Digest, display: Display) -> list[Unit]:
    if not section.groups:
        return [Unit.of(_header(section.heading), blocks_section(NO_TIPS))]
    units = [Unit.titled(_header(section.heading))]
    for group in section.groups:
        heading = f"*#{escape(display(group.tag))}*" if group.tag else "*Untagged*"
        units.append(Unit.titled(blocks_section(heading)))
        units.extend(_entry_unit(e, digest, display) for e in group.entries)
    return units + ([Unit.of(context(escape(more_tips_line(section.more))))] if section.more > 0 else [])


def gap_buttons(question_id: int) -> dict:
    """Answer (a modal) and "Not a question for us" on one open question; the value names the question."""
    value = json.dumps({"question_id": question_id})
    return {"type": "actions", "block_id": f"gap-{question_id}", "elements": [
        _button("Answer", GAP_ANSWER, value, "primary"), _button("Not a question for us", GAP_DISMISS, value, None)]}


def _question_unit(group: QuestionGroup, display: Display) -> Unit:
    text = escape(shorten(" ".join(display(group.text).split()), QUESTION_TEXT_LIMIT))
    blocks = [blocks_section(f"“{text}”"), context(question_note(group, _safe(display)))]
    if group.question_id is None or group.answered_by:
        return Unit.of(*blocks)
    return Unit.of(*blocks, gap_buttons(group.question_id), questions=[group.question_id])


@SLACK.register(OpenQuestions.kind)
def _question_units(section: OpenQuestions, digest: Digest, display: Display) -> list[Unit]:
    if not section.groups:
        return []
    units = [Unit.titled(_header(section.heading))] + [_question_unit(group, display) for group in section.groups]
    more = more_line(section.more, "questions")
    return units + ([Unit.of(context(more))] if more else [])


@SLACK.register("outdated", "due")
def _tip_list_units(section: TipList, digest: Digest, display: Display) -> list[Unit]:
    if not section.entries:
        return []
    units = [Unit.titled(_header(section.heading))] + [_entry_unit(e, digest, display) for e in section.entries]
    more = more_line(section.more, "tips")
    return units + ([Unit.of(context(more))] if more else [])


def render_messages(digest: Digest, display: Display) -> list[RenderedMessage]:
    """The digest as Slack messages, each {"text": fallback, "blocks": [...]} with what it shows, in order."""
    units = [Unit.of(_header(title(digest)), context(stats_line(digest.stats, _safe(display))))]
    for part in digest.sections:
        units += SLACK(part, digest, display)
    messages = packed(units, lambda blocks: len(blocks) <= MAX_BLOCKS)
    total = len(messages)
    return [RenderedMessage({"text": title(digest) + (f" (part {n} of {total})" if total > 1 else ""),
                             "blocks": list(message.blocks)}, message.tips, message.questions)
            for n, message in enumerate(messages, start=1)]


def render_blocks(digest: Digest, display: Display) -> list[dict]:
    """Only the messages Slack takes, for a preview (the poster uses render_messages)."""
    return [message.payload for message in render_messages(digest, display)]
