"""The trainers' loop in Teams: Approve / Needs update / Archive on a posted digest card.

A click is authorised from what Tipjar recorded when it posted the card (the digest run, and the tips that
card showed), found by the conversation and the card's message id (adapters.clicks). The ids in the button's
data are sent back by the client and can be altered: the core's rule (bot.trainers) refuses a tip the card
did not show or of another tenant, and this adapter another digest's name. Only trainers act: the Entra
object ids in the digest's `trainers`, or else the members of the team (or chat) the digest is posted in. The core decides when the command comes
(`Bot.handle`); the click's synchronous answer asks it first (`Bot.trainer_refusal`), so a refused trainer is
told at once. After a review the digest's cards are re-rendered and updated in place.
"""
from __future__ import annotations

from dataclasses import dataclass

from adapters.clicks import on_digest
from adapters.teams import translate
from bot.actions import GAP_ACTIONS, REVIEWS
from bot.commands import Clicked, Review
from bot.model import DigestRun
from bot.service import Bot
from bot.replies import Refused
from bot.trainers import QUESTION_NOT_SHOWN, TIP_NOT_SHOWN
from runtime.digest_sender import DigestSender
from runtime.records import Records

NOT_A_DIGEST = "That button is not on a digest Tipjar posted here. Nothing was changed."
NOT_ON_CARD = TIP_NOT_SHOWN
QUESTION_NOT_ON_CARD = QUESTION_NOT_SHOWN


@dataclass(frozen=True)
class ClickedCard:
    """A digest card Tipjar posted, as recorded then, and the tip (or, for a gap, the question) whose button
    was clicked."""

    run: DigestRun
    tip_id: int
    at: Clicked
    """Where the click came from, for the core's trainer rule: this digest, in the team or chat it is in, in
    the click's tenant, showing the tips and questions recorded for the card."""


class Trainers:
    """What Tipjar posted (the runtime's records) and, for the click's answer, the core's trainer rule."""

    def __init__(self, bot: Bot, records: Records) -> None:
        self.bot, self.records = bot, records

    def clicked(self, place: translate.Where, message_id: str, data: dict, verb: str = "") -> ClickedCard | str:
        """The recorded card and the id the button names (a question, for a gap's buttons), or why the click
        cannot be read as one; whether the card shows that id is the core's rule to decide."""
        found = on_digest(self.records, translate.PLATFORM, place.conversation_id, message_id, place.tenant, place.scope)
        if found is None:
            return NOT_A_DIGEST
        run, at = found
        key, not_shown = ("question_id", QUESTION_NOT_ON_CARD) if verb in GAP_ACTIONS else ("tip_id", NOT_ON_CARD)
        clicked_id = data.get(key)
        if not isinstance(clicked_id, int) or isinstance(clicked_id, bool):
            return not_shown
        if data.get("digest") and data["digest"] != run.name:  # cards posted before digests had names carry ""
            return not_shown
        return ClickedCard(run, clicked_id, at)

    def refusal(self, verb: str, data: dict, user: str, place: translate.Where, message_id: str) -> str | None:
        """Why this person may not press this button here; None when they may (or it is not a review)."""
        if verb not in REVIEWS and verb not in GAP_ACTIONS:  # answering gaps is the trainers' too
            return None
        card = self.clicked(place, message_id, data, verb)
        if isinstance(card, str):
            return card
        if verb in GAP_ACTIONS:
            return self.bot.trainer_refusal(user, card.at, question_id=card.tip_id)
        return self.bot.trainer_refusal(user, card.at, tip_id=card.tip_id)


class TeamsCuration:
    def __init__(self, bot: Bot, trainers: Trainers, digests: DigestSender) -> None:
        self.bot, self.trainers, self.digests = bot, trainers, digests

    def review(self, activity: dict, verb: str, data: dict) -> str:
        place, user = translate.where(activity), translate.person(activity)
        message_id = str(activity.get("replyToId") or "")
        card = self.trainers.clicked(place, message_id, data, verb)
        if isinstance(card, str):
            return f"refused: {card}"
        reply = self.bot.handle(Review(card.tip_id, user.user_id, REVIEWS[verb], user.name, at=card.at))
        if isinstance(reply, Refused):
            return "refused: not a trainer"
        self.digests.refresh(card.run)
        return reply.summary
