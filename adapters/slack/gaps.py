"""Trainers answer the gaps in Slack: Answer (a modal) and "Not a question for us" on each open question of
a posted digest or an "Ask the trainers" message; the askers hear back in a direct message.

Who may act: on a digest, its trainers (as for reviews); on an escalation, the trainers of the first digest.
The commands say which, with the questions the clicked message shows as Tipjar recorded it (a digest's run,
an escalation's post record), and the core decides (bot.trainers).
"""
from __future__ import annotations

import json
import logging
from typing import Callable

from adapters.clicks import on_digest
from adapters.slack import render
from adapters.slack import translate
from adapters.slack.blockkit import section
from adapters.slack.curate import SlackCuration
from adapters.slack.web import SlackWeb, respond
from bot.actions import GAP_ANSWER, GAP_DISMISS, HELPFUL, NOT_HELPFUL
from bot.commands import AnswerGap, Clicked, DismissGap
from bot.config import Settings
from bot.gaps import weekday
from bot.model import DigestRun, Person, Post, Question
from bot.ports import PermanentFailure
from bot.replies import GapAnswered, Refused
from bot.service import Bot
from bot.text import display_text, shorten
from runtime.digest_sender import DigestSender

log = logging.getLogger(__name__)
ANSWER_VIEW = "tipjar_answer_gap"


def answer_view(question: str, metadata: dict) -> dict:
    """The modal in which a trainer writes the answer (it becomes an approved tip) and picks its tags."""
    def field(block_id: str, label: str, multiline: bool) -> dict:
        element = {"type": "plain_text_input", "action_id": "value", "multiline": multiline}
        return {"type": "input", "block_id": block_id, "label": {"type": "plain_text", "text": label},
                "element": element, "optional": block_id == "tags"}

    return {
        "type": "modal", "callback_id": ANSWER_VIEW, "private_metadata": json.dumps(metadata),
        "title": {"type": "plain_text", "text": "Answer a question"},
        "submit": {"type": "plain_text", "text": "Send answer"}, "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [section(f"*They asked:* “{render.safe(shorten(question, 500))}”"),
                   field("text", "Your answer (it becomes an approved tip)", True),
                   field("tags", "Tags (space separated, optional)", False)],
    }


def heard_back(question: Question, answered: GapAnswered, day: str) -> dict:
    """The private message to one asker: their question, who answered, the answer, Helpful / Not helpful."""
    asked = {"question_id": question.id}
    said = (f"You asked “{render.safe(shorten(question.text, 300))}” on {day}; {render.safe(answered.trainer)} answered:\n"
            f">{render.safe(shorten(answered.tip.text, 1500))}")
    blocks = [section(said), {"type": "actions", "elements": [
        render.button("Helpful", HELPFUL, asked, "primary"), render.button("Not helpful", NOT_HELPFUL, asked)]}]
    return {"text": f"{display_text(answered.trainer)} answered your question", "blocks": blocks}


def _question_id(value: dict) -> int:
    """The question a button or a modal refers to; 0 (no such question: a clear notice) when unreadable."""
    try:
        return max(int(value.get("question_id") or 0), 0)
    except (TypeError, ValueError, OverflowError):
        return 0


class SlackGaps:
    def __init__(self, bot: Bot, web: SlackWeb, settings: Settings, digests: DigestSender,
                 curation: SlackCuration) -> None:
        self.bot, self.web, self.settings, self.digests, self.curation = bot, web, settings, digests, curation

    def handlers(self) -> dict[str, Callable[[dict], str]]:
        return {GAP_ANSWER: self.open_answer, ANSWER_VIEW: self.save_answer, GAP_DISMISS: self.dismiss}

    def _clicked(self, body: dict) -> tuple[DigestRun | None, Clicked]:
        """The digest the button is on (None on an escalation) and where the click came from."""
        container = body.get("container") or {}
        return self._at(str(container.get("channel_id") or ""), str(container.get("message_ts") or ""),
                        translate.team_id(body))

    def _at(self, channel: str, ts: str, workspace_id: str) -> tuple[DigestRun | None, Clicked]:
        """That digest, showing its recorded questions; or on an escalation Tipjar recorded, the first digest,
        whose trainers answer it, showing its one question; or else a place that shows nothing."""
        records = self.digests.records
        if found := on_digest(records, translate.PLATFORM, channel, ts, workspace_id):
            return found
        post = records.post(translate.PLATFORM, channel, ts) if channel and ts else None
        asked = (post.question_id,) if post and post.question_id is not None else ()
        return None, self.curation.first_digest_clicked(workspace_id, questions=asked)

    def open_answer(self, body: dict) -> str:
        _, at = self._clicked(body)
        question_id = _question_id(translate.action_value(body))
        if refusal := self.bot.trainer_refusal(body["user"]["id"], at, question_id=question_id):  # before any command
            respond(body.get("response_url"), {"text": refusal})
            return "refused: not a trainer"
        question = self.bot.views.question(question_id)
        if question is None or question.resolved:
            respond(body.get("response_url"), {"text": "That question is already answered, dismissed or erased."})
            return "no open question"
        container = body.get("container") or {}
        metadata = {"question_id": question_id, "channel": container.get("channel_id", ""),
                    "ts": container.get("message_ts", "")}
        try:
            self.web.call("views.open", trigger_id=body["trigger_id"], view=answer_view(question.text, metadata))
        except PermanentFailure as exc:
            respond(body.get("response_url"), {"text": "That took too long; please click Answer again."})
            return f"answer form not opened: {exc}"
        return f"answer form opened for question {question_id}"

    def save_answer(self, body: dict) -> str:
        metadata = json.loads(body["view"].get("private_metadata") or "{}")
        user = body["user"]["id"]
        channel = str(metadata.get("channel", ""))
        run, at = self._at(channel, str(metadata.get("ts", "")), translate.team_id(body))
        text, tags = render.edit_values(body["view"])
        trainer = Person(user, self.web.user_name(user))
        reply = self.bot.handle(AnswerGap(_question_id(metadata), trainer, text, tuple(tags), at=at))
        if isinstance(reply, Refused):
            return "refused: not a trainer"
        if isinstance(reply, GapAnswered):
            self._tell_askers(reply)
        if run is not None:
            self.digests.refresh(run)
        note = render.render(reply) if not isinstance(reply, GapAnswered) else {
            "text": f"Saved as tip #{reply.tip.id}; {len(reply.askers)} people who asked were told."}
        self._tell_trainer(channel, user, note)
        return reply.summary

    def dismiss(self, body: dict) -> str:
        run, at = self._clicked(body)
        user = body["user"]["id"]
        question_id = _question_id(translate.action_value(body))
        reply = self.bot.handle(DismissGap(question_id, Person(user, self.web.user_name(user)), at=at))
        if run is not None and not isinstance(reply, Refused):
            self.digests.refresh(run)
        respond(body.get("response_url"), render.render(reply))
        return "refused: not a trainer" if isinstance(reply, Refused) else reply.summary

    def _tell_askers(self, answered: GapAnswered) -> None:
        tz = self.settings.digest().tz
        for question in answered.askers:
            try:
                posted = self.web.call("chat.postMessage", channel=question.asker_id,
                                       **heard_back(question, answered, weekday(question.asked_at, tz)))
            except PermanentFailure as exc:  # the answer is saved and findable with /ask; only this note is lost
                log.warning("slack: answer not delivered to asker of question %s: %s", question.id, exc)
                continue
            self._keep(posted, answered, question)

    def _keep(self, posted: dict, answered: GapAnswered, question: Question) -> None:
        """The message quotes the answer tip: recorded as a post about it, so that erasing the tip replaces it.
        Slack answers with the direct message's own channel id, the one chat.update needs (a repeated attempt
        answers with the person's id only: the attempt that posted it recorded it)."""
        if posted.get("posted_before") or not posted.get("channel") or not posted.get("ts"):
            return
        self.digests.records.keep_post(Post(translate.PLATFORM, str(posted["channel"]), str(posted["ts"]),
                                            tip_id=answered.tip.id, question_id=question.id))

    def _tell_trainer(self, channel: str, user: str, message: dict | None) -> None:
        if not channel or message is None:
            return
        try:
            self.web.call("chat.postEphemeral", channel=channel, user=user, **message)
        except PermanentFailure as exc:
            log.warning("slack: note to the trainer not delivered: %s", exc)
