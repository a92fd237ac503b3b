"""Who may act as a trainer, and on what: the user ids in a digest's `trainers`, or else the members of the
channel (Teams: the team or chat) the digest is posted in, acting on a tip or question the clicked message
shows, of the click's workspace. One rule for reviews, corrections, gap buttons, releases and a trainer's
Delete, on every platform; each platform says who is in a channel through the `Members` port.

Every trainer's command carries its place: `Clicked` (built by an adapter from what Tipjar recorded when it
posted the message) is checked here; `Operator` (bot.operator: the command line, the console) is not; a
command carrying neither is refused. `Bot.handle` applies the rule before the handler runs and answers a
refusal with `Refused`; adapters that must decide before any command (opening a form) ask `Bot.trainer_refusal`.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from bot.commands import AnswerGap, Clicked, Command, DismissGap, EditTip, EraseTip, RecordRelease, Review
from bot.config import DigestSettings
from bot.model import Question, Tip
from bot.operator import Operator
from bot.ports import Members
from bot.replies import Refused
from bot.sharing import PublicSharing

NOT_A_TRAINER = ("Sorry, only the trainers can review tips, answer questions and record releases. "
                 "Nothing was changed.")
UNKNOWN_DIGEST = "That button belongs to a digest Tipjar no longer knows."
NO_PLACE = "A trainer's action must come from a message Tipjar posted. Nothing was changed."
TIP_NOT_SHOWN = "That tip is not on the card or message you clicked. Nothing was changed."
QUESTION_NOT_SHOWN = "That question is not on the card or message you clicked. Nothing was changed."
OTHER_WORKSPACE = "That belongs to another workspace than the one you clicked in. Nothing was changed."
NOT_YOURS = "Only the tip's author, the person who saved it or a trainer can delete it."

ACTING_TRAINER = {
    Review: lambda command: command.reviewer_id,
    EditTip: lambda command: command.editor_id,
    RecordRelease: lambda command: command.recorded_by,
    AnswerGap: lambda command: command.trainer.user_id,
    DismissGap: lambda command: command.trainer.user_id,
}
"""The commands only a trainer may send, and who sends each."""
ACTED_ON = {
    Review: lambda command: (command.tip_id, None),
    EditTip: lambda command: (command.tip_id, None),
    AnswerGap: lambda command: (None, command.question_id),
    DismissGap: lambda command: (None, command.question_id),
}
"""The tip or question each command acts on (a release acts on neither: only the person is checked)."""


class Shown(Protocol):
    """Reading the tip or question a command names (bot.views.Views)."""

    def tip(self, tip_id: int) -> Tip | None: ...

    def question(self, question_id: int) -> Question | None: ...


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
        config = self._digest(at.digest, at.platform)
        if config is None:
            return UNKNOWN_DIGEST
        return None if self.may_train(user, config, at) else NOT_A_TRAINER

    def may_train(self, user: str, config: DigestSettings, at: Clicked) -> bool:
        if config.trainers:
            return user in config.trainers
        members = self.members.get(at.platform, NoMembers())
        return bool(at.channel_id) and user in members.members(at.channel_id)

    def off_the_message(self, at: Clicked, read: Shown, sharing: PublicSharing, tip_id: int | None = None,
                        question_id: int | None = None) -> str | None:
        """Why a trainer clicking at `at` may not act on this tip or question: the message does not show it, or
        it is not one the click's workspace reads (its own, or a public tip shared with it). None: they may."""
        if tip_id is not None:
            if tip_id not in at.tips:
                return TIP_NOT_SHOWN
            tip = read.tip(tip_id)
            if tip is not None and not sharing.shown_in(tip, at.platform, at.workspace_id):
                return OTHER_WORKSPACE
        if question_id is not None:
            if question_id not in at.questions:
                return QUESTION_NOT_SHOWN
            question = read.question(question_id)
            if question is not None and (question.platform, question.workspace_id) != (at.platform, at.workspace_id):
                return OTHER_WORKSPACE
        return None

    def check(self, command: Command, read: Shown, sharing: PublicSharing) -> Refused | None:
        """The refusal of a trainer's command that the rule does not allow; None otherwise (and for commands
        that are not a trainer's). A Delete is decided by `erase_refusal`, which knows the tip's author."""
        acting = ACTING_TRAINER.get(type(command))
        if acting is None:
            return None
        at = getattr(command, "at", None)
        if isinstance(at, Operator):
            return None
        if not isinstance(at, Clicked):  # typed as required, but a caller may still pass None
            return Refused(NO_PLACE)
        tip_id, question_id = ACTED_ON.get(type(command), lambda _: (None, None))(command)
        reason = self.refusal(acting(command), at) or self.off_the_message(at, read, sharing, tip_id, question_id)
        return Refused(reason) if reason else None

    def _digest(self, name: str | None, platform: str) -> DigestSettings | None:
        """The digest of this name posted on this platform: another platform's digest is never a click's."""
        if name is None:
            return self.digests[0] if self.digests else None
        return next((config for config in self.digests if config.name == name and config.platform == platform), None)


def erase_refusal(rule: TrainerRule, command: EraseTip, tip: Tip) -> str | None:
    """Why this Delete may not erase `tip`; None when it may. The operator may; a Delete clicked on a recorded
    message acts only on a tip that message shows, of the click's own workspace (erasure cannot be undone, so
    a tip merely shared with it is not enough), for its author, its first saver or a trainer there; a Delete
    with no record of its message (a private note) is its author's or first saver's only."""
    at = command.at
    if isinstance(at, Operator):
        return None
    own = command.actor_id == tip.source.author.user_id or command.actor_id in tip.savers[:1]
    if at is None:
        return None if own else NOT_YOURS
    if not isinstance(at, Clicked):
        return NO_PLACE
    if tip.id not in at.tips:
        return TIP_NOT_SHOWN
    if (tip.source.ref.platform, tip.source.ref.workspace_id) != (at.platform, at.workspace_id):
        return OTHER_WORKSPACE
    return None if own or rule.refusal(command.actor_id, at) is None else NOT_YOURS
