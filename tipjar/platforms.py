"""The chat platforms a deployment is set up for, and their clients, from the settings: what `tipjar serve`,
the digest commands and `tipjar purge` post through."""
from __future__ import annotations

import logging

from adapters.slack.digest import SlackDigestPoster
from adapters.slack.web import SlackWeb, web_client
from adapters.teams.connector import TeamsConnector, TokenSource
from adapters.teams.digest import TeamsDigestPoster
from adapters.teams.trust import service_urls_for
from bot.config import API_TIMEOUT_SECONDS, ConfigError, Settings
from bot.context import SystemClock
from runtime.digest_sender import DigestSender
from runtime.records import Records
from tipjar.bootstrap import open_units

log = logging.getLogger(__name__)


def slack_enabled(settings: Settings) -> bool:
    return settings.secrets.slack_bot_token is not None


def teams_enabled(settings: Settings) -> bool:
    return settings.teams.enabled or bool(settings.secrets.microsoft_app_id)


def slack_token(settings: Settings) -> str:
    token = settings.secrets.slack_bot_token
    if token is None:
        raise ConfigError("SLACK_BOT_TOKEN is not set: `tipjar serve` needs the Slack app's bot token (see README)")
    return token.get_secret_value()


def slack_web(settings: Settings, **caches: int) -> SlackWeb:
    """The Web API client with the bot token; `caches` are SlackWeb's cache lifetimes, for a long-running process."""
    return SlackWeb(web_client(slack_token(settings), settings.secrets.slack_api_url), **caches)


def teams_connector(settings: Settings) -> TeamsConnector:
    secrets = settings.secrets
    if secrets.microsoft_app_id and secrets.microsoft_app_password is None:
        raise ConfigError("MICROSOFT_APP_PASSWORD is not set: Tipjar cannot post to Teams without the app's client secret")
    if not secrets.microsoft_app_id:
        log.warning("teams: MICROSOFT_APP_ID is not set, so Teams requests are NOT authenticated. "
                    "Anyone who can reach /api/messages can act as any user: use this only on your own machine (loopback only).")
    password = secrets.microsoft_app_password.get_secret_value() if secrets.microsoft_app_password else None
    tokens = TokenSource(secrets.microsoft_app_id, password, secrets.microsoft_app_tenant_id)
    return TeamsConnector(tokens, timeout=API_TIMEOUT_SECONDS, service_urls=service_urls_for(settings))


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
