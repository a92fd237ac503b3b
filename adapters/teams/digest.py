"""Posting the trainers' digest to a Teams channel as Adaptive Cards, and updating it in place after reviews.

A digest is a proactive message: Tipjar posts it unasked, to a channel it learned about when it was
installed in that team (or mentioned there). app.yaml names the conversation by its id and its tenant, never
by a name: anyone can give a channel or chat the trainers' channel's name, in any team or tenant.
Each posted card is recorded with the tips it shows: a review click is checked against that record.

Each card is recorded on its digest run as soon as Teams answers, so a sender taking over a run whose sender
stopped half-way posts only the cards not recorded. The Bot Connector cannot list a channel's messages, so
the one card that may have reached Teams just before the stop, unrecorded, is posted again.
"""
from __future__ import annotations

import logging

from adapters.teams.digest_cards import digest_cards
from adapters.teams.connector import TeamsConnector
from adapters.teams.audience import readers, reads_tenant_public
from adapters.teams.translate import PLATFORM
from bot.config import DigestSettings
from bot.model import PostedMessage
from bot.ports import PermanentFailure
from digests.build import Digest
from runtime.digest_sender import DigestProgress
from runtime.model import Conversation
from runtime.records import Records

log = logging.getLogger(__name__)


class TeamsDigestPoster:
    def __init__(self, connector: TeamsConnector, records: Records) -> None:
        self.connector, self.records = connector, records

    def post(self, digest: Digest, config: DigestSettings, progress: DigestProgress) -> list[PostedMessage]:
        channel = self._channel(config)
        service_url = str(channel.address.get("serviceUrl", ""))
        for _, message in progress.remaining(digest_cards(digest)):
            activity_id = self.connector.send(service_url, channel.conversation_id, message.payload)
            progress.keep(message.posted(channel.conversation_id, activity_id))
        return progress.messages

    def audience_channels(self, config: DigestSettings) -> frozenset[str]:
        """Everyone in a team's standard channel can read the team's tips: the digest shows them there. In a
        private or shared channel, only that channel's (its own record decides, never another's)."""
        try:
            channel = self._channel(config)
        except PermanentFailure:
            return frozenset()
        return frozenset({readers(channel)})

    def shows_public(self, config: DigestSettings) -> bool:
        """A shared channel (or a channel of unsaid kind that is its own scope) may hold other tenants' people:
        no tip public in the tenant is shown there."""
        try:
            return reads_tenant_public(self._channel(config))
        except PermanentFailure:
            return False

    def workspace(self, config: DigestSettings) -> str:
        """The tenant of the digest's channel."""
        return self._channel(config).workspace_id

    def update(self, digest: Digest, messages: list[PostedMessage]) -> None:
        rendered = digest_cards(digest)
        if len(rendered) != len(messages):
            log.warning("digest %s now renders as %d cards, posted as %d: updating the first ones",
                        digest.period.label, len(rendered), len(messages))
        for where, message in zip(messages, rendered):
            known = self.records.conversation(PLATFORM, where.conversation_id)
            service_url = str(known.address.get("serviceUrl", "")) if known else ""
            self.connector.update(service_url, where.conversation_id, where.message_id, message.payload)

    def _channel(self, config: DigestSettings) -> Conversation:
        """The conversation app.yaml names by id, in the digest's tenant. Never by name: any member can give a
        channel (or a chat) the trainers' channel's name, in any team or tenant Tipjar is in."""
        known = self.records.conversation(PLATFORM, config.channel)
        if known is None:
            raise PermanentFailure(
                f"digest {config.name!r}: Teams channel {config.channel!r} is unknown. Add Tipjar to its team (or "
                "mention @Tipjar in that channel once), then send the digest again")
        if known.workspace_id.lower() != config.tenant.lower():
            raise PermanentFailure(
                f"digest {config.name!r}: Teams channel {config.channel!r} is in tenant {known.workspace_id!r}, not "
                f"the digest's tenant {config.tenant!r}: nothing was posted")
        return known
