"""Slack payloads -> core commands. Pure: everything fetched from the Web API is passed in."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from bot.commands import Ask, CaptureMessage, DeleteSource, EditSource, RecordFeedback, RemoveVote, SubmitTip
from bot.model import FileRef, Origin, Person, Source, SourceRef, Viewer, Visibility

PLATFORM = "slack"


@dataclass(frozen=True)
class ChannelInfo:
    id: str
    name: str
    private: bool
    """Private channels, group DMs and DMs: their tips are private."""


def event_key(body: dict) -> str:
    """What makes a delivery unique: Slack's event_id for events (retries repeat it), the trigger otherwise."""
    if body.get("event_id"):
        return body["event_id"]
    trigger = body.get("trigger_id") or body.get("action_ts") or (body.get("actions") or [{}])[0].get("action_ts")
    return f"{body.get('type') or body.get('command', 'request')}:{trigger}"


SHOWN_AROUND_A_CLICK = ("message", "view", "state")
"""What Slack sends with a button click besides the click: the whole message or view it was on (a digest, an
App Home: tips' words). No handler of a click reads them (the container names the place)."""


def stored_form(body: dict) -> dict:
    """What of a request the inbox keeps: a button click without the message or view around it, so the words
    shown there are never written to the store."""
    if body.get("type") != "block_actions":
        return body
    return {key: value for key, value in body.items() if key not in SHOWN_AROUND_A_CLICK}


def team_id(body: dict) -> str:
    return body.get("team_id") or (body.get("team") or {}).get("id") or body.get("user", {}).get("team_id", "")


def posted_at(ts: str) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(ts), timezone.utc)
    except (TypeError, ValueError):
        return None


def visibility(channel: ChannelInfo) -> Visibility:
    return Visibility.PRIVATE if channel.private else Visibility.PUBLIC


def message_source(team: str, channel: ChannelInfo, message: dict, author_name: str, permalink: str) -> Source:
    ts = message["ts"]
    thread = message.get("thread_ts")
    return Source(
        ref=SourceRef(PLATFORM, team, channel.id, ts), author=Person(message.get("user", ""), author_name),
        thread_id=thread if thread and thread != ts else None, permalink=permalink, channel_name=channel.name,
        posted_at=posted_at(ts), files=file_refs(message),
    )


def file_refs(message: dict) -> tuple[FileRef, ...]:
    """A message's files as references (name, type, size, Slack's link): Slack keeps the files and who may open them."""
    files = message.get("files") if isinstance(message.get("files"), list) else []
    refs = []
    for item in files[:20]:
        if not isinstance(item, dict) or item.get("mode") == "tombstone":
            continue
        name = item.get("name") or item.get("title") or "file"
        size = item.get("size") if isinstance(item.get("size"), int) and item["size"] >= 0 else 0
        refs.append(FileRef(str(name)[:200], str(item.get("mimetype") or item.get("filetype") or "")[:100], size,
                            str(item.get("permalink") or "")[:1000]))
    return tuple(refs)


def capture(source: Source, message: dict, saver: str, channel: ChannelInfo, origin: Origin) -> CaptureMessage:
    return CaptureMessage(source, message.get("text") or "", saver, visibility(channel), origin, author_can_confirm=True)


def reaction_ref(body: dict) -> SourceRef:
    item = body["event"]["item"]
    return SourceRef(PLATFORM, team_id(body), item["channel"], item["ts"])


def remove_vote(body: dict) -> RemoveVote:
    return RemoveVote(reaction_ref(body), body["event"]["user"])


def edit(body: dict) -> EditSource:
    event = body["event"]
    message = event.get("message") or {}
    return EditSource(SourceRef(PLATFORM, team_id(body), event["channel"], message["ts"]), message.get("text") or "",
                      files_after_edit(event))


def files_after_edit(event: dict) -> tuple[FileRef, ...] | None:
    """The files an edited message still has (a removed one comes as a tombstone); None when neither the
    message nor the one before it lists files, so the edit says nothing about them."""
    message, before = _object(event.get("message")), _object(event.get("previous_message"))
    return file_refs(message) if "files" in message or "files" in before else None


def tombstone(body: dict) -> DeleteSource | None:
    """A message deleted while it has thread replies stays as a tombstone: Slack says so by an edit whose
    message has the subtype "tombstone" (and no message_deleted). That is the deletion of the source."""
    event = _object(body.get("event"))
    message = _object(event.get("message"))
    ts, channel = message.get("ts"), event.get("channel")
    if message.get("subtype") != "tombstone" or not (isinstance(ts, str) and ts and isinstance(channel, str)):
        return None
    return DeleteSource(SourceRef(PLATFORM, team_id(body), channel, ts))


def _object(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def delete(body: dict) -> DeleteSource:
    event = body["event"]
    return DeleteSource(SourceRef(PLATFORM, team_id(body), event["channel"], event["deleted_ts"]))


def submit_tip(body: dict, channel: ChannelInfo, author_name: str) -> SubmitTip:
    """`/tip`: the tip has no chat message of its own; the command's trigger names it."""
    source = Source(
        ref=SourceRef(PLATFORM, team_id(body), body["channel_id"], f"tip-{body.get('trigger_id', '')}"),
        author=Person(body["user_id"], author_name), channel_name=channel.name,
    )
    return SubmitTip(source, body.get("text") or "", visibility(channel), author_can_confirm=True)


def ask(body: dict) -> Ask:
    return Ask(Viewer(PLATFORM, team_id(body), body["user_id"]), body.get("text") or "")


def tip_id_on_button(body: dict) -> int | None:
    """The tip a "Delete" button names, or None when its value is not Tipjar's."""
    tip_id = action_value(body).get("tip_id")
    return tip_id if isinstance(tip_id, int) and not isinstance(tip_id, bool) and tip_id > 0 else None


@dataclass(frozen=True)
class HeldRequest:
    """What the author's "save it" button carries: a message to read again, or a /tip's own words."""

    channel: str
    ts: str = ""
    saver: str = ""
    origin: Origin = Origin.REACTION
    trigger: str = ""
    text: str = ""


def held_request(body: dict) -> HeldRequest | None:
    value = action_value(body)
    strings = {key: item for key, item in value.items() if isinstance(item, str) and item}
    if "channel" not in strings:
        return None
    if "trigger" in strings and "text" in strings:
        return HeldRequest(strings["channel"], trigger=strings["trigger"], text=strings["text"])
    if {"ts", "saver", "origin"} <= strings.keys() and strings["origin"] in {o.value for o in Origin}:
        return HeldRequest(strings["channel"], strings["ts"], strings["saver"], Origin(strings["origin"]))
    return None


def action_value(body: dict) -> dict:
    """The JSON value Tipjar put on the button that was clicked ({} when it is not ours)."""
    try:
        value = json.loads((body.get("actions") or [{}])[0].get("value") or "{}")
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def feedback(body: dict, helpful: bool) -> RecordFeedback:
    return RecordFeedback(int(action_value(body).get("question_id", 0)), body["user"]["id"], helpful)
