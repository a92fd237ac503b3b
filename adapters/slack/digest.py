"""Posting the trainers' digest to Slack, and updating it in place after each review.

Each message of a digest carries message metadata naming its run and part ({"event_type": "tipjar_digest",
"event_payload": {"run": 7, "part": 2}}): a sender taking over a run whose sender stopped half-way asks the
channel's history for the first part nobody recorded before posting it, so the message that may have reached
Slack just before the stop is recorded, not posted twice.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from adapters.slack.digest_blocks import render_messages
from adapters.slack.web import SlackWeb
from bot.config import DigestSettings
from bot.model import PostedMessage
from bot.ports import PermanentFailure
from bot.text import display_text
from digests.build import Digest
from digests.messages import RenderedMessage
from runtime.digest_sender import DigestProgress

log = logging.getLogger(__name__)
EVENT_TYPE = "tipjar_digest"
HISTORY_PAGE, HISTORY_PAGES = 20, 5
"""A resumed run looks back at most this far: its missing part, if posted, is among the channel's last messages."""
CLOCK_MARGIN = timedelta(minutes=1)
"""Slack's clock and this host's may differ: a run's start is looked back from a minute earlier."""


def part_metadata(run_id: int, part: int) -> dict:
    return {"event_type": EVENT_TYPE, "event_payload": {"run": run_id, "part": part}}


class SlackDigestPoster:
    def __init__(self, web: SlackWeb) -> None:
        self.web = web

    def post(self, digest: Digest, config: DigestSettings, progress: DigestProgress) -> list[PostedMessage]:
        for part, message in progress.remaining(render_messages(digest, display_text)):
            found = self._already_posted(config, progress, part) if progress.unsure(part) else None
            channel, ts = found or self._post_part(config, message, progress.run.id, part)
            # What the message shows is recorded with it: a trainer's click acts only on that (bot.trainers).
            progress.keep(message.posted(channel, ts))
        return progress.messages

    def _post_part(self, config: DigestSettings, message: RenderedMessage, run_id: int, part: int) -> tuple[str, str]:
        answer = self.web.call("chat.postMessage", channel=config.channel, unfurl_links=False, unfurl_media=False,
                               metadata=part_metadata(run_id, part), **message.payload)
        return answer["channel"], answer["ts"]

    def _already_posted(self, config: DigestSettings, progress: DigestProgress, part: int) -> tuple[str, str] | None:
        """Where this part went if an earlier sender posted it: the channel's messages since the last part
        recorded (or since the run was first claimed), newest first, carrying this part's metadata."""
        last = progress.messages[-1] if progress.messages else None
        channel = last.conversation_id if last else config.channel
        started = progress.run.started_at
        oldest = last.message_id if last else f"{(started - CLOCK_MARGIN).timestamp():.6f}" if started else "0"
        wanted, cursor = part_metadata(progress.run.id, part), ""
        for _ in range(HISTORY_PAGES):
            try:
                page = self.web.call("conversations.history", channel=channel, oldest=oldest, limit=HISTORY_PAGE,
                                     include_all_metadata=True, cursor=cursor)
            except PermanentFailure as exc:  # e.g. a #name in app.yaml, which history does not take: post it
                log.warning("digest part %d of run %d: history not readable, posting it: %s",
                            part, progress.run.id, exc)
                return None
            for message in page.get("messages", []):
                if message.get("metadata") == wanted:
                    log.info("digest part %d of run %d was posted before its sender stopped: recorded, not "
                             "posted again", part, progress.run.id)
                    return channel, message["ts"]
            cursor = (page.get("response_metadata") or {}).get("next_cursor", "")
            if not cursor:
                return None
        return None

    def audience_channels(self, config: DigestSettings) -> frozenset[str]:
        """Slack digests show private tips only from the channels app.yaml lists."""
        return frozenset()

    def shows_public(self, config: DigestSettings) -> bool:
        """A Slack digest shows its workspace's public tips (a Slack Connect channel is the operator's to avoid)."""
        return True

    def workspace(self, config: DigestSettings) -> str:
        """The bot token's workspace: the one whose channel the digest goes to."""
        return self.web.team_id()

    def update(self, digest: Digest, messages: list[PostedMessage]) -> None:
        rendered = render_messages(digest, display_text)
        if len(rendered) != len(messages):
            log.warning("digest %s now renders as %d messages, posted as %d: updating the first ones",
                        digest.period.label, len(rendered), len(messages))
        for where, message in zip(messages, rendered):
            self.web.call("chat.update", channel=where.conversation_id, ts=where.message_id, **message.payload)
