"""Deleting a tip from its Teams card, and replacing what the bot posted about an erased tip: its cards become
"[removed]" (updateActivity), digests that may list it are re-rendered."""
from __future__ import annotations

import logging

from adapters.replace_posts import replace_posts
from adapters.teams import render
from adapters.teams import translate
from adapters.teams.connector import TeamsConnector
from bot.commands import EraseTip
from bot.config import Settings
from bot.ports import PermanentFailure
from bot.model import Post
from bot.replies import Reply
from bot.service import Bot
from runtime.digest_sender import DigestSender

log = logging.getLogger(__name__)


class TeamsErasure:
    def __init__(self, bot: Bot, connector: TeamsConnector, settings: Settings, digests: DigestSender) -> None:
        self.bot, self.connector, self.settings, self.digests = bot, connector, settings, digests

    def erase(self, activity: dict, data: dict) -> tuple[Reply, str]:
        """The card's "Delete tip": (the reply to show the person, a summary)."""
        try:
            tip_id = int(data["tip_id"])
        except (KeyError, TypeError, ValueError):
            raise PermanentFailure("the delete button carries no tip id") from None
        user = translate.person(activity).user_id
        trainer = any(user in config.trainers for config in self.settings.digests if config.platform == translate.PLATFORM)
        reply = self.bot.handle(EraseTip(tip_id, user, trainer))
        self.replace_posts(reply)
        return reply, getattr(reply, "summary", None) or getattr(reply, "text", "erase refused")

    def replace_posts(self, reply: Reply) -> None:
        """After an erasure: the bot's own cards about the tip say "[removed]"; digests lose the tip."""
        replace_posts(reply, translate.PLATFORM, self.settings, self.digests, self._replace)

    def _replace(self, post: Post) -> None:
        known = self.digests.records.conversation(translate.PLATFORM, post.conversation_id)
        service_url = str(known.address.get("serviceUrl", "")) if known else ""
        try:
            self.connector.update(service_url, post.conversation_id, post.message_id, render.removed_card())
        except PermanentFailure as exc:  # the card is gone already: nothing left to replace
            log.warning("teams: card %s not replaced after an erasure: %s", post.message_id, exc)
