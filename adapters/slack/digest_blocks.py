"""A built digest as Slack Block Kit messages, written as plain dicts.

Every string from chat passes the caller's `display` (no pings, readable) and then mrkdwn escaping of
&, < and >, so a saved message can neither ping anyone nor inject formatting or links of its own. Slack
takes at most MAX_BLOCKS blocks per message and TEXT_LIMIT characters per text object: the digest is split
into as many messages as it needs, and a tip's three blocks always stay in one message.

Each tip's blocks carry block ids "tip-{id}-text", "tip-{id}-about" and "tip-{id}" (the review buttons),
so a click can find the tip in the posted message and swap in `entry_blocks` after the review.
"""
from __future__ import annotations

import json
from collections.abc import Callable

from bot.actions import GAP_ANSWER, GAP_DISMISS, REVIEW_APPROVE, REVIEW_ARCHIVE, REVIEW_NEEDS_UPDATE
from adapters.slack.blockkit import TEXT_LIMIT, context, escape, fit, section  # noqa: F401 (TEXT_LIMIT is part of this API)
from bot.curation import LABELS
from bot.files import CLIP
from bot.model import TipStatus
from bot.privacy.screen import marker
from bot.text import shorten
from digests.model import Digest, DigestEntry, TipList
from digests.render import HEADINGS, NO_TIPS, more_tips_line, plural, question_note, review_words, stats_line, title

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
    return section(text, block_id)


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


def _best_units(digest: Digest, display: Display) -> list[list[dict]]:
    units: list[list[dict]] = [[_header(HEADINGS["best"])]]
    if not digest.sections:
        return [units[0] + [section(NO_TIPS)]]
    for group in digest.sections:
        heading = f"*#{escape(display(group.tag))}*" if group.tag else "*Untagged*"
        units.append([section(heading)])
        units.extend(entry_blocks(e, display, digest=digest.name, period=digest.period.label) for e in group.entries)
    return units + ([[context(escape(more_tips_line(digest)))]] if digest.more_tips > 0 else [])


def gap_buttons(question_id: int) -> dict:
    """Answer (a modal) and "Not a question for us" on one open question; the value names the question."""
    value = json.dumps({"question_id": question_id})
    return {"type": "actions", "block_id": f"gap-{question_id}", "elements": [
        _button("Answer", GAP_ANSWER, value, "primary"), _button("Not a question for us", GAP_DISMISS, value, None)]}


def _question_units(digest: Digest, display: Display) -> list[list[dict]]:
    if not digest.open_questions:
        return []
    units = [[_header(HEADINGS["questions"])]]
    for group in digest.open_questions:
        text = escape(shorten(" ".join(display(group.text).split()), QUESTION_TEXT_LIMIT))
        unit = [section(f"“{text}”"), context(question_note(group, _safe(display)))]
        if group.question_id is not None and not group.answered_by:
            unit.append(gap_buttons(group.question_id))
        units.append(unit)
    more = digest.open_questions_total - len(digest.open_questions)
    return units + ([[context(f"…and {more} more questions.")]] if more > 0 else [])


def _tip_list_units(key: str, listed: TipList, digest: Digest, display: Display) -> list[list[dict]]:
    if not listed.entries:
        return []
    units = [[_header(HEADINGS[key])]]
    units.extend(entry_blocks(e, display, digest=digest.name, period=digest.period.label) for e in listed.entries)
    return units + ([[context(f"…and {listed.more} more tips.")]] if listed.more > 0 else [])


def _glued(units: list[list[dict]]) -> list[list[dict]]:
    """Headings (a unit of one header or one section) travel with the unit after them."""
    glued: list[list[dict]] = []
    carry: list[dict] = []
    for unit in units:
        if len(unit) == 1 and unit[0]["type"] in ("header", "section") and "block_id" not in unit[0]:
            carry += unit
            continue
        glued.append(carry + unit)
        carry = []
    return glued + ([carry] if carry else [])


def _pack(units: list[list[dict]]) -> list[list[dict]]:
    messages: list[list[dict]] = [[]]
    for unit in units:
        if messages[-1] and len(messages[-1]) + len(unit) > MAX_BLOCKS:
            messages.append([])
        messages[-1].extend(unit)
    return messages


def render_blocks(digest: Digest, display: Display) -> list[dict]:
    """The digest as Slack messages, each {"text": fallback, "blocks": [...]}, posted in order."""
    units = [[_header(title(digest)), context(stats_line(digest, _safe(display)))], *_best_units(digest, display)]
    units += _question_units(digest, display)
    units += _tip_list_units("outdated", digest.outdated, digest, display)
    units += _tip_list_units("due", digest.due, digest, display)
    messages = _pack(_glued(units))
    total = len(messages)
    return [
        {"text": title(digest) + (f" (part {n} of {total})" if total > 1 else ""), "blocks": blocks}
        for n, blocks in enumerate(messages, start=1)
    ]


def reviewed_tips(message: dict) -> list[int]:
    """The ids of the tips a digest message carries review buttons for, in order, each once: what its record
    keeps, so a click is checked against what the message showed (bot.trainers)."""
    return _ids_on_buttons(message, {action for _, action, _ in BUTTONS}, "tip_id")


def answerable_questions(message: dict) -> list[int]:
    """The ids of the open questions a digest message carries Answer / dismiss buttons for."""
    return _ids_on_buttons(message, {GAP_ANSWER, GAP_DISMISS}, "question_id")


def _ids_on_buttons(message: dict, actions: set[str], key: str) -> list[int]:
    found: list[int] = []
    for block in message.get("blocks", []):
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("action_id") in actions:
                value = json.loads(element.get("value") or "{}")
                if isinstance(value.get(key), int) and value[key] not in found:
                    found.append(value[key])
    return found
