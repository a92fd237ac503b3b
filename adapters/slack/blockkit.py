"""Slack Block Kit as plain data: mrkdwn escaping and the block shapes Tipjar builds, within Slack's limits.

Shared by the Slack replies and the Slack digest blocks; no SDK is involved.
"""
from __future__ import annotations

TEXT_LIMIT = 3000
"""Slack refuses a text object longer than this."""


def escape(text: str) -> str:
    """Text as mrkdwn that shows its characters and nothing else (no links, mentions or entities)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fit(text: str, limit: int = TEXT_LIMIT) -> str:
    """Cut text longer than `limit`, keeping its line breaks."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def section(text: str, block_id: str | None = None) -> dict:
    block = {"type": "section", "text": {"type": "mrkdwn", "text": fit(text)}}
    return block | ({"block_id": block_id} if block_id else {})


def context(text: str, block_id: str | None = None) -> dict:
    block = {"type": "context", "elements": [{"type": "mrkdwn", "text": fit(text)}]}
    return block | ({"block_id": block_id} if block_id else {})
