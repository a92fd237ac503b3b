"""Who may act as a trainer: the user ids in a digest's `trainers`, or else the members of the channel (Teams:
the team or chat) the digest is posted in. One rule for reviews, corrections, gap buttons, releases and a
trainer's Delete, on every platform; each platform says who is in a channel through the `Members` port.
"""
from __future__ import annotations

from bot.config import ConfigError, DigestSettings, Settings
from bot.ports import Members

NOT_A_TRAINER = ("Sorry, only the trainers can review tips, answer questions and record releases. "
                 "Nothing was changed.")
UNKNOWN_DIGEST = "That button belongs to a digest Tipjar no longer knows."


class TrainerRule:
    def __init__(self, settings: Settings, members: Members) -> None:
        self.settings, self.members = settings, members

    def refusal(self, user: str, digest_name: str | None, channel_id: str | None) -> str | None:
        """Why `user` may not act on the digest `digest_name` (None: the first) posted in `channel_id`;
        None when they may."""
        try:
            config = self.settings.digest(digest_name)
        except ConfigError:
            return UNKNOWN_DIGEST
        return None if self.may_train(user, config, channel_id) else NOT_A_TRAINER

    def may_train(self, user: str, config: DigestSettings, channel_id: str | None) -> bool:
        if config.trainers:
            return user in config.trainers
        return bool(channel_id) and user in self.members.members(channel_id)
