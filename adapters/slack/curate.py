"""The trainers' loop in Slack: review buttons and corrections on a posted digest, and `/tipjar release`.

Only trainers act here, as the core's rule says (bot.trainers), with Slack telling who is in a channel.
After every change the digest is re-rendered in place, so the channel shows "Approved by Jo Brennan".
"""
from __future__ import annotations

import json
from functools import partial
from typing import Callable

from adapters.slack.digest_blocks import REVIEW_EDIT
from bot.actions import REVIEWS
from adapters.slack import render
from adapters.slack import translate
from adapters.slack.blockkit import TEXT_LIMIT
from adapters.slack.web import SlackWeb, respond
from bot.commands import EditTip, RecordRelease, Review
from bot.config import DigestSettings, Settings
from bot.model import DigestRun, TipStatus
from bot.ports import PermanentFailure
from bot.service import Bot
from bot.trainers import NOT_A_TRAINER, UNKNOWN_DIGEST, TrainerRule
from runtime.digest_sender import DigestSender

EDIT_VIEW = "tipjar_edit_tip"
ADMIN_USAGE = "Usage: /tipjar release <name>, e.g. /tipjar release EMR 2.3 (trainers only)"


class SlackCuration:
    def __init__(self, bot: Bot, web: SlackWeb, settings: Settings, digests: DigestSender) -> None:
        self.bot, self.web, self.settings, self.digests = bot, web, settings, digests
        self.trainers = TrainerRule(settings, web)

    def handlers(self) -> dict[str, Callable[[dict], str]]:
        return {"tipjar": self.admin_command, REVIEW_EDIT: self.open_editor, EDIT_VIEW: self.save_edit,
                **{action: partial(self.review, status=status) for action, status in REVIEWS.items()}}

    def review(self, body: dict, status: TipStatus) -> str:
        run, user = self._trainer_on_digest(body)
        if run is None:
            return "refused or not a digest"
        reply = self.bot.handle(Review(int(translate.action_value(body)["tip_id"]), user, status, self.web.user_name(user)))
        self.digests.refresh(run)
        respond(body.get("response_url"), render.render(reply))
        return getattr(reply, "text", "reviewed")

    def open_editor(self, body: dict) -> str:
        """Edit: a modal with the tip's text and tags (the click's trigger is valid for three seconds)."""
        run, user = self._trainer_on_digest(body)
        if run is None:
            return "refused or not a digest"
        tip_id = int(translate.action_value(body)["tip_id"])
        tip = self.bot.views.tip(tip_id)
        if tip is None or tip.deleted or len(tip.text) > TEXT_LIMIT:
            respond(body.get("response_url"), {"text": "This tip cannot be corrected here (deleted, or over 3,000 characters)."})
            return "not editable"
        container = body["container"]
        metadata = {"tip_id": tip_id, "channel": container["channel_id"], "ts": container["message_ts"]}
        try:
            self.web.call("views.open", trigger_id=body["trigger_id"], view=render.edit_view(EDIT_VIEW, tip, metadata))
        except PermanentFailure as exc:
            respond(body.get("response_url"), {"text": "That took too long; please click Edit again."})
            return f"editor not opened: {exc}"
        return f"editor opened for tip {tip_id}"

    def save_edit(self, body: dict) -> str:
        view = body["view"]
        metadata = json.loads(view.get("private_metadata") or "{}")
        text, tags = render.edit_values(view)
        user = body["user"]["id"]
        run = self.digests.records.digest_at(metadata.get("channel", ""), metadata.get("ts", ""))
        if run is None or not self.may_act_on(user, run, metadata["channel"]):
            return "refused: not a trainer on a known digest"
        reply = self.bot.handle(EditTip(int(metadata["tip_id"]), user, text, tuple(tags), self.web.user_name(user)))
        self.digests.refresh(run)
        return getattr(reply, "text", "edited")

    def admin_command(self, body: dict) -> str:
        """`/tipjar release NAME`: trainers record a system release."""
        words = (body.get("text") or "").split(maxsplit=1)
        if len(words) < 2 or words[0].lower() != "release":
            respond(body.get("response_url"), {"text": render.escape(ADMIN_USAGE)})
            return "usage shown"
        config = self.settings.digest()
        if not self.trainers.may_train(body["user_id"], config, self._digest_channel_id(config)):
            respond(body.get("response_url"), {"text": NOT_A_TRAINER})
            return f"refused: {body['user_id']} is not a trainer"
        reply = self.bot.handle(RecordRelease(words[1], body["user_id"]))
        respond(body.get("response_url"), render.render(reply))
        return getattr(reply, "text", "release recorded")

    def _trainer_on_digest(self, body: dict) -> tuple[DigestRun | None, str]:
        """The posted digest the button is on, when the person clicking may act on it (else they are told)."""
        container = body.get("container") or {}
        user = body["user"]["id"]
        run = self.digests.records.digest_at(container.get("channel_id", ""), container.get("message_ts", ""))
        refusal = UNKNOWN_DIGEST if run is None else self.trainers.refusal(user, run.name, container["channel_id"])
        if refusal:
            respond(body.get("response_url"), {"text": refusal})
            run = None
        return run, user

    def trainer_on_digest(self, body: dict) -> tuple[DigestRun | None, str]:
        """The posted digest a button is on and the person clicking, when they may act on it (else told)."""
        return self._trainer_on_digest(body)

    def may_act_on(self, user: str, run: DigestRun, channel_id: str) -> bool:
        return self.trainers.refusal(user, run.name, channel_id) is None

    def is_trainer(self, user: str) -> bool:
        """A trainer of the first digest: they may delete any tip."""
        config = self.settings.digest()
        return self.trainers.may_train(user, config, self._digest_channel_id(config))

    def _digest_channel_id(self, config: DigestSettings) -> str | None:
        """The digest channel's id: as configured when it is one, else where the digest was last posted."""
        if config.channel[:1] in ("C", "G"):
            return config.channel
        return self.digests.records.last_digest_channel(config.name)
