"""SlackProcessor: one accepted Slack event from the inbox -> Web API look-ups -> core command -> reply.

Runs on the inbox worker's threads, after Slack has long had its acknowledgement.
"""
from __future__ import annotations

import logging
from typing import Callable

from adapters.slack import render
from adapters.slack import translate
from adapters.slack.curate import EDIT_VIEW, SlackCuration
from adapters.slack.erase import SlackErasure
from adapters.slack.gaps import ANSWER_VIEW, SlackGaps
from adapters.slack.home import publish_home
from adapters.slack.hold import SlackHold
from adapters.slack.translate import ChannelInfo
from adapters.slack.web import SlackWeb, respond
from bot.actions import HELPFUL, NOT_HELPFUL
from bot.commands import DeleteSource, MakeChannelPrivate
from bot.config import Settings
from bot.model import Origin, Post
from bot.ports import PermanentFailure
from bot.privacy.erase import forget_payload
from bot.replies import Notice, Reply
from bot.service import Bot
from bot.telling import Note, after_capture
from runtime.digest_sender import DigestSender
from runtime.model import InboxItem

log = logging.getLogger(__name__)
CARRIES_TEXT = frozenset({"save_tip", "tip", "ask", "message_changed", "message_deleted", render.ASK_TRAINERS, EDIT_VIEW,
                          render.CONFIRM_TIP, ANSWER_VIEW})
"""Events whose payload holds chat text (maybe patient details): erased as soon as they are handled."""


class SlackProcessor:
    def __init__(self, bot: Bot, web: SlackWeb, settings: Settings, digests: DigestSender) -> None:
        self.bot, self.web, self.settings, self.digests = bot, web, settings, digests
        curation = SlackCuration(bot, web, settings, digests)
        self.erasure = SlackErasure(bot, web, settings, digests, curation)
        self.handlers: dict[str, Callable[[dict], str]] = {
            "reaction_added": self.reaction_added, "reaction_removed": self.reaction_removed,
            "message_changed": self.message_changed, "message_deleted": self.message_deleted,
            "save_tip": self.save_tip, "tip": self.tip, "ask": self.ask, "app_home_opened": self.home,
            "channel_converted_to_private": self.made_private,
            HELPFUL: lambda body: self.feedback(body, True), NOT_HELPFUL: lambda body: self.feedback(body, False),
            render.ASK_TRAINERS: self.ask_trainers, **curation.handlers(), **self.erasure.handlers(),
            **SlackHold(bot, web, self._channel).handlers(),
            **SlackGaps(bot, web, settings, digests, curation).handlers(),
        }

    def handle(self, item: InboxItem) -> str:
        handler = self.handlers.get(item.kind)
        if handler is None:
            raise PermanentFailure(f"no handler for Slack event kind {item.kind!r}")
        outcome = handler(item.payload)
        if item.kind in CARRIES_TEXT:
            forget_payload(self.bot.context, item.id)
        return outcome

    # --- capture ------------------------------------------------------------------------------
    def reaction_added(self, body: dict) -> str:
        event = body["event"]
        item = event.get("item") or {}
        if item.get("type") != "message" or self.web.is_bot(event["user"]):
            return "ignored: not a person reacting to a message"
        channel = self.web.channel(item["channel"])
        message = self.web.message(item["channel"], item["ts"])
        return self._capture(body, channel, message, event["user"], Origin.REACTION, respond=None)

    def save_tip(self, body: dict) -> str:
        """The "Save as tip" message shortcut: the payload carries the message itself."""
        message = body.get("message") or {}
        channel = self._channel(body["channel"]["id"], body["channel"].get("name", ""))
        return self._capture(body, channel, message, body["user"]["id"], Origin.SHORTCUT, body.get("response_url"))

    def _capture(self, body: dict, channel: ChannelInfo, message: dict, saver: str, origin: Origin,
                 respond: str | None) -> str:
        if message.get("bot_id") or not message.get("user"):
            reply = render.render(Notice("Tipjar saves what people write; messages posted by apps are not saved."))
            self._tell(channel.id, saver, reply, respond)
            return "ignored: a message posted by an app"
        source = translate.message_source(translate.team_id(body), channel, message, self.web.user_name(message["user"]),
                                  self.web.permalink(channel.id, message["ts"]))
        reply = self.bot.handle(translate.capture(source, message, saver, channel, origin))
        for tell in after_capture(reply, saver, message["user"], self.settings.capture.confirm):
            self._tell(channel.id, tell.user_id, _note(reply, tell.note), respond if tell.saver else None)
        return reply.summary

    def made_private(self, body: dict) -> str:
        """A public channel was made private: its tips are for its members from now on."""
        channel = str(body["event"]["channel"])
        self.web.forget_channel(channel)
        return self.bot.handle(MakeChannelPrivate("slack", translate.team_id(body), channel)).summary

    def reaction_removed(self, body: dict) -> str:
        return self.bot.handle(translate.remove_vote(body)).summary

    def message_changed(self, body: dict) -> str:
        if (deleted := translate.tombstone(body)) is not None:
            return self._deleted(deleted)
        return self.bot.handle(translate.edit(body)).summary

    def message_deleted(self, body: dict) -> str:
        return self._deleted(translate.delete(body))

    def _deleted(self, command: DeleteSource) -> str:
        reply = self.bot.handle(command)
        self.erasure.replace_posts(reply)
        return reply.summary

    # --- commands and buttons --------------------------------------------------------------------
    def tip(self, body: dict) -> str:
        channel = self._channel(body["channel_id"], body.get("channel_name", ""))
        reply = self.bot.handle(translate.submit_tip(body, channel, self.web.user_name(body["user_id"])))
        self._respond(body.get("response_url"), render.render(reply))
        return reply.summary

    def ask(self, body: dict) -> str:
        reply = self.bot.handle(translate.ask(body))
        self._respond(body.get("response_url"), render.render(reply))
        return reply.summary

    def feedback(self, body: dict, helpful: bool) -> str:
        reply = self.bot.handle(translate.feedback(body, helpful))
        self._respond(body.get("response_url"), render.render(reply))
        return reply.summary

    def ask_trainers(self, body: dict) -> str:
        value = translate.action_value(body)
        question = self._question_on_button(value)
        if not question:
            return "ignored: no question on the button"
        channel = self.settings.slack.trainers_channel or self.settings.digest().channel
        asker, question_id = self.web.user_name(body["user"]["id"]), _question_id(value)
        posted = self.web.call("chat.postMessage", channel=channel, **render.escalation(question, asker, question_id))
        if question_id and posted.get("ts"):  # its Answer and dismiss buttons act on this question only
            self.digests.records.keep_post(Post(translate.PLATFORM, str(posted.get("channel") or channel),
                                                str(posted["ts"]), question_id=question_id))
        self._respond(body.get("response_url"), {"text": f"Sent to the trainers in {render.escape(channel)}."})
        return f"question sent to {channel}"

    def home(self, body: dict) -> str:
        event = body["event"]
        if event.get("tab", "home") != "home":
            return "ignored: not the home tab"
        return publish_home(self.bot, self.web, self.settings, self.digests.records, translate.team_id(body),
                            event["user"])

    def _question_on_button(self, value: dict) -> str:
        """The question a button refers to by id (buttons posted by earlier versions carry its text)."""
        question_id = _question_id(value)
        if question_id:
            asked = self.bot.views.question(question_id)
            return asked.text.strip() if asked else ""
        return str(value.get("text", "")).strip()

    # --- talking back -------------------------------------------------------------------------------
    def _channel(self, channel_id: str, name: str) -> ChannelInfo:
        """The channel's privacy; a DM or group the bot cannot look into counts as private."""
        try:
            return self.web.channel(channel_id)
        except PermanentFailure:
            return ChannelInfo(channel_id, name or channel_id, private=True)

    def _tell(self, channel: str, user: str, message: dict | None, respond: str | None) -> None:
        if respond:
            self._respond(respond, message)
            return
        if message is None:
            return
        try:
            self.web.call("chat.postEphemeral", channel=channel, user=user, **message)
        except PermanentFailure as exc:  # the work is done; only the note to the person is lost
            log.warning("slack: confirmation not delivered to %s in %s: %s", user, channel, exc)

    def _respond(self, url: str | None, message: dict | None) -> None:
        respond(url, message)


def _note(reply: Reply, note: Note) -> dict | None:
    """One note of bot.telling.after_capture as Slack shows it."""
    if note is Note.HELD:
        return render.held_note()
    if note is Note.HOLD_PROMPT:
        return render.hold_prompt(reply)
    if note is Note.REDACTION:
        return render.redaction_note(reply)
    return render.render(reply)


def _question_id(value: dict) -> int | None:
    try:
        return int(value.get("question_id") or 0) or None
    except (TypeError, ValueError):
        return None
