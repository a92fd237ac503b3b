"""The digest sender of the one-shot commands: what `tipjar digest send`, `tipjar scheduler` and `tipjar purge`
post through."""
from __future__ import annotations

from adapters.slack.digest import SlackDigestPoster
from adapters.slack.platform import slack_enabled, slack_web
from adapters.teams.digest import TeamsDigestPoster
from adapters.teams.platform import teams_connector, teams_enabled
from bot.config import Settings
from bot.context import SystemClock
from runtime.digest_sender import DigestSender
from runtime.records import Records
from tipjar.bootstrap import open_units


def digest_sender(settings: Settings) -> DigestSender:
    """For `tipjar digest send` and `tipjar scheduler`: posting through Slack and Teams, each when configured."""
    units, runtime_units = open_units(settings)
    records = Records(runtime_units)
    posters = {}
    if slack_enabled(settings):
        posters["slack"] = SlackDigestPoster(slack_web(settings))
    if teams_enabled(settings):
        posters["teams"] = TeamsDigestPoster(teams_connector(settings), records)
    return DigestSender(units, records, SystemClock(), settings, posters)
