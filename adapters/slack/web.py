"""SlackWeb: the Web API calls Tipjar makes, with retries, short-lived caches and clear failures.

429s are retried after Retry-After and connection errors with backoff (slack_sdk's retry handlers);
errors that no retry can mend (the message or channel is gone) become PermanentFailure, so the event
that needed them is closed instead of retried forever.

Every new message Tipjar posts to Slack (chat.postMessage, chat.postEphemeral, a response_url answer) goes
through `runtime.replies.posted_once`: while an inbox event is processed, an attempt after a crash skips the
replies an earlier attempt recorded posting.
"""
from __future__ import annotations

import logging
from typing import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler

from adapters.cache import TtlCache
from adapters.slack.translate import ChannelInfo
from bot.config import API_TIMEOUT_SECONDS
from bot.model import Viewer
from bot.ports import PermanentFailure
from runtime.replies import posted_once

log = logging.getLogger(__name__)
PERMANENT_ERRORS = frozenset({
    "message_not_found", "channel_not_found", "thread_not_found", "user_not_found", "not_in_channel",
    "is_archived", "access_denied", "missing_scope", "invalid_auth", "account_inactive", "token_revoked",
    "invalid_arguments", "invalid_blocks", "invalid_blocks_format", "msg_too_long", "no_text", "user_not_in_channel",
    "expired_trigger_id", "invalid_trigger_id", "exchanged_trigger_id",
})
NEW_MESSAGES = frozenset({"chat.postMessage", "chat.postEphemeral"})
"""The calls that add a message (an update or a view can be repeated harmlessly; a message would be seen twice)."""


def web_client(token: str, base_url: str | None) -> WebClient:
    client = WebClient(token=token, base_url=base_url or WebClient.BASE_URL, timeout=API_TIMEOUT_SECONDS)
    client.retry_handlers.extend([RateLimitErrorRetryHandler(max_retry_count=3), ConnectionErrorRetryHandler(max_retry_count=3)])
    return client


def respond(url: str | None, message: dict | None) -> None:
    """Answer a slash command or a button privately through its response_url (no token needed)."""
    if not url or message is None:
        return

    def send() -> str | None:
        answer = WebhookClient(url, timeout=API_TIMEOUT_SECONDS).send_dict(
            {"response_type": "ephemeral", "replace_original": False, **message})
        if answer.status_code >= 400:
            log.warning("slack: response_url answered %s: %s", answer.status_code, answer.body[:200])
            return None
        return ""  # a response_url answer has no id
    posted_once(send)


CHANNEL_RECHECK_SECONDS = 3600
"""A channel's details (is it private?) are asked again after at most an hour, whatever the profile cache."""


class SlackWeb:
    def __init__(self, client: WebClient, *, profile_seconds: float = 3600, members_seconds: float = 60) -> None:
        self.client = client
        self.on_error: Callable[[str], None] = lambda method: None
        """Told the method of each call that failed, for the metrics."""
        self._profiles = TtlCache(profile_seconds)
        self._channels = TtlCache(min(profile_seconds, CHANNEL_RECHECK_SECONDS))
        self._members = TtlCache(members_seconds)

    def call(self, method: str, **params: object) -> dict:
        """One Web API call; structured arguments (blocks, views) go as a JSON body, the rest as a form. A new
        message that an earlier attempt at the same inbox event posted is not posted again: the answer then
        names the earlier message and says `posted_before`."""
        if method not in NEW_MESSAGES:
            return self._call(method, **params)
        answered: list[dict] = []

        def send() -> str:
            answered.append(self._call(method, **params))
            return str(answered[0].get("ts") or answered[0].get("message_ts") or "")
        sent = posted_once(send)
        return answered[0] if answered else {"ok": True, "channel": params.get("channel"), "ts": sent.message_id,
                                             "message_ts": sent.message_id, "posted_before": True}

    def _call(self, method: str, **params: object) -> dict:
        structured = any(isinstance(value, (dict, list)) for value in params.values())
        try:
            if structured:
                return self.client.api_call(method, json=params).data
            return self.client.api_call(method, params=params).data
        except SlackApiError as exc:
            self.on_error(method)
            error = exc.response.get("error", "") if exc.response is not None else ""
            if error in PERMANENT_ERRORS:
                raise PermanentFailure(f"{method}: {error}") from None
            raise
        except Exception:  # the connection failed after the client's own retries
            self.on_error(method)
            raise

    def message(self, channel: str, ts: str) -> dict:
        """The message at `ts`: from the channel's history, or from its thread when it is a reply."""
        history = self.call("conversations.history", channel=channel, latest=ts, inclusive=True, limit=1)
        found = [m for m in history.get("messages", []) if m.get("ts") == ts]
        if not found:
            thread = self.call("conversations.replies", channel=channel, ts=ts, inclusive=True, limit=200)
            found = [m for m in thread.get("messages", []) if m.get("ts") == ts]
        if not found:
            raise PermanentFailure(f"message {ts} in {channel}: not found")
        return found[0]

    def permalink(self, channel: str, ts: str) -> str:
        return self.call("chat.getPermalink", channel=channel, message_ts=ts).get("permalink", "")

    def user_name(self, user_id: str) -> str:
        def load() -> str:
            try:
                user = self.call("users.info", user=user_id).get("user", {})
            except PermanentFailure:
                return user_id
            profile = user.get("profile", {})
            return (profile.get("real_name") or user.get("real_name") or profile.get("display_name")
                    or user.get("name") or user_id)
        return str(self._profiles.get(("user", user_id), load))

    def is_bot(self, user_id: str) -> bool:
        def load() -> bool:
            user = self.call("users.info", user=user_id).get("user", {})
            return bool(user.get("is_bot")) or user_id == "USLACKBOT"
        return bool(self._profiles.get(("bot", user_id), load))

    def team_id(self) -> str:
        """The bot token's workspace (asked once)."""
        if not getattr(self, "_team_id", ""):
            self._team_id = str(self.call("auth.test").get("team_id") or "")
        return self._team_id

    def channel(self, channel_id: str) -> ChannelInfo:
        def load() -> ChannelInfo:
            info = self.call("conversations.info", channel=channel_id).get("channel", {})
            private = bool(info.get("is_private") or info.get("is_im") or info.get("is_mpim") or info.get("is_group"))
            return ChannelInfo(channel_id, info.get("name") or channel_id, private)
        return self._channels.get(channel_id, load)  # type: ignore[return-value]

    def forget_channel(self, channel_id: str) -> None:
        """Slack said the channel changed (e.g. became private): ask again next time."""
        self._channels.forget(channel_id)

    def members(self, channel_id: str) -> frozenset[str]:
        def load() -> frozenset[str]:
            members: set[str] = set()
            cursor = ""
            while True:
                page = self.call("conversations.members", channel=channel_id, limit=200, cursor=cursor)
                members.update(page.get("members", []))
                cursor = page.get("response_metadata", {}).get("next_cursor", "")
                if not cursor:
                    return frozenset(members)
        return self._members.get(channel_id, load)  # type: ignore[return-value]


class SlackDirectory:
    """Who can read a Slack channel, from conversations.members (cached briefly)."""

    def __init__(self, web: SlackWeb) -> None:
        self.web = web

    def readable(self, viewer: Viewer, channel_ids: frozenset[str]) -> frozenset[str]:
        if viewer.platform != "slack":
            return frozenset()
        readable = set()
        for channel_id in channel_ids:
            try:
                if viewer.user_id in self.web.members(channel_id):
                    readable.add(channel_id)
            except PermanentFailure:
                continue  # a channel the bot was removed from: nobody is shown its tips
        return frozenset(readable)
