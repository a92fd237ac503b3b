"""Who reads what is posted into a Teams conversation, from the record Tipjar keeps of it (adapters/teams/
translate.py writes those records from activities): whose tips it may show, and whether the tenant's public
tips may be shown there."""
from __future__ import annotations

from runtime.model import Conversation


def readers(conversation: Conversation) -> str:
    """The scope whose tips everyone in this conversation may read, from its own record only: a team's
    General channel (its id is the team's) and a channel its own activities showed to be standard read
    their team's; any other conversation, and a record whose scope names a third conversation, only its own."""
    team = str(conversation.address.get("teamId") or "")
    if team and (conversation.conversation_id == team or conversation.address.get("scope") == team):
        return team
    return conversation.conversation_id


def reads_tenant_public(conversation: Conversation) -> bool:
    """Whether everyone in this conversation is of its tenant as far as Tipjar knows, so that the tenant's
    public tips may be shown there: not in a shared channel (other tenants' people join it), nor in a channel
    that is its own scope and whose kind Teams did not say (it may be shared). Chats, General, standard
    channels and private channels (the team's people only) may."""
    team = str(conversation.address.get("teamId") or "")
    if conversation.kind != "channel" or (team and readers(conversation) == team):
        return True
    return str(conversation.address.get("channelType") or "") == "private"
