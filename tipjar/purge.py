"""After `tipjar purge`: what the bot posted about the erased tips is replaced on each platform configured here."""
from __future__ import annotations

from bot.config import Settings
from bot.replies import Erased
from bot.service import Bot
from adapters.slack.platform import slack_enabled, slack_web
from adapters.teams.platform import teams_connector, teams_enabled
from tipjar.platforms import digest_sender


def replace_posts(settings: Settings, bot: Bot, erased: Erased) -> list[str]:
    """One line per platform: what was replaced, or why it could not be."""
    lines = []
    for platform, enabled, replace in (("slack", slack_enabled(settings), _slack), ("teams", teams_enabled(settings), _teams)):
        posts = [p for p in erased.posts if p.platform == platform]
        digests = [run for run in erased.digests if settings.digest_platform(run.name) == platform]
        if not (posts or digests):
            continue
        if erased.dry_run:
            lines.append(f"{platform}: would replace {len(posts)} bot messages and re-render {len(digests)} digests")
        elif not enabled:
            lines.append(f"{platform}: {len(posts)} bot messages and {len(digests)} digests NOT replaced: "
                         f"{platform} is not configured for this command (set its credentials and run again)")
        else:
            replace(settings, bot, erased)
            lines.append(f"{platform}: {len(posts)} bot messages replaced by [removed], {len(digests)} digests re-rendered")
    return lines


def _slack(settings: Settings, bot: Bot, erased: Erased) -> None:
    from adapters.slack.erase import SlackErasure

    SlackErasure(bot, slack_web(settings), settings, digest_sender(settings)).replace_posts(erased)


def _teams(settings: Settings, bot: Bot, erased: Erased) -> None:
    from adapters.teams.erase import TeamsErasure

    TeamsErasure(bot, teams_connector(settings), settings, digest_sender(settings)).replace_posts(erased)
