"""Core replies -> Teams messages with Adaptive Cards. Pure: returns activity dicts. The digest's cards are
adapters.teams.digest_cards' work.

Every string from chat passes `safe`: no <at> mention or @channel in it can ping anyone (display_text),
and no markdown link of its own can hide where it points. Cards use Action.Execute, so a click arrives
as an `adaptiveCard/action` invoke that Tipjar can answer privately to the person who clicked.
"""
from __future__ import annotations

from functools import singledispatch

from bot.actions import ERASE_TIP, HELPFUL, NOT_HELPFUL
from bot.ask import NO_ANSWER
from bot.files import CLIP
from bot.privacy.erase import REMOVED
from bot.privacy.screen import marker, removed_words
from bot.model import Tip, TipStatus
from bot.replies import Answer, AnswerSource, Erased, Imported, Notice, Quiet, Reply, TipSaved
from bot.text import ZWSP, display_text, shorten
from digests.wording import plural

CARD = "application/vnd.microsoft.card.adaptive"
TIP_TEXT_LIMIT = 600
HELP = (
    "Tipjar keeps the tips people share here.\n"
    "- tip <what you learned> #tags: save a tip\n"
    "- ask <question>: find what colleagues have shared\n"
    "- On any message: ... > More actions > Save as tip\n"
    "- Like or heart one of my tip posts to save it too; like an answer that helped.\n"
    "In a channel, mention me first: @Tipjar ask how do I reprint a wristband?"
)


def safe(text: str) -> str:
    """Readable, non-pinging text that cannot carry a markdown link of its own."""
    return display_text(text).replace("](", "]" + ZWSP + "(").replace("<", "‹")


def md_link(url: str, label: str) -> str:
    if not url.startswith("https://") or len(url) > 1000 or any(c in url for c in " ()<>"):
        return ""
    return f"[{label}]({url})"


def text_block(text: str, **style: object) -> dict:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def card(body: list[dict], actions: list[dict] | None = None) -> dict:
    content = {"type": "AdaptiveCard", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
               "version": "1.4", "body": body, "msteams": {"width": "Full"}}
    return content | ({"actions": actions} if actions else {})


def message(content: dict, summary: str) -> dict:
    """A message activity holding one card; `summary` is what notifications and screen readers show."""
    return {"type": "message", "summary": shorten(summary, 200), "attachments": [{"contentType": CARD, "content": content}]}


def plain(text: str) -> dict:
    """A short text message of Tipjar's own words (shown as written: no markdown, no mentions)."""
    return {"type": "message", "text": text, "textFormat": "plain"}


def execute(title_: str, verb: str, data: dict, style: str = "default") -> dict:
    return {"type": "Action.Execute", "title": title_, "verb": verb, "data": data, "style": style}


def credit(tip: Tip) -> str:
    source = tip.source
    where = f" in {safe(source.channel_name)}" if source.channel_name else ""
    said = f"{safe(source.author.display_name)}{where}"
    said += "".join(f" · {md_link(f.link, CLIP + ' ' + safe(f.name)) or CLIP + ' ' + safe(f.name)}" for f in source.files)
    return f"{said} · {marker(tip.redacted)}" if tip.redacted else said


@singledispatch
def render(reply: Reply) -> dict | None:
    raise TypeError(f"no Teams rendering for {type(reply).__name__}")


@render.register
def _(reply: Quiet) -> None:
    return None


@render.register
def _(reply: Notice) -> dict:
    """The core's notices name Slack's slash commands; in Teams the same words go to @Tipjar."""
    return plain(reply.text.replace("/tip ", "tip ").replace("/ask ", "ask "))


@render.register
def _(reply: Imported) -> dict:
    return plain(f"Imported {reply.created} new tips; {reply.merged} were already here.")


def tip_card(reply: TipSaved) -> dict:
    """The bot's post about a saved tip: what it says, whose it is, and that a like saves it too."""
    tip = reply.tip
    if reply.created:
        heading = f"💡 Saved as tip #{tip.id}"
    elif reply.counted:
        heading = f"💡 Tip #{tip.id}: your save was counted ({plural(tip.votes, 'saver')})"
    else:
        heading = f"💡 You had already saved tip #{tip.id} ({plural(tip.votes, 'saver')})"
    tags = " ".join(f"#{tag}" for tag in tip.tags)
    about = " · ".join(part for part in (credit(tip), md_link(tip.source.permalink, "open message"), safe(tags)) if part)
    body = [text_block(heading, weight="Bolder"), text_block(shorten(safe(tip.text), TIP_TEXT_LIMIT)),
            text_block(about, isSubtle=True, size="Small", spacing="Small"),
            *([text_block(reply.tags_note, isSubtle=True, size="Small")] if reply.tags_note else []),
            text_block("Like 👍 or ❤️ this post to save the tip too.", isSubtle=True, size="Small")]
    # What was removed goes to the saver and the author privately (redaction_note); the credit line's marker stays.
    # Its author, first saver and the trainers may delete it: a Teams message may never send a delete event.
    return message(card(body, [execute("Delete tip", ERASE_TIP, {"tip_id": tip.id}, "destructive")]), heading)


def redaction_note(reply: TipSaved) -> dict:
    """The private 1:1 note to the saver and to the message's author: what was removed, and a way to withdraw."""
    tip = reply.tip
    said = (f"Before saving tip #{tip.id}, Tipjar removed {removed_words(reply.removed)} (patient details): "
            "only the text without them was stored. If the tip should not be kept at all, delete it.")
    body = [text_block(said), text_block(shorten(safe(tip.text), TIP_TEXT_LIMIT), isSubtle=True, size="Small")]
    return message(card(body, [execute("Delete tip", ERASE_TIP, {"tip_id": tip.id}, "destructive")]),
                   f"Patient details removed from tip #{tip.id}")


def removed_card() -> dict:
    """What the bot's card about an erased tip is replaced with."""
    return message(card([text_block(REMOVED, isSubtle=True)]), REMOVED)


render.register(TipSaved, tip_card)


def _source(number: int, source: AnswerSource) -> list[dict]:
    snippet = "".join(f"**{safe(text)}**" if hit else safe(text) for text, hit in source.segments())
    tip = source.tip
    label = " · approved by a trainer" if tip.status is TipStatus.APPROVED else (
        " · flagged as outdated" if tip.status is TipStatus.NEEDS_UPDATE else "")
    link = md_link(tip.source.permalink, "open message")
    return [text_block(f"{number}. {snippet}", spacing="Medium"),
            text_block(credit(tip) + label + (f" · {link}" if link else ""), isSubtle=True, size="Small",
                       spacing="None")]


@render.register
def _(reply: Erased) -> dict:
    if not reply.tip_ids:
        return plain("That tip was already deleted.")
    return plain(f"Deleted tip {', '.join(f'#{i}' for i in reply.tip_ids)}: its words were erased from Tipjar.")


@render.register
def _(reply: Answer) -> dict:
    body = [text_block(f"❓ {safe(shorten(reply.question, 300))}", weight="Bolder")]
    if not reply.answered:
        body.append(text_block(reply.text or NO_ANSWER))
        return message(card(body), "Tipjar has no tip for that yet")
    if reply.text:
        body.append(text_block(safe(reply.text)))
    for number, source in enumerate(reply.sources, start=1):
        body += _source(number, source)
    body.append(text_block("Like 👍 this answer if it helped.", isSubtle=True, size="Small"))
    data = {"question_id": reply.question_id}
    actions = [execute("Helpful", HELPFUL, data, "positive"), execute("Not helpful", NOT_HELPFUL, data)]
    return message(card(body, actions), f"{plural(len(reply.sources), 'tip')} for: {safe(reply.question)}")


def help_message() -> dict:
    return plain(HELP)
