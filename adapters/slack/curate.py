"""The trainers' loop in Slack: review buttons and corrections on a posted digest, and `/tipjar release`.

Only trainers act here: each command says where the click came from and the core's rule decides (bot.trainers),
with Slack telling who is in a channel; a refusal comes back as a reply like any other.
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
from bot.commands import Clicked, EditTip, RecordRelease, Review
from bot.config import DigestSettings, Settings
from bot.model import DigestRun, TipStatus
from bot.ports import PermanentFailure
from bot.service import Bot
from bot.replies import Refused
from bot.trainers import UNKNOWN_DIGEST
from runtime.digest_sender import DigestSender

EDIT_VIEW = "tipjar_edit_tip"
ADMIN_USAGE = "Usage: /tipjar release <name>, e.g. /tipjar release EMR 2.3 (trainers only)"


class SlackCuration:
    def __init__(self, bot: Bot, web: SlackWeb, settings: Settings, digests: DigestSender) -> None:
        self.bot, self.web, self.settings, self.digests = bot, web, settings, digests

    def handlers(self) -> dict[str, Callable[[dict], str]]:
        return {"tipjar": self.admin_command, REVIEW_EDIT: self.open_editor, EDIT_VIEW: self.save_edit,
                **{action: partial(self.review, status=status) for action, status in REVIEWS.items()}}

    def review(self, body: dict, status: TipStatus) -> str:
        run, at = self.digest_clicked(body)
        if at is None:
            respond(body.get("response_url"), {"text": UNKNOWN_DIGEST})
            return "refused or not a digest"
        user = body["user"]["id"]
        tip_id = int(translate.action_value(body)["tip_id"])
        reply = self.bot.handle(Review(tip_id, user, status, self.web.user_name(user), at=at))
        if not isinstance(reply, Refused):
            self.digests.refresh(run)
        respond(body.get("response_url"), render.render(reply))
        return "refused or not a digest" if isinstance(reply, Refused) else getattr(reply, "text", "reviewed")

    def open_editor(self, body: dict) -> str:
        """Edit: a modal with the tip's text and tags (the click's trigger is valid for three seconds)."""
        if self.trainer_on_digest(body) is None:
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
        if run is None:
            return "refused: not a trainer on a known digest"
        at = Clicked(translate.PLATFORM, run.name, metadata["channel"])
        reply = self.bot.handle(EditTip(int(metadata["tip_id"]), user, text, tuple(tags), self.web.user_name(user), at=at))
        if isinstance(reply, Refused):
            return "refused: not a trainer on a known digest"
        self.digests.refresh(run)
        return getattr(reply, "text", "edited")

    def admin_command(self, body: dict) -> str:
        """`/tipjar release NAME`: trainers record a system release."""
        words = (body.get("text") or "").split(maxsplit=1)
        if len(words) < 2 or words[0].lower() != "release":
            respond(body.get("response_url"), {"text": render.escape(ADMIN_USAGE)})
            return "usage shown"
        reply = self.bot.handle(RecordRelease(words[1], body["user_id"], at=self.first_digest_clicked()))
        respond(body.get("response_url"), render.render(reply))
        if isinstance(reply, Refused):
            return f"refused: {body['user_id']} is not a trainer"
        return getattr(reply, "text", "release recorded")

    def digest_clicked(self, body: dict) -> tuple[DigestRun | None, Clicked | None]:
        """The posted digest a button is on and where the click came from; (None, None) when the message is not
        a digest Tipjar posted."""
        container = body.get("container") or {}
        run = self.digests.records.digest_at(container.get("channel_id", ""), container.get("message_ts", ""))
        return (None, None) if run is None else (run, Clicked(translate.PLATFORM, run.name, container["channel_id"]))

    def trainer_on_digest(self, body: dict) -> DigestRun | None:
        """The posted digest a button is on, when the person clicking may act on it (else they are told why):
        for a form, which opens before any command is sent, so the core is asked first."""
        run, at = self.digest_clicked(body)
        refusal = UNKNOWN_DIGEST if at is None else self.bot.trainer_refusal(body["user"]["id"], at)
        if refusal:
            respond(body.get("response_url"), {"text": refusal})
            return None
        return run

    def first_digest_clicked(self) -> Clicked:
        """Where a trainer acts outside a digest (`/tipjar release`, a Delete, an "Ask the trainers" message):
        the first digest, in its channel."""
        config = self.settings.digest()
        return Clicked(translate.PLATFORM, None, self._digest_channel_id(config))

    def _digest_channel_id(self, config: DigestSettings) -> str | None:
        """The digest channel's id: as configured when it is one, else where the digest was last posted."""
        if config.channel[:1] in ("C", "G"):
            return config.channel
        return self.digests.records.last_digest_channel(config.name)
