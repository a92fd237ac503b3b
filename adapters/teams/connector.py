"""TeamsConnector: the Bot Connector calls Tipjar makes (send, update, members), for the inbox worker's threads.

The Agents SDK's ConnectorClient is asynchronous (aiohttp); Tipjar's workers are threads. One private
event loop on its own thread runs every call, so the HTTP sessions (one per service URL, connections kept
alive) and the token cache live on one loop.
A 429 or 5xx is retried here with backoff (honouring Retry-After); what no retry can mend (400, 403,
404) becomes PermanentFailure; anything still failing after the retries is raised for the inbox to try
the whole event again later. A service URL off the allow-list (trust.ServiceUrls) is a PermanentFailure
before anything is sent: the bot's token goes to Teams connector hosts only.
Every new message (send, send_privately) goes through `runtime.replies.posted_once`: while an inbox event is
processed, an attempt after a crash skips the replies an earlier attempt recorded posting.
"""
from __future__ import annotations

import asyncio
import logging
import threading
import time
from dataclasses import dataclass
from typing import Awaitable, Callable, TypeVar

import aiohttp
from microsoft_agents.activity import Activity, ConversationParameters
from microsoft_agents.hosting.core.connector.client import ConnectorClient

from adapters.cache import TtlCache
from adapters.teams.trust import ServiceUrls
from bot.model import Viewer
from bot.ports import PermanentFailure
from runtime.records import Records
from runtime.replies import posted_once

log = logging.getLogger(__name__)
T = TypeVar("T")
BOT_FRAMEWORK = "https://api.botframework.com"
PAGE_SIZE = 500
MAX_DELAY = 10.0
MAX_SESSIONS = 32


@dataclass(frozen=True)
class PrivateMessage:
    """A message in a one-to-one chat: the chat's id and the message's (its activity id, which an update needs)."""

    conversation_id: str
    activity_id: str = ""

    @property
    def recorded(self) -> str:
        """As the reply ledger keeps it (Teams ids hold no spaces)."""
        return f"{self.conversation_id} {self.activity_id}".strip()

    @classmethod
    def of(cls, recorded: str) -> PrivateMessage:
        conversation_id, _, activity_id = recorded.partition(" ")
        return cls(conversation_id, activity_id)


class ConnectorUnavailable(Exception):
    """The Bot Connector kept failing with a passing error (429, 5xx, no connection)."""


class TokenSource:
    """Bearer tokens for the Bot Connector from Microsoft Entra (the SDK's MSAL provider), or none at all
    when no app id is configured (local development against the Bot Framework Emulator)."""

    def __init__(self, app_id: str | None, password: str | None, tenant_id: str | None) -> None:
        self._auth = None
        if app_id and password:
            from microsoft_agents.authentication.msal import MsalAuth
            from microsoft_agents.hosting.core import AgentAuthConfiguration

            self._auth = MsalAuth(AgentAuthConfiguration(client_id=app_id, client_secret=password,
                                                         tenant_id=tenant_id or "botframework.com"))

    @property
    def authenticated(self) -> bool:
        return self._auth is not None

    async def token(self) -> str:
        if self._auth is None:
            return ""
        return await self._auth.get_access_token(BOT_FRAMEWORK, [f"{BOT_FRAMEWORK}/.default"])


class TeamsConnector:
    def __init__(self, tokens: TokenSource, *, service_urls: ServiceUrls | None = None, attempts: int = 4,
                 base_delay: float = 0.5, timeout: float = 30.0) -> None:
        self.tokens, self.attempts, self.base_delay, self.timeout = tokens, attempts, base_delay, timeout
        self.on_error: Callable[[str], None] = lambda method: None
        """Told the method (send, update, members) of each call that failed for good, for the metrics."""
        self.service_urls = service_urls or ServiceUrls(development=not tokens.authenticated)
        self._sessions: dict[str, aiohttp.ClientSession] = {}
        self._loop = asyncio.new_event_loop()
        self._thread: threading.Thread | None = None
        self._starting = threading.Lock()

    def _started_loop(self) -> asyncio.AbstractEventLoop:
        """The connector's event loop, its thread started at the first call rather than when the connector is
        made (a command that never calls Teams starts no thread)."""
        with self._starting:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop.run_forever, name="teams-connector", daemon=True)
                self._thread.start()
        return self._loop

    def close(self) -> None:
        if self._thread is None:
            self._loop.close()
            return

        async def close_sessions() -> None:
            for session in self._sessions.values():
                await session.close()
        asyncio.run_coroutine_threadsafe(close_sessions(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)

    def _session(self, service_url: str) -> aiohttp.ClientSession:
        """One pooled session per service URL (kept-alive connections), used only on the connector's loop."""
        session = self._sessions.get(service_url)
        if session is None or session.closed:
            session = aiohttp.ClientSession(base_url=_with_slash(service_url),
                                            timeout=aiohttp.ClientTimeout(total=self.timeout))
            self._sessions.pop(service_url, None)
            self._sessions[service_url] = session
            while len(self._sessions) > MAX_SESSIONS:  # a few regional service URLs in practice; never unbounded
                oldest = self._sessions.pop(next(iter(self._sessions)))
                self._loop.create_task(oldest.close())
        return session

    # --- the calls -----------------------------------------------------------------------------------
    def send(self, service_url: str, conversation_id: str, activity: dict, reply_to: str | None = None) -> str:
        """Post `activity` (into the thread of `reply_to`, when given); the new message's id."""
        body = Activity.model_validate(activity)

        async def call(client: ConnectorClient) -> str:
            if reply_to:
                answer = await client.conversations.reply_to_activity(conversation_id, reply_to, body)
            else:
                answer = await client.conversations.send_to_conversation(conversation_id, body)
            return answer.id or ""
        return posted_once(lambda: self._run(service_url, f"send to {conversation_id}", call)).message_id

    def update(self, service_url: str, conversation_id: str, activity_id: str, activity: dict) -> None:
        body = Activity.model_validate({**activity, "id": activity_id})

        async def call(client: ConnectorClient) -> None:
            await client.conversations.update_activity(conversation_id, activity_id, body)
        self._run(service_url, f"update {activity_id} in {conversation_id}", call)

    def send_privately(self, service_url: str, tenant_id: str, user_id: str, activity: dict) -> PrivateMessage:
        """Open (or reuse) the one-to-one chat between the bot and `user_id` and post `activity` in it, in one
        call; where the message is. Teams refuses when the person has not installed the app."""
        body = ConversationParameters.model_validate({
            "isGroup": False, "tenantId": tenant_id, "members": [{"id": user_id}],
            "channelData": {"tenant": {"id": tenant_id}}, "activity": activity})

        async def call(client: ConnectorClient) -> str:
            answer = await client.conversations.create_conversation(body)
            return PrivateMessage(answer.id or "", answer.activity_id or "").recorded
        sent = posted_once(lambda: self._run(service_url, f"send privately to {user_id}", call))
        return PrivateMessage.of(sent.message_id)

    def members(self, service_url: str, conversation_id: str) -> frozenset[str]:
        """Everyone in a team or chat, by Entra object id and by Teams user id."""
        async def call(client: ConnectorClient) -> frozenset[str]:
            found: set[str] = set()
            token = None
            while True:
                page = await client.conversations.get_conversation_paged_members(conversation_id, PAGE_SIZE, token)
                for member in page.members or []:
                    found.update(filter(None, (member.id, getattr(member, "aad_object_id", None))))
                token = page.continuation_token
                if not token:
                    return frozenset(found)
        return self._run(service_url, f"members of {conversation_id}", call)

    # --- retries ---------------------------------------------------------------------------------------
    def _run(self, service_url: str, what: str, call: Callable[[ConnectorClient], Awaitable[T]]) -> T:
        if not self.service_urls.allows(service_url):
            raise PermanentFailure(f"teams: no usable serviceUrl to {what}: {self.service_urls.refusal(service_url)}")
        future = asyncio.run_coroutine_threadsafe(self._with_retries(service_url, what, call), self._started_loop())
        try:
            return future.result(timeout=self.timeout * (self.attempts + 1))
        except Exception:
            self.on_error(what.split()[0])  # the method: the rest names a conversation, unbounded as a label
            raise

    async def _with_retries(self, service_url: str, what: str, call: Callable[[ConnectorClient], Awaitable[T]]) -> T:
        problem = ""
        for attempt in range(self.attempts):
            client = ConnectorClient(service_url, await self.tokens.token(), session=self._session(service_url))
            try:
                return await call(client)
            except aiohttp.ClientResponseError as exc:
                if exc.status not in (401, 408, 429) and exc.status < 500:
                    raise PermanentFailure(f"teams: {what}: HTTP {exc.status} {str(exc.message)[:200]}") from None
                problem, delay = f"HTTP {exc.status}", _retry_after(exc.headers)
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                problem, delay = f"{type(exc).__name__}: {exc}", None
            if attempt + 1 < self.attempts:
                wait = min(delay if delay is not None else self.base_delay * 2 ** attempt, MAX_DELAY)
                log.warning("teams: %s failed (%s), retrying in %.1f s", what, problem, wait)
                await asyncio.sleep(wait)
        raise ConnectorUnavailable(f"teams: {what} failed {self.attempts} times, last: {problem}")


def _with_slash(url: str) -> str:
    """A serviceUrl keeps its path (e.g. .../amer/): relative API paths are joined under it."""
    return url if url.endswith("/") else url + "/"


def _retry_after(headers: object) -> float | None:
    try:
        return max(0.0, float(headers.get("Retry-After")))  # type: ignore[union-attr]
    except (AttributeError, TypeError, ValueError):
        return None


class TeamsDirectory:
    """Who may read a Teams tip: the members of its team or chat, from the connector, cached briefly.

    A scope Tipjar has no address for, or whose roster cannot be fetched, is not readable: access fails closed.
    """

    def __init__(self, connector: TeamsConnector, records: Records, cache_seconds: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.connector, self.records = connector, records
        self.rosters = TtlCache(cache_seconds, clock)

    def readable(self, viewer: Viewer, channel_ids: frozenset[str]) -> frozenset[str]:
        return frozenset(scope for scope in channel_ids if viewer.user_id in self.members(scope))

    def members(self, scope: str) -> frozenset[str]:
        """Everyone in this team, channel or chat (bot.ports.Members); empty when it cannot be read."""
        known = self.records.conversation("teams", scope)
        if known is None:
            return frozenset()
        return self.members_at(str(known.address.get("serviceUrl", "")), scope)

    def members_at(self, service_url: str, scope: str) -> frozenset[str]:
        """The roster of a team, channel or chat (cached); empty when it cannot be read."""
        try:
            return self.rosters.get(scope, lambda: self.connector.members(service_url, scope))
        except Exception as exc:  # noqa: BLE001 - whatever the failure (connector, token), access fails closed
            log.warning("teams: members of %s unknown, its tips stay hidden: %s", scope, exc)
            return frozenset()

    def is_standard_channel(self, service_url: str, channel_id: str, team_id: str) -> bool:
        """A channel whose roster is its team's (a standard channel); False when either cannot be read."""
        channel = self.members_at(service_url, channel_id)
        return bool(channel) and channel == self.members_at(service_url, team_id)
