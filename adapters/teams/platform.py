"""Microsoft Teams as one of Tipjar's platforms: its clients from the settings, and everything else the rest of
Tipjar asks of Teams (adapters/platform.py says what). The Agents SDK is imported only once Teams is used."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from adapters.platform import Connection, Serving, Wiring
from adapters.teams.trust import listen_refusal, service_urls_for
from adapters.teams.settings import TeamsSecrets, TeamsSettings
from bot.config import API_TIMEOUT_SECONDS, ConfigError, Settings

if TYPE_CHECKING:
    from adapters.teams.connector import TeamsConnector

log = logging.getLogger(__name__)
PLATFORM = "teams"


def teams_enabled(settings: Settings) -> bool:
    return settings.teams.enabled or bool(settings.secrets.microsoft_app_id)


def teams_connector(settings: Settings) -> "TeamsConnector":
    from adapters.teams.connector import TeamsConnector, TokenSource

    secrets = settings.secrets
    if secrets.microsoft_app_id and secrets.microsoft_app_password is None:
        raise ConfigError("MICROSOFT_APP_PASSWORD is not set: Tipjar cannot post to Teams without the app's client secret")
    if not secrets.microsoft_app_id:
        log.warning("teams: MICROSOFT_APP_ID is not set, so Teams requests are NOT authenticated. "
                    "Anyone who can reach /api/messages can act as any user: use this only on your own machine (loopback only).")
    password = secrets.microsoft_app_password.get_secret_value() if secrets.microsoft_app_password else None
    tokens = TokenSource(secrets.microsoft_app_id, password, secrets.microsoft_app_tenant_id)
    return TeamsConnector(tokens, timeout=API_TIMEOUT_SECONDS, service_urls=service_urls_for(settings))


class Teams:
    name = PLATFORM
    paths = ("/api/messages",)
    setup_hint = "MICROSOFT_APP_ID (or teams.enabled in app.yaml) for Teams"
    section = ("teams", TeamsSettings)
    secrets = TeamsSecrets

    def enabled(self, settings: Settings, *, socket_mode: bool = False) -> bool:
        return teams_enabled(settings)

    def check(self, settings: Settings, host: str, *, socket_mode: bool = False) -> None:
        if not socket_mode and (refusal := listen_refusal(host, True, settings.secrets.microsoft_app_id)):
            raise ConfigError(refusal)

    def connect(self, settings: Settings, records, metrics=None) -> Connection:
        from adapters.teams.connector import TeamsDirectory
        from adapters.teams.digest import TeamsDigestPoster
        from adapters.teams.erase import TeamsErasure

        connector = teams_connector(settings)
        if metrics is not None:
            connector.on_error = metrics.api_error(PLATFORM)
        directory = TeamsDirectory(connector, records, settings.teams.membership_cache_seconds)

        def replace_posts(bot, erased, digests) -> None:
            TeamsErasure(bot, connector, settings, digests).replace_posts(erased)
        return Connection(TeamsDigestPoster(connector, records), replace_posts, directory, members=directory,
                          client=connector)

    def serve(self, connection: Connection, wiring: Wiring) -> Serving:
        from starlette.routing import Route

        from adapters.teams.app import teams_endpoint
        from adapters.teams.bot_auth import BotAuth
        from adapters.teams.curate import TeamsCuration, Trainers
        from adapters.teams.process import TeamsProcessor

        if wiring.socket_mode:
            log.warning("Socket Mode serves Slack only: Teams needs `tipjar serve` over HTTP (POST /api/messages); "
                        "Teams digests are still posted")
        settings, bot = wiring.settings, wiring.bot
        curation = TeamsCuration(bot, Trainers(bot, wiring.records), wiring.digests)
        processor = TeamsProcessor(bot, connection.client, settings, curation, connection.directory)
        app_id = settings.secrets.microsoft_app_id
        auth = BotAuth(app_id) if app_id else None
        endpoint = teams_endpoint(settings, wiring.accept(PLATFORM), curation.trainers, auth, service_urls_for(settings))
        return Serving(processor.handle, [Route("/api/messages", endpoint, methods=["POST"])])
