"""The App Home: published per person, kept by Slack and shown as published until Tipjar publishes it again.

Each Home published is recorded as the tips it shows, one post each under the conversation "home:<team>:<user>"
(bot_post rows, ids only): an erasure finds the Homes showing an erased tip the way it finds the bot's messages
about it, and publishes each of them again. The record is bounded: one row per tip a Home shows (at most the
week's top tips and the person's latest saved ones), for each person who opened the Home; publishing a Home
again replaces its rows.
"""
from __future__ import annotations

from adapters.slack import render
from adapters.slack.web import SlackWeb
from bot.config import Settings
from bot.model import Post
from bot.service import Bot
from digests.period import Period
from runtime.records import Records

PLATFORM = "slack"
PREFIX = "home:"


def home_conversation(team: str, user: str) -> str:
    return f"{PREFIX}{team}:{user}"


def home_of(post: Post) -> tuple[str, str] | None:
    """(team, user) of the Home a recorded post stands for; None for a message in a conversation."""
    if post.platform != PLATFORM or not post.conversation_id.startswith(PREFIX):
        return None
    team, _, user = post.conversation_id.removeprefix(PREFIX).partition(":")
    return (team, user) if user else None


def publish_home(bot: Bot, web: SlackWeb, settings: Settings, records: Records, team: str, user: str) -> str:
    """Publish `user`'s Home as it is now. The tips it shows are recorded before it goes out (an erasure in
    between finds it) and those only the last Home showed are forgotten once it is out."""
    week = Period.containing(bot.context.clock.now(), settings.digest().tz)
    shown = bot.views.home(PLATFORM, team, user, week)
    tip_ids = list(dict.fromkeys(tip.id for tip in (*shown.top, *shown.saved) if tip.id))
    conversation = home_conversation(team, user)
    records.keep_view(PLATFORM, conversation, tip_ids, replacing=False)
    web.call("views.publish", user_id=user, view=render.home_view(shown.saved, shown.top))
    records.keep_view(PLATFORM, conversation, tip_ids, replacing=True)
    return f"home published for {user}"
