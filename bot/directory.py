"""MembershipDirectory: who may read a channel, from the memberships recorded in the store.

The terminal chat records its members as people join; a platform adapter with a live member list
(Slack's conversations.members) brings its own Directory instead.
"""
from __future__ import annotations

from bot.model import Viewer
from bot.ports import Directory, UnitOfWorkFactory


class MembershipDirectory:
    def __init__(self, units: UnitOfWorkFactory) -> None:
        self.units = units

    def readable(self, viewer: Viewer, channel_ids: frozenset[str]) -> frozenset[str]:
        if not channel_ids or not viewer.user_id:
            return frozenset()
        with self.units() as uow:
            return channel_ids & uow.members.channels_of(viewer.platform, viewer.workspace_id, viewer.user_id)


class PlatformDirectories:
    """One Directory per platform, for a bot that serves several at once; `fallback` for the others."""

    def __init__(self, by_platform: dict[str, Directory], fallback: Directory) -> None:
        self.by_platform, self.fallback = by_platform, fallback

    def readable(self, viewer: Viewer, channel_ids: frozenset[str]) -> frozenset[str]:
        return self.by_platform.get(viewer.platform, self.fallback).readable(viewer, channel_ids)
