"""Teams-shaped activities, as the Bot Connector delivers them to POST /api/messages.

St Mary's tenant: the "Go-live" team (General and Trainers channels), a pharmacy group chat, and personal
chats. Ids follow Teams' shapes: 19:...@thread.tacv2 for channels, 19:...@thread.v2 for group chats,
a:... for personal chats, 29:... for users (with their Entra object id in aadObjectId).
"""
from __future__ import annotations

import itertools
import json
import urllib.error
import urllib.request

TENANT = "72f988bf-0000-4000-8000-000000000001"
BOT = {"id": "28:tipjar-app-id", "name": "Tipjar"}
TEAM = {"id": "19:golive-general@thread.tacv2", "name": "Go-live", "aadGroupId": "team-golive"}
GENERAL = {"id": "19:golive-general@thread.tacv2", "name": "General"}
TRAINERS = {"id": "19:golive-trainers@thread.tacv2", "name": "Trainers", "type": "standard"}
"""A standard channel of the Go-live team, as Teams names its kind in channelData (the Agents SDK's `type`)."""
PHARMACY_CHAT = "19:pharmacy-chat@thread.v2"
SECRET = {"id": "19:golive-secret@thread.tacv2", "name": "Med safety"}
"""A private channel of the Go-live team (Maria and Jo); its activities do not say so (no membershipType)."""
SHARED = {"id": "19:golive-vendor@thread.tacv2", "name": "Vendor desk"}
"""A shared channel: Jo, and Gus, a guest from the vendor's tenant who is in no team of St Mary's."""
PEOPLE = {"maria": "aad-maria", "dev": "aad-dev", "jo": "aad-jo", "sam": "aad-sam", "priya": "aad-priya",
          "gus": "aad-gus"}
NAMES = {"maria": "Maria Lopez", "dev": "Dev Patel", "jo": "Jo Brennan", "sam": "Sam Okafor", "priya": "Priya Nair",
         "gus": "Gus Vendor"}
_ids = itertools.count(1_800_000_000_001)


def next_id() -> str:
    return str(next(_ids))


def user(who: str) -> dict:
    return {"id": f"29:{PEOPLE[who]}", "name": NAMES[who], "aadObjectId": PEOPLE[who]}


def personal(who: str) -> str:
    return f"a:personal-{who}"


def _base(kind: str, who: str | None, service_url: str, conversation: dict, channel: dict | None) -> dict:
    activity = {
        "type": kind, "id": next_id(), "timestamp": "2026-11-30T09:00:00.000Z", "channelId": "msteams",
        "serviceUrl": service_url, "recipient": BOT, "conversation": {"tenantId": TENANT, **conversation},
        "channelData": {"tenant": {"id": TENANT}},
    }
    if who:
        activity["from"] = user(who)
    if channel is not None:
        activity["channelData"].update({"team": TEAM, "channel": channel})
    return activity


def in_channel(channel: dict = GENERAL, thread: str | None = None) -> tuple[dict, dict]:
    conversation_id = channel["id"] + (f";messageid={thread}" if thread else "")
    return {"id": conversation_id, "conversationType": "channel", "isGroup": True}, channel


def in_group_chat() -> tuple[dict, None]:
    return {"id": PHARMACY_CHAT, "conversationType": "groupChat", "isGroup": True}, None


def in_personal_chat(who: str) -> tuple[dict, None]:
    return {"id": personal(who), "conversationType": "personal"}, None


def installed(service_url: str, where: tuple[dict, dict | None], who: str = "jo") -> dict:
    activity = _base("conversationUpdate", who, service_url, *where)
    activity["membersAdded"] = [{"id": BOT["id"]}]
    if where[1] is not None:
        activity["channelData"]["eventType"] = "teamMemberAdded"
    return activity


def mention(service_url: str, who: str, words: str, where: tuple[dict, dict | None] | None = None) -> dict:
    """`@Tipjar <words>` in a channel (the default) or group chat; in a personal chat, use `said`."""
    where = where or in_channel()
    activity = _base("message", who, service_url, *where)
    activity.update({"text": f"<at>Tipjar</at> {words}", "textFormat": "plain",
                     "entities": [{"type": "mention", "text": "<at>Tipjar</at>", "mentioned": BOT}]})
    return activity


def said(service_url: str, who: str, words: str) -> dict:
    activity = _base("message", who, service_url, *in_personal_chat(who))
    activity.update({"text": words, "textFormat": "plain"})
    return activity


def message_payload(author: str | None, html: str, message_id: str | None = None, reply_to: str | None = None) -> dict:
    """What Teams puts in `value.messagePayload` (note replyToId null and from.user, which real payloads carry)."""
    return {
        "id": message_id or next_id(), "replyToId": reply_to, "createdDateTime": "2026-11-30T08:55:12.345Z",
        "messageType": "message", "importance": "normal", "locale": "en-us",
        "linkToMessage": f"https://teams.microsoft.com/l/message/{GENERAL['id']}/{message_id or 'x'}",
        "from": ({"user": {"id": PEOPLE[author], "displayName": NAMES[author], "userIdentityType": "aadUser"},
                  "application": None} if author else
                 {"user": None, "application": {"id": "pager-app", "displayName": "Pager Bot"}}),
        "body": {"contentType": "html", "content": html}, "attachments": [], "mentions": [], "reactions": [],
    }


def save_as_tip(service_url: str, who: str, payload: dict, where: tuple[dict, dict | None] | None = None,
                tags: str = "") -> dict:
    activity = _base("invoke", who, service_url, *(where or in_channel()))
    activity.update({"name": "composeExtension/submitAction", "value": {
        "commandId": "saveTip", "commandContext": "message", "context": {"theme": "default"},
        "data": {"tags": tags}, "botMessagePreviewAction": None, "messagePayload": payload}})
    return activity


def reaction(service_url: str, who: str, bot_message_id: str, kind: str = "like", added: bool = True,
             where: tuple[dict, dict | None] | None = None) -> dict:
    activity = _base("messageReaction", who, service_url, *(where or in_channel()))
    activity.update({"replyToId": bot_message_id,
                     ("reactionsAdded" if added else "reactionsRemoved"): [{"type": kind}]})
    return activity


def card_click(service_url: str, who: str, card_message_id: str, verb: str, data: dict,
               where: tuple[dict, dict | None] | None = None) -> dict:
    activity = _base("invoke", who, service_url, *(where or in_channel(TRAINERS)))
    activity.update({"name": "adaptiveCard/action", "replyToId": card_message_id,
                     "value": {"action": {"type": "Action.Execute", "verb": verb, "data": data}, "trigger": "manual"}})
    return activity


def post(url: str, body: object, token: str | None = None, raw: bytes | None = None) -> tuple[int, dict | str]:
    """POST to /api/messages; (status, parsed JSON answer or its text)."""
    data = raw if raw is not None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"} | ({"Authorization": f"Bearer {token}"} if token else {})
    request = urllib.request.Request(url + "/api/messages", data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            status, text = answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    try:
        return status, json.loads(text) if text else ""
    except ValueError:
        return status, text


def edited(service_url: str, who: str, message_id: str, html: str, where: tuple[dict, dict | None] | None = None) -> dict:
    """Teams tells the bot a message was edited: the activity's id is the message's."""
    activity = _base("messageUpdate", who, service_url, *(where or in_channel()))
    activity.update({"id": message_id, "text": html, "textFormat": "xml"})
    activity["channelData"]["eventType"] = "editMessage"
    return activity


def deleted(service_url: str, who: str, message_id: str, where: tuple[dict, dict | None] | None = None) -> dict:
    activity = _base("messageDelete", who, service_url, *(where or in_channel()))
    activity["id"] = message_id
    activity["channelData"]["eventType"] = "softDeleteMessage"
    return activity
