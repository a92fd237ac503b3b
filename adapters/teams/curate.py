"""The trainers' loop in Teams: Approve / Needs update / Archive on a posted digest card.

Only trainers act: the Entra object ids in the digest's `trainers`, or else the members of the team (or
chat) the digest is posted in. After a review the digest's cards are re-rendered and updated in place.
"""
from __future__ import annotations

from adapters.teams import translate as t
from adapters.teams.connector import TeamsDirectory
from bot.commands import Review
from bot.config import ConfigError, Settings
from bot.model import TipStatus
from bot.ports import PermanentFailure
from bot.service import Bot
from digests.blocks import GAP_ANSWER, GAP_DISMISS, REVIEW_APPROVE, REVIEW_ARCHIVE, REVIEW_NEEDS_UPDATE
from digests.schedule import DigestSender

REVIEWS = {REVIEW_APPROVE: TipStatus.APPROVED, REVIEW_NEEDS_UPDATE: TipStatus.NEEDS_UPDATE,
           REVIEW_ARCHIVE: TipStatus.ARCHIVED}
NOT_A_TRAINER = "Sorry, only the trainers can review tips. The digest is unchanged."
UNKNOWN_DIGEST = "That button belongs to a digest Tipjar no longer knows."


class Trainers:
    def __init__(self, settings: Settings, directory: TeamsDirectory) -> None:
        self.settings, self.directory = settings, directory

    def refusal(self, verb: str, data: dict, user: str, place: t.Where) -> str | None:
        """Why this person may not press this button here; None when they may (or it is not a review)."""
        if verb not in REVIEWS and verb not in (GAP_ANSWER, GAP_DISMISS):  # answering gaps is the trainers' too
            return None
        try:
            config = self.settings.digest(str(data["digest"]) if data.get("digest") else None)
        except ConfigError:
            return UNKNOWN_DIGEST
        allowed = config.trainers or self.directory.roster(place.scope)
        return None if user in allowed else NOT_A_TRAINER


class TeamsCuration:
    def __init__(self, bot: Bot, trainers: Trainers, digests: DigestSender) -> None:
        self.bot, self.trainers, self.digests = bot, trainers, digests

    def review(self, activity: dict, verb: str, data: dict) -> str:
        place, user = t.where(activity), t.person(activity)
        if refusal := self.trainers.refusal(verb, data, user.user_id, place):
            return f"refused: {refusal}"
        with self.bot.context.uow() as uow:
            run = uow.digest_runs.find_message(place.conversation_id, str(activity.get("replyToId") or ""))
        if run is None:
            return "refused: not a posted digest"
        try:
            tip_id = int(data["tip_id"])
        except (KeyError, TypeError, ValueError):
            raise PermanentFailure("the review button carries no tip id") from None
        reply = self.bot.handle(Review(tip_id, user.user_id, REVIEWS[verb], user.name))
        self.digests.refresh(run)
        return getattr(reply, "text", "reviewed")
