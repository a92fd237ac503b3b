"""Slack channels that hold public tips are asked again, at least hourly, whether they are still public.

`channel_converted_to_private` makes a channel's tips private at once, but an event can be missed (the app
was not subscribed yet, the request never arrived, Tipjar was down longer than Slack retries). This check
catches such a channel within `slack.privacy_recheck_seconds` even when no tip from it is saved again.
Every replica may run it: making tips private twice changes nothing.
"""
from __future__ import annotations

import logging
import threading

from adapters.slack.translate import PLATFORM
from adapters.slack.web import SlackWeb
from bot.commands import MakeChannelPrivate
from bot.service import Bot

log = logging.getLogger(__name__)


class ChannelPrivacyRecheck:
    def __init__(self, bot: Bot, web: SlackWeb, every_seconds: float) -> None:
        self.bot, self.web, self.every_seconds = bot, web, every_seconds

    def check(self) -> list[str]:
        """Ask Slack afresh about each channel of this workspace with public tips; the channels made private."""
        team = self.web.team_id()
        channels = sorted(self.bot.views.public_channels(PLATFORM, team))
        made_private = []
        for channel in channels:
            self.web.forget_channel(channel)
            try:
                private = self.web.channel(channel).private
            except Exception as exc:  # noqa: BLE001 - one unreadable channel must not stop the others
                log.warning("channel %s not re-checked (%s); trying again next time", channel, type(exc).__name__)
                continue
            if private:
                self.bot.handle(MakeChannelPrivate(PLATFORM, team, channel))
                made_private.append(channel)
        return made_private

    def run(self, stop: threading.Event) -> None:
        """Check now, then every `every_seconds` until `stop` is set."""
        while not stop.is_set():
            try:
                for channel in self.check():
                    log.info("channel %s is private now: its tips were made private", channel)
            except Exception as exc:  # noqa: BLE001 - Slack or the store down: the next round tries again
                log.warning("channel privacy not re-checked (%s); trying again in %.0f s",
                            type(exc).__name__, self.every_seconds)
            stop.wait(self.every_seconds)
