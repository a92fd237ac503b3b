"""privacy.patient_data `hold` on Slack: the author's "It holds no patient data: save it" button."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from adapters.slack import render
from adapters.slack import translate
from adapters.slack.translate import ChannelInfo, HeldRequest
from adapters.slack.web import SlackWeb, respond
from bot.commands import CaptureMessage, SubmitTip
from bot.ports import PermanentFailure
from bot.service import Bot

NOT_THE_AUTHOR = "Only the message's author can confirm that it holds no patient data."


class SlackHold:
    def __init__(self, bot: Bot, web: SlackWeb, channel: Callable[[str, str], ChannelInfo]) -> None:
        self.bot, self.web, self.channel = bot, web, channel

    def handlers(self) -> dict[str, Callable[[dict], str]]:
        return {render.CONFIRM_TIP: self.confirm}

    def confirm(self, body: dict) -> str:
        held, user = translate.held_request(body), body["user"]["id"]
        if held is None:
            return "ignored: the confirm button carries no message"
        channel = self.channel(held.channel, "")
        command = self._tip(body, held, channel, user) if held.trigger else self._message(body, held, channel, user)
        if command is None:
            respond(body.get("response_url"), {"text": NOT_THE_AUTHOR})
            return "refused: not the author"
        reply = self.bot.handle(replace(command, confirmed=True))
        respond(body.get("response_url"), render.render(reply))
        return reply.summary

    def _message(self, body: dict, held: HeldRequest, channel: ChannelInfo, user: str) -> CaptureMessage | None:
        """A held capture: the message is read again from Slack, so Tipjar never had to keep its words."""
        try:
            message = self.web.message(channel.id, held.ts)
        except PermanentFailure:
            return None
        if message.get("user") != user:
            return None
        source = translate.message_source(translate.team_id(body), channel, message, self.web.user_name(user),
                                  self.web.permalink(channel.id, message["ts"]))
        return translate.capture(source, message, held.saver, channel, held.origin)

    def _tip(self, body: dict, held: HeldRequest, channel: ChannelInfo, user: str) -> SubmitTip:
        """A held /tip: its words came back on the button (only its author saw the prompt)."""
        return translate.submit_tip({"user_id": user, "channel_id": channel.id, "text": held.text, "trigger_id": held.trigger,
                             "team_id": translate.team_id(body)}, channel, self.web.user_name(user))
