"""Records: what the adapters read and keep about the runtime, each call in a unit of work of its own.

The digest a button was on, the post a reaction was made to, where a conversation can be reached, the inbox's
backlog: plumbing around the core that no command handler needs, kept out of the core's unit of work.
"""
from __future__ import annotations

from datetime import datetime

from bot.model import DigestRun, Post
from runtime.model import Conversation, DeadEvent, InboxBacklog
from runtime.ports import RuntimeUnits



class Records:
    def __init__(self, units: RuntimeUnits) -> None:
        self.units = units

    # --- digests --------------------------------------------------------------------------------------
    def digest_at(self, channel: str, message_id: str) -> DigestRun | None:
        """The posted digest one of whose messages is (channel, message_id)."""
        with self.units() as uow:
            return uow.digest_runs.find_message(channel, message_id)

    def last_digest_channel(self, name: str) -> str | None:
        """The channel id where this digest was last posted."""
        with self.units() as uow:
            return uow.digest_runs.last_channel(name)

    # --- posts and conversations ----------------------------------------------------------------------
    def post(self, platform: str, conversation_id: str, message_id: str) -> Post | None:
        with self.units() as uow:
            return uow.posts.find(platform, conversation_id, message_id)

    def keep_post(self, post: Post) -> None:
        with self.units() as uow:
            uow.posts.add(post)
            uow.commit()

    def keep_view(self, platform: str, conversation_id: str, tip_ids: list[int], *, replacing: bool) -> None:
        """The tips a view (a Slack App Home) shows, one post each under `conversation_id`, so an erasure finds
        the view to publish again; `replacing`: the view is out, the tips only the one before showed go."""
        with self.units() as uow:
            for tip_id in tip_ids:
                uow.posts.add(Post(platform, conversation_id, str(tip_id), tip_id=tip_id))
            if replacing:
                uow.posts.keep_only(platform, conversation_id, [str(tip_id) for tip_id in tip_ids])
            uow.commit()

    def conversation(self, platform: str, conversation_id: str) -> Conversation | None:
        with self.units() as uow:
            return uow.conversations.get(platform, conversation_id)

    def remember(self, conversations: list[Conversation], replace: bool) -> list[Conversation]:
        """Keep these addresses; with `replace` False, only those not known yet. A conversation belongs to the
        workspace (Teams tenant) it was first known in: an activity of another never rewrites its record (its
        tenant, address, scope), whatever conversation or team id it names. Returns the records so kept
        against another workspace's claim (none remembered then): the caller refuses what claimed them."""
        with self.units() as uow:
            known = {c.conversation_id: uow.conversations.get(c.platform, c.conversation_id) for c in conversations}
            elsewhere = [k for c in conversations if (k := known[c.conversation_id]) is not None and _other(k, c)]
            if elsewhere:
                return elsewhere
            for conversation in conversations:
                if replace or known[conversation.conversation_id] is None:
                    uow.conversations.remember(conversation)
            uow.commit()
        return []

    def claimed_elsewhere(self, conversations: list[Conversation]) -> list[Conversation]:
        """The records of these conversations that belong to another workspace than the one claiming them."""
        with self.units() as uow:
            known = [(uow.conversations.get(c.platform, c.conversation_id), c) for c in conversations]
        return [record for record, claimed in known if record is not None and _other(record, claimed)]

    # --- the inbox ------------------------------------------------------------------------------------
    def backlog(self) -> InboxBacklog:
        with self.units() as uow:
            return uow.inbox.backlog()

    def dead(self) -> list[DeadEvent]:
        with self.units() as uow:
            return uow.inbox.dead()

    def revive(self, item_id: int | None) -> int:
        with self.units() as uow:
            revived = uow.inbox.revive(item_id)
            uow.commit()
        return revived

    def drop(self, item_id: int, now: datetime) -> bool:
        with self.units() as uow:
            dropped = uow.inbox.drop(item_id, now)
            uow.commit()
        return dropped

    def schema_revision(self) -> str | None:
        with self.units() as uow:
            return uow.schema_revision()


def _other(known: Conversation, claimed: Conversation) -> bool:
    """Whether `claimed` names another workspace than the one its conversation's record belongs to."""
    return known.workspace_id.lower() != claimed.workspace_id.lower()
