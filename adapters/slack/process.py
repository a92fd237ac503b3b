"""SlackProcessor: one accepted Slack event from the inbox -> Web API look-ups -> core command -> reply.

Runs on the inbox worker's threads, after Slack has long had its acknowledgement.
"""
from __future__ import annotations

import logging
from functools import partial
from typing import Callable

from slack_sdk.webhook import WebhookClient

from adapters.slack import render as r
from adapters.slack import translate as t
from adapters.slack.web import ChannelInfo, SlackWeb
from bot.commands import RecordRelease, Review
from bot.config import DigestSettings, Settings
from bot.model import InboxItem, Origin, TipStatus
from bot.ports import PermanentFailure, TipFilter
from bot.replies import Notice, Reply, TipSaved
from bot.service import Bot
from digests.blocks import REVIEW_APPROVE, REVIEW_ARCHIVE, REVIEW_NEEDS_UPDATE
from digests.period import Period
from digests.schedule import DigestSender

log = logging.getLogger(__name__)
REVIEWS = {REVIEW_APPROVE: TipStatus.APPROVED, REVIEW_NEEDS_UPDATE: TipStatus.NEEDS_UPDATE, REVIEW_ARCHIVE: TipStatus.ARCHIVED}
NOT_A_TRAINER = "Sorry, only the trainers can review tips and record releases. Your view of the digest is unchanged."
ADMIN_USAGE = "Usage: /tipjar release <name>, e.g. /tipjar release EMR 2.3 (trainers only)"


class SlackProcessor:
    def __init__(self, bot: Bot, web: SlackWeb, settings: Settings, digests: DigestSender) -> None:
        self.bot, self.web, self.settings, self.digests = bot, web, settings, digests
        self.handlers: dict[str, Callable[[dict], str]] = {
            "reaction_added": self.reaction_added, "reaction_removed": self.reaction_removed,
            "message_changed": self.message_changed, "message_deleted": self.message_deleted,
            "save_tip": self.save_tip, "tip": self.tip, "ask": self.ask, "app_home_opened": self.home,
            r.HELPFUL: lambda body: self.feedback(body, True), r.NOT_HELPFUL: lambda body: self.feedback(body, False),
            r.ASK_TRAINERS: self.ask_trainers, "tipjar": self.admin_command,
            **{action: partial(self.review, status=status) for action, status in REVIEWS.items()},
        }

    def handle(self, item: InboxItem) -> str:
        handler = self.handlers.get(item.kind)
        if handler is None:
            raise PermanentFailure(f"no handler for Slack event kind {item.kind!r}")
        return handler(item.payload)

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
            reply = r.render(Notice("Tipjar saves what people write; messages posted by apps are not saved."))
            self._tell(channel.id, saver, reply, respond)
            return "ignored: a message posted by an app"
        source = t.message_source(t.team_id(body), channel, message, self.web.user_name(message["user"]),
                                  self.web.permalink(channel.id, message["ts"]))
        reply = self.bot.handle(t.capture(source, message, saver, channel, origin))
        if not (isinstance(reply, TipSaved) and self.settings.capture.confirm == "none"):
            self._tell(channel.id, saver, r.render(reply), respond)
        return _summary(reply)

    def reaction_removed(self, body: dict) -> str:
        return _summary(self.bot.handle(t.remove_vote(body)))

    def message_changed(self, body: dict) -> str:
        return _summary(self.bot.handle(t.edit(body)))

    def message_deleted(self, body: dict) -> str:
        return _summary(self.bot.handle(t.delete(body)))

    # --- commands and buttons --------------------------------------------------------------------
    def tip(self, body: dict) -> str:
        channel = self._channel(body["channel_id"], body.get("channel_name", ""))
        reply = self.bot.handle(t.submit_tip(body, channel, self.web.user_name(body["user_id"])))
        self._respond(body.get("response_url"), r.render(reply))
        return _summary(reply)

    def ask(self, body: dict) -> str:
        reply = self.bot.handle(t.ask(body))
        self._respond(body.get("response_url"), r.render(reply))
        return _summary(reply)

    def feedback(self, body: dict, helpful: bool) -> str:
        reply = self.bot.handle(t.feedback(body, helpful))
        self._respond(body.get("response_url"), r.render(reply))
        return _summary(reply)

    def ask_trainers(self, body: dict) -> str:
        question = str(t.action_value(body).get("text", "")).strip()
        if not question:
            return "ignored: no question on the button"
        channel = self.settings.slack.trainers_channel or self.settings.digest().channel
        self.web.call("chat.postMessage", channel=channel, **r.escalation(question, self.web.user_name(body["user"]["id"])))
        self._respond(body.get("response_url"), {"text": f"Sent to the trainers in {r.escape(channel)}."})
        return f"question sent to {channel}"

    def home(self, body: dict) -> str:
        event = body["event"]
        if event.get("tab", "home") != "home":
            return "ignored: not the home tab"
        user = event["user"]
        config = self.settings.digest()
        week = Period.containing(self.bot.context.clock.now(), config.tz)
        with self.bot.context.uow() as uow:
            saved = uow.tips.list(TipFilter(saver=user, include_archived=False))[-20:][::-1]
            this_week = uow.tips.list(TipFilter(captured_from=week.start, captured_until=week.end, include_archived=False))
        top = sorted((tip for tip in this_week if tip.visibility.value == "public"), key=lambda tip: -tip.votes)[:10]
        self.web.call("views.publish", user_id=user, view=r.home_view(saved, top))
        return f"home published for {user}"

    # --- the trainers' loop ------------------------------------------------------------------------
    def review(self, body: dict, status: TipStatus) -> str:
        """A review button on a posted digest: trainers only; the digest then shows the new state in place."""
        container = body.get("container") or {}
        with self.bot.context.uow() as uow:
            run = uow.digest_runs.find_message(container.get("channel_id", ""), container.get("message_ts", ""))
        if run is None:
            self._respond(body.get("response_url"), {"text": "That button belongs to a digest Tipjar no longer knows."})
            return "ignored: not a posted digest"
        user = body["user"]["id"]
        if not self._is_trainer(user, self.settings.digest(run.name), container["channel_id"]):
            self._respond(body.get("response_url"), {"text": NOT_A_TRAINER})
            return f"refused: {user} is not a trainer"
        reply = self.bot.handle(Review(int(t.action_value(body)["tip_id"]), user, status, self.web.user_name(user)))
        self.digests.refresh(run)
        self._respond(body.get("response_url"), r.render(reply))
        return _summary(reply)

    def admin_command(self, body: dict) -> str:
        """`/tipjar release NAME`: trainers record a system release."""
        words = (body.get("text") or "").split(maxsplit=1)
        if len(words) < 2 or words[0].lower() != "release":
            self._respond(body.get("response_url"), {"text": r.escape(ADMIN_USAGE)})
            return "usage shown"
        config = self.settings.digest()
        if not self._is_trainer(body["user_id"], config, self._digest_channel_id(config)):
            self._respond(body.get("response_url"), {"text": NOT_A_TRAINER})
            return f"refused: {body['user_id']} is not a trainer"
        reply = self.bot.handle(RecordRelease(words[1], body["user_id"]))
        self._respond(body.get("response_url"), r.render(reply))
        return _summary(reply)

    def _is_trainer(self, user: str, config: DigestSettings, channel_id: str | None) -> bool:
        if config.trainers:
            return user in config.trainers
        return bool(channel_id) and user in self.web.members(channel_id)

    def _digest_channel_id(self, config: DigestSettings) -> str | None:
        """The digest channel's id: as configured when it is one, else where the digest was last posted."""
        if config.channel[:1] in ("C", "G"):
            return config.channel
        with self.bot.context.uow() as uow:
            return uow.digest_runs.last_channel(config.name)

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
        if not url or message is None:
            return
        answer = WebhookClient(url, timeout=10).send_dict({"response_type": "ephemeral", "replace_original": False, **message})
        if answer.status_code >= 400:
            log.warning("slack: response_url answered %s: %s", answer.status_code, answer.body[:200])


def _summary(reply: Reply) -> str:
    return getattr(reply, "summary", None) or type(reply).__name__
