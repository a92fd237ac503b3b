"""Trainers answer the gaps in Teams: each open question on a posted digest card has Answer (a card that
opens in place with an input) and "Not a question for us"; the askers hear back in a one-to-one chat.

Only on a digest Tipjar posted (curate.Trainers) and only for its trainers: the core decides, as for reviews.
"""
from __future__ import annotations

import logging
from datetime import datetime

from adapters.teams import render
from adapters.teams import translate
from adapters.teams.connector import PrivateMessage, TeamsConnector
from adapters.teams.curate import TeamsCuration
from bot.actions import GAP_DISMISS, HELPFUL, NOT_HELPFUL
from bot.commands import AnswerGap, DismissGap
from bot.config import Settings
from bot.gaps import weekday
from bot.model import Post, Question
from bot.ports import PermanentFailure
from bot.replies import GapAnswered, Refused
from bot.text import shorten, typed_tags
from runtime.model import Conversation
from runtime.records import Records

log = logging.getLogger(__name__)


def heard_back(question: Question, answered: GapAnswered, day: str) -> dict:
    """The card to one asker: their question, who answered, the answer, Helpful / Not helpful."""
    body = [render.text_block(f"You asked “{render.safe(shorten(question.text, 300))}” on {day}; "
                         f"{render.safe(answered.trainer)} answered:"),
            render.text_block(render.safe(shorten(answered.tip.text, 3000)), spacing="Small")]
    data = {"question_id": question.id}
    actions = [render.execute("Helpful", HELPFUL, data, "positive"), render.execute("Not helpful", NOT_HELPFUL, data)]
    return render.message(render.card(body, actions), f"{render.safe(answered.trainer)} answered your question")


def _tags(data: dict) -> tuple[str, ...]:
    return tuple(typed_tags(str(data.get("tags") or "")))


class TeamsGaps:
    def __init__(self, curation: TeamsCuration, connector: TeamsConnector, settings: Settings) -> None:
        self.curation, self.connector, self.settings = curation, connector, settings
        self.bot = curation.bot

    def handle(self, activity: dict, verb: str, data: dict) -> str:
        """A gap's button on a digest card: only for a question that card showed, and only for its trainers."""
        place, user = translate.where(activity), translate.person(activity)
        message_id = str(activity.get("replyToId") or "")
        card = self.curation.trainers.clicked(place, message_id, data, verb)
        if isinstance(card, str):
            return f"refused: {card}"
        if verb == GAP_DISMISS:
            reply = self.bot.handle(DismissGap(card.tip_id, user, at=card.at))
        else:
            reply = self.bot.handle(AnswerGap(card.tip_id, user, str(data.get("answer") or ""), _tags(data), at=card.at))
        if isinstance(reply, Refused):
            return "refused: not a trainer"
        if isinstance(reply, GapAnswered):
            self._tell_askers(place, reply)
        self.curation.digests.refresh(card.run)
        return reply.summary

    def _tell_askers(self, place: translate.Where, answered: GapAnswered) -> None:
        tz = self.settings.digest().tz
        for question in answered.askers:
            card = heard_back(question, answered, weekday(question.asked_at, tz))
            try:
                sent = self.connector.send_privately(place.service_url, place.tenant, question.asker_id, card)
            except PermanentFailure as exc:  # the answer is saved and findable with ask; only this note is lost
                log.warning("teams: answer not delivered to the asker of question %s: %s", question.id, exc)
                continue
            self._keep(place, sent, answered, question)

    def _keep(self, place: translate.Where, sent: PrivateMessage, answered: GapAnswered, question: Question) -> None:
        """The card quotes the answer tip: recorded as a post about it (its Helpful / Not helpful then count as
        on any answer)."""
        keep_private_post(self.curation.digests.records, place, sent, self.bot.context.clock.now(),
                          Post(translate.PLATFORM, sent.conversation_id, sent.activity_id,
                               tip_id=answered.tip.id, question_id=question.id))


def keep_private_post(records: Records, place: translate.Where, sent: PrivateMessage, now: datetime, post: Post) -> None:
    """A one-to-one message quoting a tip, recorded as a post about it with its chat's address to reach it, so
    that erasing the tip replaces it. A message Teams gave no ids for cannot be replaced, nor recorded."""
    if not (sent.conversation_id and sent.activity_id):
        return
    chat = Conversation(translate.PLATFORM, place.tenant, sent.conversation_id, "personal", "",
                        {"serviceUrl": place.service_url, "tenantId": place.tenant, "scope": sent.conversation_id}, now)
    records.remember([chat], replace=False)
    records.keep_post(post)
