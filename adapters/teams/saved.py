"""A Teams "Save as tip" message action -> CaptureMessage: the message as Teams describes it, its author, thread,
link, files and the tags typed in the dialog. Pure, like translate.py, whose activity readers it shares."""
from __future__ import annotations

from datetime import datetime

from adapters.teams.html import html_to_text
from adapters.teams.translate import (
    Malformed, PostedByApp, Where, _get, _message_ref, _text, person, visibility, where,
)
from bot.commands import CaptureMessage
from bot.model import FileRef, Origin, Person, Source
from bot.text import extract_tags, typed_tags


def _posted_at(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def message_link(place: Where, message_id: str, parent_id: str | None) -> str:
    """A link that opens the message in Teams (used when the payload carries none)."""
    link = f"https://teams.microsoft.com/l/message/{place.conversation_id}/{message_id}?tenantId={place.tenant}"
    return link + (f"&parentMessageId={parent_id}" if parent_id else "")


def saved_message(activity: dict, public_teams: list[str]) -> CaptureMessage:
    """"Save as tip" on a message: the message as Teams describes it in `value.messagePayload`.

    Raises Malformed when there is no message, and PostedByApp for a message posted by an app.
    """
    value = activity.get("value") if isinstance(activity.get("value"), dict) else {}
    message = value.get("messagePayload")
    if not isinstance(message, dict) or not _text(message, "id"):
        raise Malformed("the action carries no message")
    author = _get(message, "from", "user")
    if not isinstance(author, dict) or not _text(author, "id"):
        raise PostedByApp()
    place = where(activity)
    body = _text(message, "body", "content")
    text = html_to_text(body) if _text(message, "body", "contentType").lower() != "text" else body.strip()
    text = _with_tags(text, _text(value, "data", "tags"))
    parent = _text(message, "replyToId") or place.thread_id
    message_id = _text(message, "id")
    source = Source(
        ref=_message_ref(place, message_id),
        author=Person(_text(author, "id"), _text(author, "displayName")),
        thread_id=parent if parent and parent != message_id else None,
        permalink=_text(message, "linkToMessage") or message_link(place, message_id, parent),
        channel_name=place.name, posted_at=_posted_at(message.get("createdDateTime")), files=_files(message),
    )
    return CaptureMessage(source, text, person(activity).user_id, visibility(place, public_teams), Origin.SHORTCUT)


def _files(message: dict) -> tuple[FileRef, ...]:
    """The message's file attachments as references (name, type, link in SharePoint/OneDrive); cards are not files."""
    attachments = message.get("attachments") if isinstance(message.get("attachments"), list) else []
    return tuple(
        FileRef(_text(item, "name")[:200] or "file", _text(item, "contentType")[:100], 0, _text(item, "contentUrl")[:1000])
        for item in attachments[:20]
        if isinstance(item, dict) and not _text(item, "contentType").startswith("application/vnd.microsoft.card")
        and (_text(item, "name") or _text(item, "contentUrl"))
    )


def _with_tags(text: str, wanted: str) -> str:
    """The dialog's tags ("#scanner, nights") appended as #tags, each once, to a message that has text."""
    words = " ".join("#" + word.lstrip("#") for word in typed_tags(wanted))
    new = [tag for tag in extract_tags(words) if tag not in extract_tags(text)]
    return text + "\n" + " ".join(f"#{tag}" for tag in new) if new and text else text
