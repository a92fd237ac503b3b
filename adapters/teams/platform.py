"""Microsoft Teams as one of Tipjar's platforms: its clients from the settings, and everything else the rest of
Tipjar asks of Teams (adapters/platform.py says what)."""
from __future__ import annotations

import logging

from adapters.teams.connector import TeamsConnector, TokenSource
from adapters.teams.trust import service_urls_for
from bot.config import API_TIMEOUT_SECONDS, ConfigError, Settings

log = logging.getLogger(__name__)


def teams_enabled(settings: Settings) -> bool:
    return settings.teams.enabled or bool(settings.secrets.microsoft_app_id)


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
