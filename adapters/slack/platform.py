"""Slack as one of Tipjar's platforms: its clients from the settings, and everything else the rest of Tipjar asks
of Slack (adapters/platform.py says what). Slack's SDK is imported only once Slack is used: the commands that
never talk to Slack start without it."""
from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from adapters.platform import Connection, Serving, Wiring
from adapters.slack.settings import SlackSecrets, SlackSettings
from bot.config import ConfigError, Settings

if TYPE_CHECKING:
    from adapters.slack.readiness import SlackReadiness
    from adapters.slack.web import SlackWeb

PLATFORM = "slack"


def slack_enabled(settings: Settings) -> bool:
    return settings.secrets.slack_bot_token is not None


def slack_token(settings: Settings) -> str:
    token = settings.secrets.slack_bot_token
    if token is None:
        raise ConfigError("SLACK_BOT_TOKEN is not set: `tipjar serve` needs the Slack app's bot token (see README)")
    return token.get_secret_value()


def slack_web(settings: Settings, **caches: int) -> "SlackWeb":
    """The Web API client with the bot token; `caches` are SlackWeb's cache lifetimes, for a long-running process."""
    from adapters.slack.web import SlackWeb, web_client

    return SlackWeb(web_client(slack_token(settings), settings.secrets.slack_api_url), **caches)


def slack_readiness(settings: Settings, web) -> "SlackReadiness":
    """auth.test with the bot token, then the scopes and the Slack digests' channels checked (warnings only)."""
    from adapters.slack.preflight import digest_channel_problem, identify, scopes_problem
    from adapters.slack.readiness import SlackReadiness

    def checks(identity) -> list[str]:
        problems = [scopes_problem(identity)]
        problems += [digest_channel_problem(web.client, number, digest)
                     for number, digest in enumerate(settings.digests) if digest.platform == PLATFORM]
        return [problem for problem in problems if problem]
    return SlackReadiness(partial(identify, slack_token(settings), settings.secrets.slack_api_url), checks)


def run_socket_mode(bolt, app_token: str, ready: "SlackReadiness", stop) -> None:
    """Slack Socket Mode: Slack's events arrive over a websocket the app opens; no public URL needed."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    if not ready.wait(stop):
        return
    SocketModeHandler(bolt, app_token).start()


class Slack:
    name = PLATFORM
    paths = ("/slack/events",)
    setup_hint = "set SLACK_BOT_TOKEN for Slack"
    section = ("slack", SlackSettings)
    secrets = SlackSecrets

    def enabled(self, settings: Settings, *, socket_mode: bool = False) -> bool:
        return slack_enabled(settings) or socket_mode

    def check(self, settings: Settings, host: str, *, socket_mode: bool = False) -> None:
        if socket_mode and settings.secrets.slack_app_token is None:
            raise ConfigError("SLACK_APP_TOKEN is not set: Socket Mode needs the app-level token (xapp-…)")
        if not socket_mode and settings.secrets.slack_signing_secret is None:
            raise ConfigError("SLACK_SIGNING_SECRET is not set: Slack requests cannot be verified without it")

    def connect(self, settings: Settings, records, metrics=None) -> Connection:
        from adapters.slack.digest import SlackDigestPoster
        from adapters.slack.erase import SlackErasure
        from adapters.slack.web import SlackDirectory

        web = slack_web(settings, profile_seconds=settings.slack.profile_cache_seconds,
                        members_seconds=settings.slack.membership_cache_seconds)
        if metrics is not None:
            web.on_error = metrics.api_error(PLATFORM)

        def replace_posts(bot, erased, digests) -> None:
            SlackErasure(bot, web, settings, digests).replace_posts(erased)
        return Connection(SlackDigestPoster(web), replace_posts, SlackDirectory(web), members=web, client=web)

    def serve(self, connection: Connection, wiring: Wiring) -> Serving:
        from starlette.routing import Route

        from adapters.slack.app import build_bolt_app
        from adapters.slack.http import slack_endpoint
        from adapters.slack.process import SlackProcessor
        from adapters.slack.recheck import ChannelPrivacyRecheck

        settings, web = wiring.settings, connection.client
        processor = SlackProcessor(wiring.bot, web, settings, wiring.digests)
        # Every event is committed before its acknowledgement: over HTTP the endpoint awaits the write's future,
        # in Socket Mode (no endpoint of ours) the listener waits for it.
        accept = (wiring.accept_now if wiring.socket_mode else wiring.accept)(PLATFORM)
        bolt = build_bolt_app(settings, web.client, accept, socket_mode=wiring.socket_mode)
        ready = slack_readiness(settings, web)
        ready.first_attempt()  # a refused token stops the start here; Slack not answering does not
        recheck = ChannelPrivacyRecheck(wiring.bot, web, settings.slack.privacy_recheck_seconds)
        secret, app_token = settings.secrets.slack_signing_secret, settings.secrets.slack_app_token
        endpoint = slack_endpoint(bolt, secret.get_secret_value() if secret else "", ready,
                                  settings.server.request_body_seconds)
        route = Route("/slack/events", endpoint, methods=["POST"])
        socket = partial(run_socket_mode, bolt, app_token.get_secret_value(), ready) if wiring.socket_mode else None
        return Serving(processor.handle, [route], [ready.run, lambda stop: ready.wait(stop) and recheck.run(stop)],
                       ready, socket)
