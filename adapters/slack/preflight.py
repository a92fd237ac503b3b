"""What Slack says about the bot token before Tipjar relies on it: whose token it is (auth.test), the scopes
granted against the manifest's, and whether each Slack digest's channel exists with the bot in it.

`tipjar serve` (adapters/slack/readiness.py) and `tipjar doctor` ask the same questions and give the same
fixes. A refused token is a configuration error (ConfigError); Slack not answering is `SlackUnreachable`,
which serve retries and doctor reports. Nothing here ever puts the token in a message.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import yaml
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import API_TIMEOUT_SECONDS, ConfigError, DigestSettings

MANIFEST = Path(__file__).with_name("manifest.yaml")
REFUSED_TOKEN = frozenset({"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired",
                           "not_allowed_token_type", "no_permission", "ekm_access_denied"})
TOKEN_FIX = ("copy the Bot User OAuth Token (xoxb-...) from your Slack app's OAuth & Permissions page into "
             "SLACK_BOT_TOKEN")
SCOPES_FIX = ("add them under OAuth & Permissions > Scopes (or paste adapters/slack/manifest.yaml into the app's "
              "manifest), then reinstall the app to the workspace")


class SlackUnreachable(Exception):
    """Slack did not answer (no connection, a timeout, a 5xx or 429): worth trying again later."""


@dataclass(frozen=True)
class SlackIdentity:
    team: str
    team_id: str
    user: str
    user_id: str
    scopes: frozenset[str] | None
    """The scopes granted to the token (Slack's x-oauth-scopes header); None when Slack did not say."""


@lru_cache(maxsize=1)
def manifest_scopes() -> frozenset[str]:
    """The bot scopes adapters/slack/manifest.yaml asks for: every one Tipjar uses."""
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return frozenset(manifest["oauth_config"]["scopes"]["bot"])


def identify(token: str, base_url: str | None) -> SlackIdentity:
    """One auth.test, without the client's retries (the caller decides when to try again, and logs one line)."""
    quiet = logging.getLogger("slack_sdk.preflight")  # the SDK's own error line and traceback, only when debugging
    quiet.setLevel(logging.DEBUG if logging.getLogger().isEnabledFor(logging.DEBUG) else logging.CRITICAL)
    client = WebClient(token=token, base_url=base_url or WebClient.BASE_URL, timeout=API_TIMEOUT_SECONDS, logger=quiet)
    try:
        answer = client.auth_test()
    except SlackApiError as exc:
        error = exc.response.get("error", "") if isinstance(exc.response.data, dict) else ""
        if error in REFUSED_TOKEN:
            raise ConfigError(f"SLACK_BOT_TOKEN is refused by Slack ({error}): {TOKEN_FIX}") from None
        raise SlackUnreachable(f"auth.test answered HTTP {exc.response.status_code} {error}".strip()) from None
    except Exception as exc:  # noqa: BLE001 - urllib's URLError, a timeout, a reset: all mean "not now"
        reason = getattr(exc, "reason", None) or exc
        raise SlackUnreachable(f"cannot reach Slack at {_without_credentials(client.base_url)} ({reason})") from None
    headers = {name.lower(): value for name, value in (answer.headers or {}).items()}
    granted = headers.get("x-oauth-scopes")
    if isinstance(granted, list):
        granted = ",".join(granted)
    scopes = frozenset(s.strip() for s in granted.split(",") if s.strip()) if granted is not None else None
    return SlackIdentity(str(answer.get("team") or ""), str(answer.get("team_id") or ""),
                         str(answer.get("user") or ""), str(answer.get("user_id") or ""), scopes)


def _without_credentials(url: str) -> str:
    """SLACK_API_URL as a message may show it: a proxy's user:password@ left out."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def missing_scopes(identity: SlackIdentity) -> list[str]:
    """The manifest's scopes the token was not granted (none when Slack did not say which it granted)."""
    if identity.scopes is None:
        return []
    return sorted(manifest_scopes() - identity.scopes)


def scopes_problem(identity: SlackIdentity) -> str | None:
    if missing := missing_scopes(identity):
        return f"the Slack app lacks the scope(s) {', '.join(missing)}: {SCOPES_FIX}"
    return None


def digest_channel_problem(client: WebClient, number: int, digest: DigestSettings) -> str | None:
    """Why the Slack digest of app.yaml's `digests[number]` cannot be posted, with the fix; None when it can."""
    if finding := digest_channel_finding(client, digest):
        return f"digest {digest.name!r} (app.yaml digests[{number}].channel): {finding[0]}: {finding[1]}"
    return None


def digest_channel_finding(client: WebClient, digest: DigestSettings) -> tuple[str, str] | None:
    """(what is wrong, the fix) with a Slack digest's channel; None when it exists with the bot in it."""
    found = _find_channel(client, digest.channel)
    if found is None:
        return (f"Slack has no channel {digest.channel!r} the bot can see",
                "set it to the channel's id (channel details > About, C0...) or its #name, and invite the bot there "
                "(/invite @tipjar)")
    if not found.get("is_member"):
        return f"the bot is not a member of {digest.channel}", "invite it there with /invite @tipjar"
    return None


def _find_channel(client: WebClient, channel: str) -> dict | None:
    if channel.startswith("#"):
        return _channel_named(client, channel[1:])
    try:
        return client.conversations_info(channel=channel).get("channel")
    except SlackApiError as exc:
        if exc.response.get("error") in ("channel_not_found", "invalid_arguments"):
            return None
        raise


def _channel_named(client: WebClient, name: str) -> dict | None:
    cursor = ""
    while True:
        page = client.conversations_list(types="public_channel,private_channel", exclude_archived=True,
                                         limit=200, cursor=cursor or None)
        found = next((c for c in page.get("channels", []) if c.get("name") == name), None)
        cursor = (page.get("response_metadata") or {}).get("next_cursor", "")
        if found is not None or not cursor:
            return found
