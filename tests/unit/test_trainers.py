"""Who may act as a trainer (bot.trainers): one rule for every platform, the platform saying who is in a channel."""
from __future__ import annotations

from bot.config import DigestSettings, Settings
from bot.trainers import NOT_A_TRAINER, UNKNOWN_DIGEST, TrainerRule


class ChannelMembers:
    """The Members port: who the platform says is in each channel; it records which channels were asked about."""

    def __init__(self, channels: dict[str, set[str]]) -> None:
        self.channels, self.asked = channels, []

    def members(self, channel_id: str) -> frozenset[str]:
        self.asked.append(channel_id)
        return frozenset(self.channels.get(channel_id, ()))


def rule(members: ChannelMembers, **digest) -> TrainerRule:
    return TrainerRule(Settings(digests=[DigestSettings(name="weekly", channel="C-TRAINERS", **digest)]), members)


def test_without_a_trainers_list_the_members_of_the_digests_channel_are_its_trainers():
    members = ChannelMembers({"C-TRAINERS": {"U-JO"}})
    trainers = rule(members)
    assert trainers.refusal("U-JO", "weekly", "C-TRAINERS") is None
    assert trainers.refusal("U-MARIA", "weekly", "C-TRAINERS") == NOT_A_TRAINER
    assert trainers.refusal("U-JO", "weekly", None) == NOT_A_TRAINER, "no channel known: nobody is a member"


def test_a_trainers_list_decides_alone_and_the_platform_is_not_asked():
    members = ChannelMembers({"C-TRAINERS": {"U-MARIA"}})
    trainers = rule(members, trainers=["U-JO"])
    assert trainers.refusal("U-JO", "weekly", "C-TRAINERS") is None
    assert trainers.refusal("U-MARIA", "weekly", "C-TRAINERS") == NOT_A_TRAINER
    assert members.asked == []


def test_a_digest_no_longer_configured_is_refused_as_unknown():
    trainers = rule(ChannelMembers({"C-TRAINERS": {"U-JO"}}))
    assert trainers.refusal("U-JO", "monthly", "C-TRAINERS") == UNKNOWN_DIGEST
    assert trainers.refusal("U-JO", None, "C-TRAINERS") is None, "no name: the first digest"
