"""The trainers' loop in Slack: review buttons and corrections on a posted digest, and `/tipjar release`.

Only trainers act here: the user ids in the digest's `trainers`, or else the members of its channel.
After every change the digest is re-rendered in place, so the channel shows "Approved by Jo Brennan".
"""
from __future__ import annotations

import json
from functools import partial
from typing import Callable

from adapters.slack import render
from adapters.slack import translate
from adapters.slack.web import SlackWeb, respond
from bot.actions import REVIEWS
from bot.blockkit import TEXT_LIMIT
from bot.commands import EditTip, RecordRelease, Review
from bot.config import DigestSettings, Settings
from bot.model import DigestRun, TipStatus
from bot.ports import PermanentFailure
from bot.service import Bot
from digests.blocks import REVIEW_EDIT
from digests.schedule import DigestSender

EDIT_VIEW = "tipjar_edit_tip"
NOT_A_TRAINER = "Sorry, only the trainers can review tips and record releases. Your view of the digest is unchanged."
ADMIN_USAGE = "Usage: /tipjar release <name>, e.g. /tipjar release EMR 2.3 (trainers only)"
UNKNOWN_DIGEST = "That button belongs to a digest Tipjar no longer knows."


class SlackCuration:
    def __init__(self, bot: Bot, web: SlackWeb, settings: Settings, digests: DigestSender) -> None:
        self.bot, self.web, self.settings, self.digests = bot, web, settings, digests

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
        with self.bot.context.uow() as uow:
            tip = uow.tips.get_many([tip_id]).get(tip_id)
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
        with self.bot.context.uow() as uow:
            run = uow.digest_runs.find_message(metadata.get("channel", ""), metadata.get("ts", ""))
        if run is None or not self._is_trainer(user, self.settings.digest(run.name), metadata["channel"]):
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
        if not self._is_trainer(body["user_id"], config, self._digest_channel_id(config)):
            respond(body.get("response_url"), {"text": NOT_A_TRAINER})
            return f"refused: {body['user_id']} is not a trainer"
        reply = self.bot.handle(RecordRelease(words[1], body["user_id"]))
        respond(body.get("response_url"), render.render(reply))
        return getattr(reply, "text", "release recorded")

    def _trainer_on_digest(self, body: dict) -> tuple[DigestRun | None, str]:
        """The posted digest the button is on, when the person clicking may act on it (else they are told)."""
        container = body.get("container") or {}
        user = body["user"]["id"]
        with self.bot.context.uow() as uow:
            run = uow.digest_runs.find_message(container.get("channel_id", ""), container.get("message_ts", ""))
        if run is None:
            respond(body.get("response_url"), {"text": UNKNOWN_DIGEST})
        elif not self._is_trainer(user, self.settings.digest(run.name), container["channel_id"]):
            respond(body.get("response_url"), {"text": NOT_A_TRAINER})
            run = None
        return run, user

    def trainer_on_digest(self, body: dict) -> tuple[DigestRun | None, str]:
        """The posted digest a button is on and the person clicking, when they may act on it (else told)."""
        return self._trainer_on_digest(body)

    def may_act_on(self, user: str, run: DigestRun, channel_id: str) -> bool:
        return self._is_trainer(user, self.settings.digest(run.name), channel_id)

    def is_trainer(self, user: str) -> bool:
        """A trainer of the first digest: they may delete any tip."""
        config = self.settings.digest()
        return self._is_trainer(user, config, self._digest_channel_id(config))

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
