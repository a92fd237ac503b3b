"""Posting the trainers' digest to Slack, and updating it in place after each review."""
from __future__ import annotations

import logging

from adapters.slack.digest_blocks import render_blocks
from adapters.slack.web import SlackWeb
from bot.config import DigestSettings
from bot.text import display_text
from digests.build import Digest

log = logging.getLogger(__name__)


class SlackDigestPoster:
    def __init__(self, web: SlackWeb) -> None:
        self.web = web

    def post(self, digest: Digest, config: DigestSettings) -> list[dict]:
        posted = []
        for message in render_blocks(digest, display_text):
            answer = self.web.call("chat.postMessage", channel=config.channel, unfurl_links=False,
                                   unfurl_media=False, **message)
            posted.append({"channel": answer["channel"], "ts": answer["ts"]})
        return posted

    def audience_channels(self, config: DigestSettings) -> frozenset[str]:
        """Slack digests show private tips only from the channels app.yaml lists."""
        return frozenset()

    def workspace(self, config: DigestSettings) -> str:
        """The bot token's workspace: the one whose channel the digest goes to."""
        return self.web.team_id()

    def update(self, digest: Digest, messages: list[dict]) -> None:
        rendered = render_blocks(digest, display_text)
        if len(rendered) != len(messages):
            log.warning("digest %s now renders as %d messages, posted as %d: updating the first ones",
                        digest.period.label, len(rendered), len(messages))
        for where, message in zip(messages, rendered):
            self.web.call("chat.update", channel=where["channel"], ts=where["ts"], **message)
