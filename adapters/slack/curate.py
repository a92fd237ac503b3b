"""The trainers' loop in Slack: review buttons and corrections on a posted digest, and `/tipjar release`.

Only trainers act here: each command says where the click came from, as Tipjar recorded the digest message
(adapters.clicks: its digest, channel, workspace and the tips it shows), and the core's rule decides
(bot.trainers), with Slack telling who is in a channel; a refusal comes back as a reply like any other.
After every change the digest is re-rendered in place, so the channel shows "Approved by Jo Brennan".
"""
from __future__ import annotations

import json
from functools import partial
from typing import Callable

from adapters.clicks import first_digest, on_digest, outside_digest
from adapters.slack.digest_blocks import REVIEW_EDIT
from bot.actions import REVIEWS
from adapters.slack import render
from adapters.slack import translate
from adapters.slack.blockkit import TEXT_LIMIT
from adapters.slack.web import SlackWeb, respond
from bot.commands import Clicked, EditTip, RecordRelease, Review
from bot.config import Settings
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
        tip_id = _tip_id(translate.action_value(body))
        reply = self.bot.handle(Review(tip_id, user, status, self.web.user_name(user), at=at))
        if not isinstance(reply, Refused):
            self.digests.refresh(run)
        respond(body.get("response_url"), render.render(reply))
        return "refused or not a digest" if isinstance(reply, Refused) else reply.summary

    def open_editor(self, body: dict) -> str:
        """Edit: a modal with the tip's text and tags (the click's trigger is valid for three seconds)."""
        tip_id = _tip_id(translate.action_value(body))
        if self.trainer_on_digest(body, tip_id=tip_id) is None:
            return "refused or not a digest"
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
        found = on_digest(self.digests.records, translate.PLATFORM, str(metadata.get("channel", "")),
                          str(metadata.get("ts", "")), translate.team_id(body))
        if found is None:
            return "refused: not a trainer on a known digest"
        run, at = found
        reply = self.bot.handle(EditTip(_tip_id(metadata), user, text, tuple(tags), self.web.user_name(user), at=at))
        if isinstance(reply, Refused):
            return "refused: not a trainer on a known digest"
        self.digests.refresh(run)
        return reply.summary

    def admin_command(self, body: dict) -> str:
        """`/tipjar release NAME`: trainers record a system release."""
        words = (body.get("text") or "").split(maxsplit=1)
        if len(words) < 2 or words[0].lower() != "release":
            respond(body.get("response_url"), {"text": render.escape(ADMIN_USAGE)})
            return "usage shown"
        reply = self.bot.handle(RecordRelease(words[1], body["user_id"], at=self.first_digest_clicked(translate.team_id(body))))
        respond(body.get("response_url"), render.render(reply))
        if isinstance(reply, Refused):
            return f"refused: {body['user_id']} is not a trainer"
        return reply.summary

    def digest_clicked(self, body: dict) -> tuple[DigestRun | None, Clicked | None]:
        """The posted digest a button is on and where the click came from; (None, None) when the message is not
        a digest Tipjar posted."""
        container = body.get("container") or {}
        found = on_digest(self.digests.records, translate.PLATFORM, str(container.get("channel_id") or ""),
                          str(container.get("message_ts") or ""), translate.team_id(body))
        return found or (None, None)

    def trainer_on_digest(self, body: dict, *, tip_id: int | None = None) -> DigestRun | None:
        """The posted digest a button is on, when the person clicking may act on it and on the tip it names
        (else they are told why): for a form, which opens before any command is sent, so the core is asked first."""
        run, at = self.digest_clicked(body)
        refusal = UNKNOWN_DIGEST if at is None else self.bot.trainer_refusal(body["user"]["id"], at, tip_id=tip_id)
        if refusal:
            respond(body.get("response_url"), {"text": refusal})
            return None
        return run

    def first_digest_clicked(self, workspace_id: str, *, tips: tuple[int, ...] = (),
                             questions: tuple[int, ...] = ()) -> Clicked:
        """Where a trainer acts outside a digest (`/tipjar release`, the App Home, an "Ask the trainers"
        message), showing these tips or questions: the first Slack digest, in its channel."""
        config = first_digest(self.settings, translate.PLATFORM)
        channel = (config.channel if config.channel[:1] in ("C", "G")  # an id; else where it was last posted
                   else self.digests.records.last_digest_channel(config.name)) if config else None
        return outside_digest(config, translate.PLATFORM, channel, workspace_id, tips, questions)


def _tip_id(value: dict) -> int:
    """The tip a button or a form names; 0 (no such tip on any message: refused) when unreadable."""
    try:
        return max(int(value.get("tip_id") or 0), 0)
    except (TypeError, ValueError, OverflowError):
        return 0
