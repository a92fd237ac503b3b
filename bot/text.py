"""Chat markup in, readable and harmless text out; #tags out of /tip text.

Text is stored as the platform gave it. Everything Tipjar shows passes through `display_text`, which
turns Slack/Teams markup into plain words and makes sure nothing it posts can ping a person or a channel.
"""
from __future__ import annotations

import html
import re
from typing import Callable, Iterable, Mapping

ZWSP = "\u200b"
"""Zero-width space: placed after '@' it keeps the look of a mention and removes its effect."""

_ANGLE = re.compile(r"<([^<>\n]{1,2000})>")
_BROADCAST_WORD = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)
_TEAMS_AT = re.compile(r"<at>([^<]{0,200})</at>", re.IGNORECASE)
_TAG = re.compile(r"(?<![\w&#/])#([A-Za-z][\w-]{0,49})")

Names = Mapping[str, str] | Callable[[str], str | None] | None


def _lookup(names: Names, user_id: str) -> str | None:
    if names is None:
        return None
    if callable(names):
        return names(user_id)
    return names.get(user_id)


def _quiet_mention(name: str) -> str:
    return "@" + ZWSP + name.lstrip("@")


def _angle_token(token: str, names: Names) -> str:
    head, _, label = token.partition("|")
    if head.startswith("@"):  # user ping <@U123> or <@U123|name>
        return _quiet_mention(_lookup(names, head[1:]) or label or head[1:])
    if head.startswith("!"):  # <!here>, <!channel>, <!subteam^S1|@nurses>, <!date^...|fallback>
        special = head[1:].split("^", 1)[0]
        if special in ("here", "channel", "everyone"):
            return _quiet_mention(special)
        return _quiet_mention(label) if label.startswith("@") else (label or "")
    if head.startswith("#"):  # channel link <#C123|general>
        return "#" + (label or head[1:])
    url = head
    if not label or label == url or url.removeprefix("mailto:") == label:
        return url.removeprefix("mailto:")
    return f"{label} ({url})"


def display_text(raw: str, names: Names = None) -> str:
    """Readable, non-pinging text for any stored chat message."""
    text = _TEAMS_AT.sub(lambda m: _quiet_mention(m.group(1).strip()), raw or "")
    text = _ANGLE.sub(lambda m: _angle_token(m.group(1), names), text)
    text = html.unescape(text)
    text = _BROADCAST_WORD.sub(lambda m: _quiet_mention(m.group(1)), text)
    return re.sub(r"<(?=[@!#])", "‹", text)


MAX_TAGS = 10
"""Tags kept per tip: a message of thousands of #words must not make every export carry them."""


def normal_tag(tag: str) -> str:
    """A tag as Tipjar stores and compares it: lower-case, without '#' and surrounding spaces ("" if none is left)."""
    return tag.strip().lstrip("#").strip().lower()


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags as given by a person or a file, as stored: each in its `normal_tag` form, once, in order; empty ones dropped."""
    return list(dict.fromkeys(tag for tag in map(normal_tag, tags) if tag))


def typed_tags(field: str | None) -> list[str]:
    """The words typed into a form's tags field, where people separate tags with spaces or commas."""
    return (field or "").replace(",", " ").split()


def cap_tags(tags: list[str]) -> tuple[list[str], int]:
    """The first MAX_TAGS tags, and how many were dropped."""
    return tags[:MAX_TAGS], max(len(tags) - MAX_TAGS, 0)


def extract_tags(text: str) -> list[str]:
    """`#tags` in order of first use, lower-case, without '#'. Slack channel links are not tags."""
    seen: dict[str, None] = {}
    for match in _TAG.finditer(_ANGLE.sub(" ", text or "")):
        seen.setdefault(match.group(1).lower(), None)
    return list(seen)


def strip_tags(text: str) -> str:
    """The text without its trailing #tags (inline tags stay, they are part of the sentence)."""
    words = (text or "").split()
    while words and _TAG.fullmatch(words[-1]):
        words.pop()
    return " ".join(words)


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut on a word boundary, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 1)]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.;:") + "…"
