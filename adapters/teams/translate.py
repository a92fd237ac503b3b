"""Teams activities -> core commands. Pure: the activity is read as plain JSON, nothing is fetched.

Who may read a tip follows the conversation it came from. Tipjar calls that the tip's *scope* and stores
it as the tip's channel: the team for a standard channel (every member of the team can read it), the
channel itself for a private or shared channel, and the chat for group and personal chats. A message id is
unique within its channel, so a channel message's id is stored as "<channel id>|<message id>".
A channel is read as its team's only when it is the team's General channel (its id is the team's) or
channelData says it is standard (`channel.membershipType`, or `channel.type` as the Agents SDK names it:
"standard", "private" or "shared"). A channel whose type is not said is its own scope: a private channel
created with the whole team has the team's roster at first, so a roster never makes a channel standard.
The processor may still narrow a standard channel whose roster differs from its team's (`narrowed`).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import datetime

from adapters.teams.html import html_to_text, looks_like_html
from adapters.teams.mentions import command_text, parse_command
from bot.commands import Ask, DeleteSource, EditSource, RecordFeedback, SubmitTip
from bot.model import Person, Source, SourceRef, Viewer, Visibility
from runtime.model import Conversation

PLATFORM = "teams"
NARROWED = "tipjarChannelScope"
"""Set on an activity (by the processor, never trusted to widen anything) when its channel is its own scope."""
CHANNEL_TYPES = ("shared", "private", "standard")
"""What Teams calls a channel's kind, the narrowest first: the first that channelData names is the channel's."""
SAVE_TIP = "saveTip"
"""The message action's command id (manifest composeExtensions)."""
LIKES = frozenset({"like", "heart"})


class Malformed(ValueError):
    """The activity lacks something every activity of its kind carries."""


class PostedByApp(Exception):
    """"Save as tip" on a message an app (a bot, a connector) posted: Tipjar saves what people write."""


@dataclass(frozen=True)
class Where:
    """The conversation an activity came from."""

    tenant: str
    conversation_id: str
    """Without the ";messageid=..." that Teams adds inside a channel thread."""
    kind: str
    """"channel", "group" or "personal"."""
    scope: str
    """Who may read what is saved here: the team of a standard channel, else this conversation."""
    team_id: str
    name: str
    thread_id: str | None
    service_url: str


def _get(data: dict, *path: str) -> object:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _text(data: dict, *path: str) -> str:
    value = _get(data, *path)
    return value if isinstance(value, str) else ""


def _list(data: dict, key: str) -> list:
    value = data.get(key)
    return value if isinstance(value, list) else []


def split_conversation(conversation_id: str) -> tuple[str, str | None]:
    """'19:x@thread.tacv2;messageid=17' -> ('19:x@thread.tacv2', '17')."""
    base, _, rest = conversation_id.partition(";messageid=")
    return base, (rest or None)


def where(activity: dict) -> Where:
    conversation = activity.get("conversation")
    if not isinstance(conversation, dict) or not _text(conversation, "id"):
        raise Malformed("the activity names no conversation")
    base, thread = split_conversation(conversation["id"])
    kind = {"channel": "channel", "groupChat": "group"}.get(_text(conversation, "conversationType"), "personal")
    if kind == "personal" and conversation.get("isGroup"):
        kind = "group"
    team_id = _text(activity, "channelData", "team", "id")
    standard = base == team_id or channel_type(activity) == "standard"
    scope = team_id if kind == "channel" and team_id and standard and activity.get(NARROWED) is None else base
    channel_name = _text(activity, "channelData", "channel", "name")
    team_name = _text(activity, "channelData", "team", "name")
    name = " › ".join(part for part in (team_name, channel_name) if part) or _text(conversation, "name")
    return Where(tenant(activity), base, kind, scope, team_id, name, thread, _text(activity, "serviceUrl"))


def channel_type(activity: dict) -> str:
    """"shared", "private" or "standard" as channelData says; "" when it says none of them. Should its two
    fields disagree, the narrower kind is taken."""
    said = {_text(activity, "channelData", "channel", field).lower() for field in ("membershipType", "type")}
    return next((kind for kind in CHANNEL_TYPES if kind in said), "")


def tenant(activity: dict) -> str:
    """The activity's tenant. Teams names it twice (channelData.tenant.id, conversation.tenantId); a Bot
    Connector token names none, so two fields that disagree make the activity malformed, not one tenant's."""
    from_channel_data = _text(activity, "channelData", "tenant", "id")
    from_conversation = _text(activity, "conversation", "tenantId")
    if from_channel_data and from_conversation and from_channel_data.lower() != from_conversation.lower():
        raise Malformed("channelData.tenant.id and conversation.tenantId name different tenants")
    return from_channel_data or from_conversation


def narrowed(activity: dict) -> dict:
    """The activity read as coming from a channel that is its own scope (a private or shared channel)."""
    return {**activity, NARROWED: True}


def classify(activity: dict) -> str | None:
    """The inbox kind of an activity Tipjar acts on; None for everything else (acknowledged, not stored)."""
    kind, name = activity.get("type"), activity.get("name")
    if kind == "conversationUpdate" or kind == "installationUpdate":
        return "conversation_update"
    if kind == "message" and isinstance(activity.get("text"), str) and activity["text"].strip():
        return "message"
    if kind == "messageReaction":
        return "reaction"
    if kind == "invoke" and name == "composeExtension/submitAction":
        return "save_tip"
    if kind == "invoke" and name == "adaptiveCard/action":
        return "card_action"
    if kind == "messageUpdate" and _text(activity, "channelData", "eventType") == "editMessage":
        return "message_changed"
    if kind == "messageDelete":
        return "message_deleted"
    return None


def event_key(activity: dict) -> str:
    """Teams repeats the activity id when it delivers the same activity again. An edit or a deletion carries
    the id of the message it is about (each distinct edit is its own event); an activity without an id (some
    conversation updates) is known by its content."""
    kind = activity.get("type")
    if kind in ("conversationUpdate", "installationUpdate") and not activity.get("id"):
        digest = hashlib.sha256(json.dumps(activity, sort_keys=True, default=str).encode()).hexdigest()
        return f"update:{digest[:32]}"
    key = activity_id(activity)
    if kind == "messageUpdate":
        return f"edit:{key}:{hashlib.sha256(str(activity.get('text')).encode()).hexdigest()[:16]}"
    return f"delete:{key}" if kind == "messageDelete" else key


def activity_id(activity: dict) -> str:
    key = activity.get("id")
    if not isinstance(key, str) or not key:
        raise Malformed("the activity has no id")
    return key


def person(activity: dict) -> Person:
    """The person who acted: their Microsoft Entra object id when Teams sends it (stable across chats)."""
    sender = activity.get("from") if isinstance(activity.get("from"), dict) else {}
    user_id = _text(sender, "aadObjectId") or _text(sender, "id")
    if not user_id:
        raise Malformed("the activity names no sender")
    return Person(user_id, _text(sender, "name"))


def viewer(activity: dict) -> Viewer:
    return Viewer(PLATFORM, where(activity).tenant, person(activity).user_id)


def visibility(place: Where, public_teams: list[str]) -> Visibility:
    public = place.kind == "channel" and place.scope == place.team_id and place.team_id in public_teams
    return Visibility.PUBLIC if public else Visibility.PRIVATE


def conversations(activity: dict, now: datetime) -> list[Conversation]:
    """What to remember from any activity: its conversation and, in a team, the team (for its roster).
    A team's id is also the id of its General channel: there the two are one record. The team's record,
    written from an activity in any of its channels, carries the team's own scope, never the channel's: a
    private channel's activity must not make General's readers that channel's."""
    place = where(activity)
    team = {"serviceUrl": place.service_url, "tenantId": place.tenant, "teamId": place.team_id,
            "teamName": _text(activity, "channelData", "team", "name"), "botId": _text(activity, "recipient", "id")}
    channel_name = _text(activity, "channelData", "channel", "name")
    said = channel_type(activity) if place.kind == "channel" else ""
    own = {"scope": place.scope} | ({"channelType": said} if said else {})
    # A chat's topic is not kept: anyone in it names it, often after the patient it is about.
    known = [Conversation(PLATFORM, place.tenant, place.conversation_id, place.kind, channel_name, {**team, **own}, now)]
    if place.team_id and place.team_id != place.conversation_id:
        known.append(Conversation(PLATFORM, place.tenant, place.team_id, "team",
                                  _text(activity, "channelData", "team", "name"), {**team, "scope": place.team_id}, now))
    return known


def bot_was_added(activity: dict) -> bool:
    bot = _text(activity, "recipient", "id")
    added = _list(activity, "membersAdded")
    return (activity.get("type") == "installationUpdate" and activity.get("action") == "add") or any(
        isinstance(member, dict) and member.get("id") == bot for member in added)


def submit_tip(activity: dict, text: str, public_teams: list[str]) -> SubmitTip:
    """`tip <text>`: the tip's own id is the activity's (a repeated delivery is the same tip)."""
    place = where(activity)
    source = Source(ref=SourceRef(PLATFORM, place.tenant, place.scope, f"tip-{activity_id(activity)}"),
                    author=person(activity), thread_id=place.thread_id, channel_name=place.name)
    return SubmitTip(source, text, visibility(place, public_teams))


def _message_ref(place: Where, message_id: str) -> SourceRef:
    """A chat message's identity in Tipjar: unique within its scope."""
    stored_id = f"{place.conversation_id}|{message_id}" if place.scope != place.conversation_id else message_id
    return SourceRef(PLATFORM, place.tenant, place.scope, stored_id)


def _places(activity: dict) -> list[Where]:
    """Every scope a message of this channel may have been saved under: its team's and its own (what Teams
    says of the channel, and its roster, can change between the save and an edit or deletion; tips saved
    before a channel of unsaid kind stopped counting as its team's keep the team's scope; a deletion must
    never miss)."""
    place = where(activity)
    if place.kind != "channel" or not place.team_id:
        return [place]
    scopes = (place.team_id, place.conversation_id)
    return [replace(place, scope=scope) for scope in dict.fromkeys(scopes)]


def edits(activity: dict) -> list[EditSource]:
    """An edited message: the tip saved from it follows its new text; an edited `tip` command, the tip it made."""
    message_id = activity_id(activity)
    text = _text(activity, "text")
    text = html_to_text(text) if looks_like_html(text) else text
    verb, rest = parse_command(command_text(activity))
    changed = []
    for place in _places(activity):
        changed.append(EditSource(_message_ref(place, message_id), text))
        if verb == "tip" and rest:
            changed.append(EditSource(SourceRef(PLATFORM, place.tenant, place.scope, f"tip-{message_id}"), rest))
    return changed


def deletions(activity: dict) -> list[DeleteSource]:
    """A deleted message: its text leaves Tipjar, whether it was saved as a tip or was a `tip` command."""
    message_id = activity_id(activity)
    return [command for place in _places(activity) for command in (
        DeleteSource(_message_ref(place, message_id)),
        DeleteSource(SourceRef(PLATFORM, place.tenant, place.scope, f"tip-{message_id}")))]


def ask(activity: dict, text: str) -> Ask:
    """In a channel or group chat the answer is seen by everyone there: only their scope's private tips. A
    channel that is its own scope may be a shared channel, read by people of other tenants: no tip public in
    this tenant either (Teams does not always say which kind of channel it is)."""
    place = where(activity)
    within = None if place.kind == "personal" else frozenset({place.scope})
    own_scope = place.kind == "channel" and place.scope != place.team_id
    return Ask(viewer(activity), text, within=within, public=not own_scope)


def reactions(activity: dict) -> tuple[bool, bool]:
    """(a like or heart was added, one was removed)."""
    def liked(key: str) -> bool:
        return any(isinstance(r, dict) and _text(r, "type") in LIKES for r in _list(activity, key))
    return liked("reactionsAdded"), liked("reactionsRemoved")


def card_action(activity: dict) -> tuple[str, dict]:
    """(verb, data) of an Action.Execute click on one of Tipjar's cards."""
    action = _get(activity, "value", "action")
    if not isinstance(action, dict) or not isinstance(action.get("verb"), str):
        raise Malformed("the card action has no verb")
    data = action.get("data")
    return action["verb"], data if isinstance(data, dict) else {}


def feedback(activity: dict, data: dict, helpful: bool) -> RecordFeedback:
    return RecordFeedback(int(data["question_id"]), person(activity).user_id, helpful)
