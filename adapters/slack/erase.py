"""Deleting tips from Slack (the button on the redaction note and on the App Home) and replacing what the bot
posted about an erased tip: its own messages become "[removed]", the App Homes that showed it are published
again (adapters.slack.home), digests that may list it are re-rendered.

A Delete on the App Home says what that view shows (the workspace's top tips of the week and the person's own,
read again now): a trainer of the first digest may delete one of those, of this workspace (bot.trainers). The
redaction note is no record Tipjar keeps: its Delete is the tip's author's and first saver's only."""
from __future__ import annotations

import logging
from typing import Callable

from adapters.slack import render
from adapters.slack import translate
from adapters.replace_posts import replace_posts
from adapters.slack.curate import SlackCuration
from adapters.slack.home import home_of, publish_home
from adapters.slack.web import SlackWeb, respond
from bot.actions import ERASE_TIP
from bot.commands import Clicked, EraseTip
from bot.config import Settings
from bot.ports import PermanentFailure
from bot.model import Post
from bot.replies import Reply
from bot.service import Bot
from digests.period import Period
from runtime.digest_sender import DigestSender

log = logging.getLogger(__name__)
PLATFORM = "slack"


class SlackErasure:
    def __init__(self, bot: Bot, web: SlackWeb, settings: Settings, digests: DigestSender,
                 curation: SlackCuration | None = None) -> None:
        """`curation` (who is a trainer) is needed for the buttons only."""
        self.bot, self.web, self.settings, self.digests, self.curation = bot, web, settings, digests, curation

    def handlers(self) -> dict[str, Callable[[dict], str]]:
        return {ERASE_TIP: self.erase_button}

    def erase_button(self, body: dict) -> str:
        user, tip_id = body["user"]["id"], translate.tip_id_on_button(body)
        if tip_id is None:
            return "ignored: the button carries no tip id"
        reply = self.bot.handle(EraseTip(tip_id, user, at=self.clicked(body)))
        homes = self.replace_posts(reply)
        here = (translate.team_id(body), user)
        if translate.action_value(body).get("home") and here not in homes:  # a Home published before it was recorded
            self._publish_home(*here)
        respond(body.get("response_url"), render.render(reply))
        return reply.summary

    def clicked(self, body: dict) -> Clicked | None:
        """Where the Delete was clicked, as far as Tipjar knows what that place shows; None: it does not know."""
        user, team = body["user"]["id"], translate.team_id(body)
        if (body.get("container") or {}).get("type") == "view" and self.curation is not None:  # the App Home
            config = self.settings.digest()
            shown = self.bot.views.home(PLATFORM, team, user, Period.containing(self.bot.context.clock.now(), config.tz))
            return self.curation.first_digest_clicked(team, tips=tuple(t.id for t in (*shown.top, *shown.saved) if t.id))
        return None

    def replace_posts(self, reply: Reply) -> set[tuple[str, str]]:
        """After an erasure: the bot's own messages about the tip say "[removed]", the App Homes that showed it
        are published again, digests lose the tip. Returns the (team, user) of the Homes published again."""
        homes: set[tuple[str, str]] = set()

        def replace_one(post: Post) -> None:
            home = home_of(post)
            if home is None:
                self._replace(post)
            elif home not in homes:
                homes.add(home)
                self._publish_home(*home)

        replace_posts(reply, PLATFORM, self.settings, self.digests, replace_one)
        return homes

    def _publish_home(self, team: str, user: str) -> None:
        try:
            publish_home(self.bot, self.web, self.settings, self.digests.records, team, user)
        except PermanentFailure as exc:  # the person left or the app was removed: no Home to show
            log.warning("slack: App Home of %s not published again after an erasure: %s", user, exc)

    def _replace(self, post: Post) -> None:
        try:
            self.web.call("chat.update", channel=post.conversation_id, ts=post.message_id, **render.removed_message())
        except PermanentFailure as exc:  # the message is gone already: nothing left to replace
            log.warning("slack: chat.update after an erasure failed: %s", exc)
