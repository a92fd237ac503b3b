"""Deleting a tip from its Teams card, and replacing what the bot posted about an erased tip: its cards become
"[removed]" (updateActivity), digests that may list it are re-rendered.

The Delete says which card was clicked as Tipjar recorded it (adapters.clicks): a digest card and the tips it
shows, or a tip card and its one tip, in the click's tenant. The core (bot.trainers) then erases only a tip
that card shows, of that tenant, for its author, its first saver or a trainer. A card with no record (the
private note about removed patient details) is its tip's author's and first saver's only."""
from __future__ import annotations

import logging

from adapters.clicks import first_digest, on_digest, outside_digest
from adapters.replace_posts import replace_posts
from adapters.teams import render
from adapters.teams import translate
from adapters.teams.connector import TeamsConnector
from bot.commands import Clicked, EraseTip
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
        at = self.clicked(translate.where(activity), str(activity.get("replyToId") or ""))
        reply = self.bot.handle(EraseTip(tip_id, user, at=at))
        self.replace_posts(reply)
        return reply, reply.summary

    def clicked(self, place: translate.Where, message_id: str) -> Clicked | None:
        """The recorded card a Delete was clicked on: a digest card, or a tip card (whose trainers are the
        first Teams digest's, in that digest's team or chat); None when Tipjar has no record of it."""
        records = self.digests.records
        if found := on_digest(records, translate.PLATFORM, place.conversation_id, message_id, place.tenant, place.scope):
            return found[1]
        post = records.post(translate.PLATFORM, place.conversation_id, message_id) if message_id else None
        if post is None or post.tip_id is None:
            return None
        config = first_digest(self.settings, translate.PLATFORM)
        return outside_digest(config, translate.PLATFORM, self._digest_scope(config.name) if config else None,
                              place.tenant, tips=[post.tip_id])

    def _digest_scope(self, name: str) -> str | None:
        """The team (or chat) where this digest was last posted: its members are its trainers when it names none."""
        records = self.digests.records
        channel = records.last_digest_channel(name)
        known = records.conversation(translate.PLATFORM, channel) if channel else None
        return str(known.address.get("scope") or channel) if known else channel

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
