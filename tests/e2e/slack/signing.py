"""Drive a Bolt app over real HTTP as Slack does: signed requests and the payload shapes Slack sends.

Every builder of a request returns (body_bytes, content_type), ready for SlackClient.post(path, *built).
"""
from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from email.message import Message
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

TEAM_ID, API_APP_ID, BOT_USER_ID = "T1", "A1", "UBOT"
JSON, FORM = "application/json", "application/x-www-form-urlencoded"
_event_ids = itertools.count(1)


def sign(secret: str, body: bytes, timestamp: int) -> dict[str, str]:
    """Slack's request signature: v0= + HMAC-SHA256 of "v0:{timestamp}:{body}" with the signing secret."""
    base = f"v0:{timestamp}:".encode() + body
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}"}


def event_callback(event: dict, *, team_id: str = TEAM_ID, api_app_id: str = API_APP_ID,
                   event_id: str | None = None, event_time: int | None = None) -> tuple[bytes, str]:
    """An Events API envelope; event_id is unique per call unless given (give the same one to fake a retry)."""
    envelope = {
        "token": "verification-token", "team_id": team_id, "api_app_id": api_app_id, "event": event,
        "type": "event_callback", "event_id": event_id or f"Ev{next(_event_ids):08d}",
        "event_time": event_time or int(time.time()), "event_context": f"EC{team_id}",
        "authorizations": [{"enterprise_id": None, "team_id": team_id, "user_id": BOT_USER_ID,
                            "is_bot": True, "is_enterprise_install": False}],
    }
    return json.dumps(envelope).encode(), JSON


def _event_ts() -> str:
    return f"{time.time():.6f}"


def _reaction(kind: str, user: str, reaction: str, channel: str, ts: str, item_user: str,
              event_ts: str | None) -> dict:
    return {"type": kind, "user": user, "reaction": reaction, "item_user": item_user,
            "item": {"type": "message", "channel": channel, "ts": ts}, "event_ts": event_ts or _event_ts()}


def reaction_added(user: str, reaction: str, channel: str, ts: str, item_user: str,
                   event_ts: str | None = None) -> dict:
    return _reaction("reaction_added", user, reaction, channel, ts, item_user, event_ts)


def reaction_removed(user: str, reaction: str, channel: str, ts: str, item_user: str,
                     event_ts: str | None = None) -> dict:
    return _reaction("reaction_removed", user, reaction, channel, ts, item_user, event_ts)


def _message(user: str, text: str, ts: str, thread_ts: str | None) -> dict:
    message = {"type": "message", "user": user, "text": text, "ts": ts, "team": TEAM_ID}
    return {**message, "thread_ts": thread_ts} if thread_ts else message


def message_changed(channel: str, ts: str, user: str, text: str, previous_text: str,
                    thread_ts: str | None = None, event_ts: str | None = None,
                    channel_type: str = "channel") -> dict:
    """A `message` event, subtype message_changed: the edited message and the one before the edit."""
    event_ts = event_ts or _event_ts()
    return {"type": "message", "subtype": "message_changed", "hidden": True, "channel": channel,
            "channel_type": channel_type, "ts": event_ts, "event_ts": event_ts,
            "message": {**_message(user, text, ts, thread_ts), "edited": {"user": user, "ts": event_ts}},
            "previous_message": _message(user, previous_text, ts, thread_ts)}


def message_deleted(channel: str, ts: str, user: str, previous_text: str, thread_ts: str | None = None,
                    event_ts: str | None = None, channel_type: str = "channel") -> dict:
    """A `message` event, subtype message_deleted: deleted_ts names the message, previous_message its last state."""
    event_ts = event_ts or _event_ts()
    return {"type": "message", "subtype": "message_deleted", "hidden": True, "channel": channel,
            "channel_type": channel_type, "ts": event_ts, "event_ts": event_ts, "deleted_ts": ts,
            "previous_message": _message(user, previous_text, ts, thread_ts)}


def slash_command(command: str, text: str, *, user_id: str, user_name: str, channel_id: str,
                  channel_name: str, response_url: str, team_id: str = TEAM_ID,
                  trigger_id: str = "trigger-1") -> tuple[bytes, str]:
    fields = {"token": "verification-token", "team_id": team_id, "team_domain": "stmarys",
              "channel_id": channel_id, "channel_name": channel_name, "user_id": user_id,
              "user_name": user_name, "command": command, "text": text, "api_app_id": API_APP_ID,
              "response_url": response_url, "trigger_id": trigger_id}
    return urlencode(fields).encode(), FORM


def _interaction(payload: dict) -> tuple[bytes, str]:
    """Interactivity payloads arrive as one form field, payload=<JSON>."""
    return urlencode({"payload": json.dumps(payload)}).encode(), FORM


def message_shortcut(callback_id: str, *, user_id: str, user_name: str, channel_id: str, channel_name: str,
                     message_ts: str, message_user: str, message_text: str, response_url: str,
                     thread_ts: str | None = None, team_id: str = TEAM_ID,
                     trigger_id: str = "trigger-1") -> tuple[bytes, str]:
    """A message shortcut (type message_action) on the message at message_ts."""
    return _interaction({
        "type": "message_action", "token": "verification-token", "action_ts": _event_ts(),
        "callback_id": callback_id, "trigger_id": trigger_id, "response_url": response_url,
        "team": {"id": team_id, "domain": "stmarys"},
        "user": {"id": user_id, "name": user_name, "username": user_name, "team_id": team_id},
        "channel": {"id": channel_id, "name": channel_name}, "is_enterprise_install": False,
        "message_ts": message_ts, "message": _message(message_user, message_text, message_ts, thread_ts),
    })


def button(action_id: str, value: str, block_id: str = "actions") -> dict:
    """One entry of block_actions' `actions`."""
    return {"type": "button", "action_id": action_id, "block_id": block_id, "value": value,
            "text": {"type": "plain_text", "text": action_id}, "action_ts": _event_ts()}


def block_actions(actions: list[dict], *, user_id: str, user_name: str, channel_id: str, message_ts: str,
                  response_url: str, channel_name: str = "", team_id: str = TEAM_ID,
                  is_ephemeral: bool = False, message: dict | None = None,
                  trigger_id: str = "trigger-1") -> tuple[bytes, str]:
    """Buttons pressed on a message (use button(...) for each action)."""
    payload = {
        "type": "block_actions", "token": "verification-token", "api_app_id": API_APP_ID,
        "trigger_id": trigger_id, "response_url": response_url, "actions": actions,
        "team": {"id": team_id, "domain": "stmarys"},
        "user": {"id": user_id, "name": user_name, "username": user_name, "team_id": team_id},
        "channel": {"id": channel_id, "name": channel_name},
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel_id,
                      "is_ephemeral": is_ephemeral},
    }
    if message is not None:
        payload["message"] = message
    return _interaction(payload)


class SlackClient:
    """Posts to a Bolt app as Slack would, signing each request (unless a signature is forced)."""

    def __init__(self, base_url: str, secret: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.secret = secret

    def post(self, path: str, body: bytes, content_type: str, headers: dict | None = None,
             timestamp: int | None = None, signature: str | None = None) -> tuple[int, Message, str]:
        """Returns (status, headers — a case-insensitive mapping, body text); HTTP errors are returned too.
        `timestamp` signs as of that time (stale requests); `signature` replaces the computed one (forgery);
        `headers` are added last, e.g. {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}."""
        timestamp = int(time.time()) if timestamp is None else timestamp
        sent = {"Content-Type": content_type, **sign(self.secret, body, timestamp)}
        if signature is not None:
            sent["X-Slack-Signature"] = signature
        sent.update(headers or {})
        request = Request(self.base_url + path, data=body, headers=sent, method="POST")
        try:
            with urlopen(request, timeout=10) as response:
                return response.status, response.headers, response.read().decode()
        except HTTPError as error:
            with error:
                return error.code, error.headers, error.read().decode()
