"""The Bot Connector's token on POST /api/messages, checked in two steps around the body.

From the Authorization header alone, before a byte of the body is read: a JWT signed (RS256) by one of the
Bot Connector's published keys, issued by https://api.botframework.com (public cloud) or
https://api.botframework.us (US government clouds), for this app id, unexpired (five minutes of clock skew,
as the Bot Framework allows), carrying a `serviceurl` claim. Any other issuer is refused before any key is
fetched, Microsoft Entra issuers included: any app in a tenant can obtain an Entra token whose audience is
the bot's app id.

Then, once the activity is parsed: the key that signed the token must be endorsed for the activity's
channelId (Microsoft's key set lists, per key, the channels it may sign for), and the serviceurl claim must
name the activity's serviceUrl (adapters/teams/trust.py).
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import jwt
from jwt import PyJWK, PyJWKClient

from adapters.teams.trust import same_service_url

log = logging.getLogger(__name__)

KEY_SETS = {
    "https://api.botframework.com": "https://login.botframework.com/v1/.well-known/keys",
    "https://api.botframework.us": "https://login.botframework.azure.us/v1/.well-known/keys",
}
"""The Bot Connector's channel-to-bot token issuers, and where each publishes its signing keys (the jwks_uri
of its OpenID metadata). Tests point these at a local key set."""
ACCEPTED_ISSUERS = tuple(KEY_SETS)
CLOCK_SKEW_SECONDS = 300
CHECKS = {"require": ["exp", "iss", "aud"], "strict_aud": True}
"""PyJWT's options: an expiry, issuer and audience must be there; the audience is the app id alone, not a list."""
KEYS_KEPT_SECONDS = 3600
"""How long a fetched key set is used; a token naming a key not in it fetches the set again at once (at most
every 30 s), so a new key is picked up when Microsoft starts signing with it."""


@dataclass(frozen=True)
class Caller:
    """A verified token: its claims, and the channels its signing key is endorsed for."""

    claims: dict
    endorsements: frozenset[str]


class EndorsedKeySet(PyJWKClient):
    """One issuer's key set, keeping each key's `endorsements`, which PyJWK does not expose."""

    def __init__(self, url: str) -> None:
        super().__init__(url, lifespan=KEYS_KEPT_SECONDS, timeout=10)
        self.endorsements: dict[str, frozenset[str]] = {}

    def fetch_data(self):
        data = super().fetch_data()
        self.endorsements = endorsements_by_key(data)
        return data

    def key_for(self, kid: str) -> tuple[PyJWK, frozenset[str]]:
        key = self.get_signing_key(kid)
        return key, self.endorsements.get(kid, frozenset())


def endorsements_by_key(key_set: object) -> dict[str, frozenset[str]]:
    """kid -> the channels the key is endorsed for; a key whose endorsements are not a list of text has none."""
    keys = key_set.get("keys") if isinstance(key_set, dict) else None
    found: dict[str, frozenset[str]] = {}
    for key in keys if isinstance(keys, list) else []:
        if isinstance(key, dict) and isinstance(key.get("kid"), str):
            listed = key.get("endorsements") if isinstance(key.get("endorsements"), list) else []
            found[key["kid"]] = frozenset(channel for channel in listed if isinstance(channel, str))
    return found


class BotAuth:
    """Bot Connector tokens for one app id."""

    def __init__(self, app_id: str) -> None:
        self.app_id = app_id
        self.key_sets = {issuer: EndorsedKeySet(url) for issuer, url in KEY_SETS.items()}

    async def caller(self, header: str | None) -> Caller | None:
        """The verified token of an Authorization header, or None for every kind of bad token (never an exception)."""
        scheme, _, token = (header or "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return None
        issuer, kid = _unverified_issuer_and_key(token)
        key_set = self.key_sets.get(issuer) if isinstance(issuer, str) else None
        if key_set is None:
            log.warning("teams: token refused (not issued by the Bot Connector service)")
            return None
        if not isinstance(kid, str) or not kid:
            log.warning("teams: token refused (no key id)")
            return None
        try:
            key, endorsements = await asyncio.to_thread(key_set.key_for, kid)
            claims = jwt.decode(token, key.key, algorithms=["RS256"], audience=self.app_id, issuer=issuer,
                                leeway=CLOCK_SKEW_SECONDS, options=CHECKS)
        except Exception as exc:  # noqa: BLE001 - PyJWTError, a key set that cannot be fetched...: all are 401
            log.warning("teams: token refused (%s)", type(exc).__name__)
            return None
        if not isinstance(claims.get("serviceurl"), str) or not claims["serviceurl"]:
            log.warning("teams: token refused (no serviceurl claim)")
            return None
        return Caller(claims, endorsements)

    @staticmethod
    def refusal(caller: Caller, activity: dict) -> str | None:
        """Why this verified token does not count for this activity; None when it does."""
        channel = activity.get("channelId")
        if not isinstance(channel, str) or not channel:
            return "the activity names no channelId, so the token's signing key cannot be checked for its channel"
        if channel not in caller.endorsements:
            return f"the token's signing key is not endorsed for the channel {channel[:40]!r}"
        if not same_service_url(caller.claims.get("serviceurl"), activity.get("serviceUrl")):
            return "the token was not issued for this serviceUrl"
        return None


def _unverified_issuer_and_key(token: str) -> tuple[object, object]:
    """The token's issuer and key id, read without checking anything: only to choose where its key is."""
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
        return claims.get("iss"), jwt.get_unverified_header(token).get("kid")
    except (jwt.PyJWTError, ValueError, TypeError, AttributeError):
        return None, None
