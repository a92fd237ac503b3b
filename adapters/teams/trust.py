"""Where the bot's own Bot Connector token may be sent, and where a Teams server may listen.

Who may call POST /api/messages (the Bot Connector's token, its issuers and signing keys) is
adapters/teams/bot_auth.py; the token carries the activity's serviceUrl in a `serviceurl` claim, which
`same_service_url` compares.

The serviceUrl of an activity is where the worker later sends the bot's own token, so it must be one of
Microsoft's Teams connector hosts over https (plus the hosts app.yaml adds for sovereign clouds). Without an
app id (local development) requests are not authenticated at all: then the server may listen on loopback
only, and loopback service URLs (the Bot Framework Emulator, local fakes) are the ones allowed.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from adapters.loopback import is_loopback
from bot.config import Settings

TEAMS_SERVICE_HOSTS = (
    "smba.trafficmanager.net",  # public cloud, every region (/amer/, /emea/, /apac/, /teams/...)
    "smba.infra.gcc.teams.microsoft.com",  # US Government Community Cloud
    "smba.infra.gov.teams.microsoft.us",  # GCC High
    "smba.infra.dod.teams.microsoft.us",  # US Department of Defense
)


def _parts(url: object) -> tuple[str, str, int | None] | None:
    """(scheme, host, port) of a plain absolute URL; None for anything else (user info, bad port, not text)."""
    if not isinstance(url, str) or not url or any(c.isspace() or ord(c) < 32 for c in url):
        return None
    try:
        split = urlsplit(url)
        port = split.port
    except ValueError:
        return None
    if split.username is not None or split.password is not None or not split.hostname:
        return None
    return split.scheme.lower(), split.hostname.lower(), port


class ServiceUrls:
    """The service URLs the bot's token may be sent to."""

    def __init__(self, extra_hosts: list[str] | tuple[str, ...] = (), development: bool = False) -> None:
        self.hosts = frozenset(TEAMS_SERVICE_HOSTS) | {host.strip().lower() for host in extra_hosts if host.strip()}
        self.development = development

    def allows(self, url: object) -> bool:
        parts = _parts(url)
        if parts is None:
            return False
        scheme, host, port = parts
        if self.development:
            return scheme in ("http", "https") and is_loopback(host)
        return scheme == "https" and port in (None, 443) and host in self.hosts

    def refusal(self, url: object) -> str | None:
        """Why an activity naming this serviceUrl is refused; None when it is allowed."""
        if self.allows(url):
            return None
        if self.development:
            return "without MICROSOFT_APP_ID only a loopback serviceUrl (http://127.0.0.1:...) is accepted"
        return "the serviceUrl is not a Microsoft Teams connector host (see teams.service_url_hosts in app.yaml)"


class Tenants:
    """The tenants whose activities Tipjar takes (app.yaml `teams.tenants`); none listed: any tenant's. A Bot
    Connector token names no tenant: this is the operator's word on which tenants the app serves."""

    def __init__(self, allowed: list[str] | tuple[str, ...] = ()) -> None:
        self.allowed = frozenset(tenant.strip().lower() for tenant in allowed)

    def refusal(self, tenant: str) -> str | None:
        """Why an activity of this tenant is refused; None when it is taken."""
        if not self.allowed or tenant.strip().lower() in self.allowed:
            return None
        return f"tenant {tenant[:64]!r} is not one of teams.tenants in app.yaml"


def same_service_url(claimed: object, actual: object) -> bool:
    """The token's serviceurl claim names exactly the activity's serviceUrl (a trailing slash aside)."""
    if not isinstance(claimed, str) or not isinstance(actual, str) or not claimed:
        return False
    return _canonical(claimed) == _canonical(actual) != ""


def _canonical(url: str) -> str:
    try:
        split = urlsplit(url.strip())
    except ValueError:  # e.g. "https://[::1" (an unclosed IPv6 address)
        return ""
    return f"{split.scheme.lower()}://{split.netloc.lower()}{split.path.rstrip('/')}"


def listen_refusal(host: str, teams_on: bool, app_id: str | None) -> str | None:
    """Unauthenticated Teams (no app id) is for one's own machine: listening beyond loopback is refused."""
    if not teams_on or app_id or is_loopback(host):
        return None
    return (f"refusing to listen on {host}: Teams requests are not authenticated without MICROSOFT_APP_ID, so "
            "serve them on 127.0.0.1 only, or set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and "
            "MICROSOFT_APP_TENANT_ID (README, \"Microsoft Teams\")")


def service_urls_for(settings: Settings) -> ServiceUrls:
    """The allow-list of a running Tipjar: development (loopback) mode exactly when no app id is set."""
    return ServiceUrls(settings.teams.service_url_hosts, development=not settings.secrets.microsoft_app_id)
