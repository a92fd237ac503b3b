"""`tipjar backfill`: the flagged messages of one channel's recent history, read through the Web API.

conversations.history and conversations.replies are read page by page (cursor pagination); a 429 is waited
out for as long as its Retry-After says (slack_sdk's rate-limit handler on the client, adapters/slack/web.py).
Each flagged message becomes the same tip `tipjar import-slack` makes of it (adapters/slack/export_reader.py).
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from adapters.slack.export_reader import ExportChannel, message_tip, saved_by
from adapters.slack.web import SlackWeb
from bot.model import Tip

PAGE_SIZE = 200


def _pages(web: SlackWeb, method: str, **params: object) -> Iterator[dict]:
    cursor = ""
    while True:
        page = web.call(method, limit=PAGE_SIZE, cursor=cursor, **params)
        yield from (m for m in page.get("messages", []) if isinstance(m, dict))
        cursor = (page.get("response_metadata") or {}).get("next_cursor", "")
        if not cursor:
            return


def history_tips(web: SlackWeb, channel_id: str, team_id: str, emojis: frozenset[str], since: datetime,
                 seen: list[int]) -> Iterator[Tip]:
    """Tips of the channel's messages (and their thread replies) posted since `since`; `seen[0]` counts messages."""
    info = web.channel(channel_id)
    channel = ExportChannel(info.id, info.name, info.private)

    def tip(message: dict) -> Tip | None:
        seen[0] += 1
        return message_tip(message, channel, team_id, saved_by(message, emojis), web.user_name,
                           lambda channel_id, ts, _thread: web.permalink(channel_id, ts))

    for message in _pages(web, "conversations.history", channel=channel_id, oldest=f"{since.timestamp():.6f}"):
        if (found := tip(message)) is not None:
            yield found
        if message.get("reply_count") and isinstance(message.get("ts"), str):
            replies = _pages(web, "conversations.replies", channel=channel_id, ts=message["ts"])
            for reply in replies:
                if reply.get("ts") != message["ts"] and (found := tip(reply)) is not None:
                    yield found


def since_days(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)
