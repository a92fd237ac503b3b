"""A message to the bot read as a command: its mentions and formatting taken out, its first word the verb.
Plain searches over the text, each stretch looked at a bounded number of times, with no regular expression."""
from __future__ import annotations

from adapters.teams.html import html_to_text, looks_like_html

COMMANDS = ("tip", "ask", "help")
_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


def command_text(activity: dict) -> str:
    """The words of a message to the bot: mentions (of the bot, or anyone) and formatting removed."""
    text = activity.get("text")
    text = without_mentions(text if isinstance(text, str) else "")
    if looks_like_html(text):
        text = html_to_text(text)
    return " ".join(text.split())


def without_mentions(text: str) -> str:
    """Every <at>...</at> replaced by a space: from an opening tag (<at, then anything but "<" up to ">") to the
    first closing tag (</at>, spaces allowed before its ">") after it; an opening tag never closed stays.
    Plain searches over the text once made lower case (ASCII only, so the offsets stay): each stretch of the
    text is looked at a bounded number of times, with no regular expression."""
    data = text.encode("utf-8", "surrogatepass")
    lowered, kept, position = data.lower(), [], 0
    while (opening := _mention_opening(lowered, position)) is not None:
        closing = _mention_closing(lowered, opening[1])
        if closing is None:
            break
        kept += [data[position:opening[0]], b" "]
        position = closing
    return (b"".join(kept) + data[position:]).decode("utf-8", "surrogatepass")


def _mention_opening(lowered: bytes, position: int) -> tuple[int, int] | None:
    """Where the next <at ...> starts and ends; None when there is none."""
    while (start := lowered.find(b"<at", position)) >= 0:
        after = start + 3
        next_tag = lowered.find(b"<", after)
        end = lowered.find(b">", after, len(lowered) if next_tag < 0 else next_tag)
        if end >= 0 and not _word_at(lowered, after):
            return start, end + 1
        if next_tag < 0:
            return None  # no "<" left to start another
        position = next_tag
    return None


def _mention_closing(lowered: bytes, position: int) -> int | None:
    """Where the first </at> at or after `position` ends; None when there is none."""
    while (start := lowered.find(b"</at", position)) >= 0:
        after = start + 4
        next_tag = lowered.find(b"<", after)
        inside = lowered[after:len(lowered) if next_tag < 0 else next_tag]
        rest = inside.lstrip()
        if rest.startswith(b">"):
            return after + len(inside) - len(rest) + 1
        if next_tag < 0:
            return None
        position = next_tag
    return None


def _word_at(lowered: bytes, offset: int) -> bool:
    """Whether a letter, digit or "_" follows "<at" (then it is another tag, such as <atom>)."""
    if offset >= len(lowered):
        return False
    if lowered[offset] < 0x80:
        return lowered[offset] in _WORD_BYTES
    character = lowered[offset:offset + 4].decode("utf-8", "ignore")[:1]
    return character.isalnum()


def parse_command(text: str) -> tuple[str, str]:
    """'tip Hold F12 #scanner' -> ('tip', 'Hold F12 #scanner'); anything else -> ('', text)."""
    verb, _, rest = text.partition(" ")
    verb = verb.lower().lstrip("/")
    return (verb, rest.strip()) if verb in COMMANDS else ("", text)
