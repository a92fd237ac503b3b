"""Who may act as a trainer: the user ids in a digest's `trainers`, or else the members of the channel (Teams:
the team or chat) the digest is posted in. One rule for reviews, corrections, gap buttons, releases and a
trainer's Delete, on every platform; each platform says who is in a channel through the `Members` port.

`Bot.handle` asks it before a trainer's command (one that says where it was `Clicked`) reaches its handler,
and answers a refusal with `Refused`; adapters that must decide before any command (opening a form) ask
`Bot.trainer_refusal`.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.commands import AnswerGap, Clicked, Command, DismissGap, EditTip, EraseTip, RecordRelease, Review
from bot.config import DigestSettings
from bot.ports import Members
from bot.replies import Refused

NOT_A_TRAINER = ("Sorry, only the trainers can review tips, answer questions and record releases. "
                 "Nothing was changed.")
UNKNOWN_DIGEST = "That button belongs to a digest Tipjar no longer knows."

ACTING_TRAINER = {
    Review: lambda command: command.reviewer_id,
    EditTip: lambda command: command.editor_id,
    RecordRelease: lambda command: command.recorded_by,
    AnswerGap: lambda command: command.trainer.user_id,
    DismissGap: lambda command: command.trainer.user_id,
}
"""The commands only a trainer may send, and who sends each."""


class NoMembers:
    """The Members of a platform nobody asked about (the command line, the console): nobody is in a channel,
    so only a digest's `trainers` list names trainers there."""

    def members(self, channel_id: str) -> frozenset[str]:
        return frozenset()


class TrainerRule:
    def __init__(self, digests: Sequence[DigestSettings] = (), members: Mapping[str, Members] | None = None) -> None:
        """`members`: each platform's Members, by platform name."""
        self.digests, self.members = tuple(digests), dict(members or {})

    def refusal(self, user: str, at: Clicked) -> str | None:
        """Why `user` may not act on the digest `at.digest` (None: the first) posted in `at.channel_id`;
        None when they may."""
        config = self._digest(at.digest)
        if config is None:
            return UNKNOWN_DIGEST
        return None if self.may_train(user, config, at) else NOT_A_TRAINER

    def may_train(self, user: str, config: DigestSettings, at: Clicked) -> bool:
        if config.trainers:
            return user in config.trainers
        members = self.members.get(at.platform, NoMembers())
        return bool(at.channel_id) and user in members.members(at.channel_id)

    def check(self, command: Command) -> Refused | None:
        """The refusal of a trainer's command sent by someone the rule does not name; None otherwise."""
        acting = ACTING_TRAINER.get(type(command))
        at = getattr(command, "at", None)
        if acting is None or at is None:
            return None
        reason = self.refusal(acting(command), at)
        return Refused(reason) if reason else None

    def _digest(self, name: str | None) -> DigestSettings | None:
        if name is None:
            return self.digests[0] if self.digests else None
        return next((config for config in self.digests if config.name == name), None)


def erasing_trainer(rule: TrainerRule, command: EraseTip) -> bool:
    """A Delete is a trainer's when the adapter said so or when the rule names the person where they clicked."""
    return command.trainer or (command.at is not None and rule.refusal(command.actor_id, command.at) is None)
