"""Core replies -> Slack messages (text + Block Kit). Pure.

Every piece of chat text passes display_text (no pings, readable) and then mrkdwn escaping, so a
saved message can neither ping anyone nor inject formatting or links of its own.
"""
from __future__ import annotations

import json
from functools import singledispatch

from adapters.slack.blockkit import context, escape, section
from adapters.slack.digest_blocks import gap_buttons
from bot.actions import ERASE_TIP, HELPFUL, NOT_HELPFUL
from bot.curation import LABELS
from bot.files import CLIP, safe_link
from bot.model import Origin, Tip
from bot.privacy.erase import REMOVED
from bot.privacy.screen import marker, removed_words
from bot.replies import Answer, AnswerSource, Erased, HeldForAuthor, Imported, Notice, Quiet, Reply, TipSaved
from bot.text import display_text, shorten, typed_tags

ASK_TRAINERS = "tipjar_ask_trainers"
CONFIRM_TIP = "tipjar_confirm_tip"
BUTTON_VALUE_LIMIT = 2000


def safe(text: str) -> str:
    """Stored chat text as Slack mrkdwn that shows the words and does nothing else."""
    return escape(display_text(text))


def link(url: str, label: str) -> str:
    if not url.startswith(("https://", "http://")):
        return escape(label)
    return f"<{url.replace('|', '%7C').replace('>', '%3E')}|{escape(label)}>"


def credit(tip: Tip) -> str:
    """'Maria Lopez in #emr-go-live' as mrkdwn: a name, never a ping."""
    channel = tip.source.channel_name or tip.source.ref.channel_id
    said = f"{safe(tip.source.author.display_name)} in #{safe(channel.lstrip('#'))}"
    return f"{said} · {marker(tip.redacted)}" if tip.redacted else said


def files(tip: Tip) -> list[str]:
    """"📎 scanner-settings.png" per file, linked to it in Slack (which decides who may open it)."""
    return [link(f.link, f"{CLIP} {display_text(f.name)}") if safe_link(f.link) else escape(f"{CLIP} {display_text(f.name)}")
            for f in tip.source.files]


def button(text: str, action_id: str, value: dict, style: str | None = None) -> dict:
    element = {"type": "button", "text": {"type": "plain_text", "text": text}, "action_id": action_id,
               "value": json.dumps(value)[:2000]}
    if style:
        element["style"] = style
    return element


@singledispatch
def render(reply: Reply) -> dict | None:
    """Keyword arguments for chat.postEphemeral / a response_url; None when there is nothing to say."""
    raise TypeError(f"cannot render {type(reply).__name__}")


@render.register
def _(reply: Quiet) -> None:
    return None


@render.register
def _(reply: Notice) -> dict:
    """The core's own words: escaped, not read as chat markup (so "<text>" in a usage line stays)."""
    return {"text": escape(reply.text)}


@render.register
def _(reply: TipSaved) -> dict:
    tip = reply.tip
    people = "1 person has" if tip.votes == 1 else f"{tip.votes} people have"
    if reply.created:
        said = f"Saved as tip #{tip.id}. {people} saved it."
    elif not reply.counted:
        said = f"You had already saved this as tip #{tip.id}. {people} saved it."
    else:
        said = f"Added your vote to tip #{tip.id}. {people} saved it."
    said = " ".join(part for part in (said, reply.tags_note) if part)
    if reply.removed:
        return redaction_note(reply, said)
    return {"text": said}


def redaction_note(reply: TipSaved, said: str = "") -> dict:
    """The private note to the saver (after `said`) or to the author: what was removed, and a way to withdraw."""
    tip = reply.tip
    note = (f"Before saving tip #{tip.id}, Tipjar removed {removed_words(reply.removed)} (patient details): "
            "only the text without them was stored. If the tip should not be kept at all, delete it.")
    text = f"{said} {note}".strip()
    delete = button("Delete this tip", ERASE_TIP, {"tip_id": tip.id}, style="danger")
    return {"text": text, "blocks": [section(escape(text)), {"type": "actions", "elements": [delete]}]}


def hold_prompt(reply: HeldForAuthor) -> dict:
    """The private question to the author when privacy.patient_data is `hold`."""
    found = f"it seems to hold patient details ({removed_words(reply.kinds)}). Nothing has been stored."
    ref = reply.source.ref
    value = ({"channel": ref.channel_id, "trigger": ref.message_id.removeprefix("tip-"), "text": reply.text}
             if reply.origin is Origin.COMMAND else
             {"channel": ref.channel_id, "ts": ref.message_id, "saver": reply.saver_id, "origin": reply.origin.value})
    if len(json.dumps(value)) > BUTTON_VALUE_LIMIT:
        return {"text": f"Tipjar did not save your tip: {found} Please post it again without them."}
    text = (f"Tipjar was about to save your message as a tip, but {found} If it holds no patient data, save it "
            "as written; otherwise edit the message first, or ignore this.")
    save = button("It holds no patient data: save it", CONFIRM_TIP, value, style="primary")
    return {"text": text, "blocks": [section(escape(text)), {"type": "actions", "elements": [save]}]}


def held_note() -> dict:
    """To a saver who is not the author, when the author is asked first."""
    return {"text": "That message seems to hold patient details, so Tipjar asked its author privately to confirm "
                    "before saving it. Nothing has been stored yet."}


def removed_message() -> dict:
    """What a bot message about an erased tip is replaced with."""
    return {"text": REMOVED, "blocks": [context(REMOVED)]}


render.register(HeldForAuthor, hold_prompt)


@render.register
def _(reply: Erased) -> dict:
    if not reply.tip_ids:
        return {"text": "That tip was already deleted."}
    numbers = ", ".join(f"#{tip_id}" for tip_id in reply.tip_ids)
    return {"text": f"Deleted tip {numbers}: its words were erased from Tipjar."}


@render.register
def _(reply: Imported) -> dict:
    return {"text": f"Imported {reply.created} new tips; {reply.merged} were already stored."}


def _source_blocks(number: int, source: AnswerSource) -> list[dict]:
    tip = source.tip
    where = " · ".join([credit(tip), LABELS[tip.status], link(tip.source.permalink, "open the message"), *files(tip)])
    snippet = "".join(f"*{escape(text)}*" if hit else escape(text) for text, hit in source.segments())
    return [section(f"*{number}.* {snippet}"), context(where)]


@render.register
def _(reply: Answer) -> dict:
    asked = {"question_id": reply.question_id}  # a reference: the question may not fit in a button's 2,000 chars
    if not reply.answered:
        blocks = [section(safe(reply.text)),
                  {"type": "actions", "elements": [button("Ask the trainers", ASK_TRAINERS, asked, "primary")]}]
        return {"text": display_text(reply.text), "blocks": blocks}
    blocks = [section(f"*What Tipjar knows about* “{safe(reply.question)}”")]
    if reply.text:
        blocks.append(section(safe(reply.text)))
    for number, source in enumerate(reply.sources, 1):
        blocks.extend(_source_blocks(number, source))
    blocks.append({"type": "actions", "elements": [
        button("Helpful", HELPFUL, asked, "primary"), button("Not helpful", NOT_HELPFUL, asked),
    ]})
    return {"text": f"{len(reply.sources)} tips about “{display_text(reply.question)}”", "blocks": blocks}


def escalation(question: str, asker_name: str, question_id: int | None = None) -> dict:
    """The message "Ask the trainers" posts to the trainers' channel, with Answer and Dismiss buttons."""
    text = f"*A question nobody could answer from Tipjar*\n>{safe(question)}\nAsked by {safe(asker_name)}."
    blocks = [section(text)] + ([gap_buttons(question_id)] if question_id else [])
    return {"text": f"A question for the trainers: {display_text(question)}", "blocks": blocks}


def home_view(saved: list[Tip], top: list[Tip]) -> dict:
    """The App Home tab: this week's top tips, then the viewer's own saved tips."""
    blocks: list[dict] = [{"type": "header", "text": {"type": "plain_text", "text": "Tipjar"}}]
    for title, tips, empty in (("This week's top tips", top, "No tips saved this week yet."),
                               ("Tips you saved", saved, "React with 💡 to a useful message to save it.")):
        blocks.append(section(f"*{title}*"))
        blocks.extend(_home_tip(tip) for tip in tips)
        if not tips:
            blocks.append(context(empty))
    return {"type": "home", "blocks": blocks[:100]}


def _home_tip(tip: Tip) -> dict:
    votes = f"{tip.votes} saver{'s' * (tip.votes != 1)}"
    text = f"{escape(shorten(display_text(tip.text), 300))}\n_{credit(tip)} · {votes} · {LABELS[tip.status]}_"
    if tip.source.permalink:
        text += f" · {link(tip.source.permalink, 'open')}"
    text += "".join(f" · {words}" for words in files(tip))
    # Its author, first saver and the trainers may delete it (a /tip has no chat message to delete instead).
    return section(text) | {"accessory": button("Delete", ERASE_TIP, {"tip_id": tip.id, "home": True})}


def edit_view(callback_id: str, tip: Tip, metadata: dict) -> dict:
    """The modal in which a trainer corrects a tip's text and tags."""
    def field(block_id: str, label: str, value: str, multiline: bool) -> dict:
        element = {"type": "plain_text_input", "action_id": "value", "multiline": multiline, "initial_value": value}
        return {"type": "input", "block_id": block_id, "label": {"type": "plain_text", "text": label},
                "element": element, "optional": block_id == "tags"}

    return {
        "type": "modal", "callback_id": callback_id, "private_metadata": json.dumps(metadata),
        "title": {"type": "plain_text", "text": f"Correct tip #{tip.id}"[:24]},
        "submit": {"type": "plain_text", "text": "Save"}, "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [field("text", "Text", tip.text, True), field("tags", "Tags (space separated)", " ".join(tip.tags), False)],
    }


def edit_values(view: dict) -> tuple[str, list[str]]:
    """The text and tags a trainer submitted in the edit modal."""
    values = view.get("state", {}).get("values", {})
    text = (values.get("text", {}).get("value", {}).get("value") or "").strip()
    return text, typed_tags(values.get("tags", {}).get("value", {}).get("value"))
