"""Slack as one of Tipjar's platforms: its clients from the settings, and everything else the rest of Tipjar asks
of Slack (adapters/platform.py says what)."""
from __future__ import annotations

from functools import partial

from adapters.slack.preflight import digest_channel_problem, identify, scopes_problem
from adapters.slack.readiness import SlackReadiness
from adapters.slack.web import SlackWeb, web_client
from bot.config import ConfigError, Settings


def slack_enabled(settings: Settings) -> bool:
    return settings.secrets.slack_bot_token is not None


def slack_token(settings: Settings) -> str:
    token = settings.secrets.slack_bot_token
    if token is None:
        raise ConfigError("SLACK_BOT_TOKEN is not set: `tipjar serve` needs the Slack app's bot token (see README)")
    return token.get_secret_value()


def slack_web(settings: Settings, **caches: int) -> SlackWeb:
    """The Web API client with the bot token; `caches` are SlackWeb's cache lifetimes, for a long-running process."""
    return SlackWeb(web_client(slack_token(settings), settings.secrets.slack_api_url), **caches)


def slack_readiness(settings: Settings, web) -> SlackReadiness:
    """auth.test with the bot token, then the scopes and the Slack digests' channels checked (warnings only)."""
    def checks(identity) -> list[str]:
        problems = [scopes_problem(identity)]
        problems += [digest_channel_problem(web.client, number, digest)
                     for number, digest in enumerate(settings.digests) if digest.platform == "slack"]
        return [problem for problem in problems if problem]
    return SlackReadiness(partial(identify, slack_token(settings), settings.secrets.slack_api_url), checks)
