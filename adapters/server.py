"""`tipjar serve`: the HTTP endpoints (Starlette on uvicorn), the inbox workers, and Socket Mode.

    POST /slack/events   Events API, slash commands and interactivity (Bolt verifies every signature)
    POST /api/messages   Microsoft Teams activities (Bot Framework tokens verified with the Agents SDK)
    GET  /healthz        200 while the process is alive (a liveness probe: never restart for a database outage)
    GET  /readyz         200 when the store answers with its schema at head, 503 otherwise (reason: log only)
    GET  /metrics        Prometheus text format (adapters/metrics.py); bearer token when TIPJAR_METRICS_TOKEN is set

Slack is served when SLACK_BOT_TOKEN is set, Teams when MICROSOFT_APP_ID is set or app.yaml's
teams.enabled is true; both share one store, one inbox and one set of workers.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from functools import partial
from datetime import timedelta
from typing import Awaitable, Callable

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk.signature import SignatureVerifier
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from adapters.access import AccessLog
from adapters.metrics import CountedPoster, Metrics, meter_bot, metrics_endpoint
from adapters.slack.app import build_bolt_app
from adapters.slack.digest import SlackDigestPoster
from adapters.slack.process import SlackProcessor
from adapters.slack.recheck import ChannelPrivacyRecheck
from adapters.slack.web import SlackDirectory, SlackWeb, web_client
from adapters.teams.app import BotAuth, teams_endpoint
from adapters.teams.connector import TeamsConnector, TeamsDirectory, TokenSource
from adapters.teams.curate import TeamsCuration, Trainers
from adapters.teams.digest import TeamsDigestPoster
from adapters.teams.process import TeamsProcessor
from adapters.teams.trust import service_urls_for
from bot.bootstrap import build_bot
from bot.config import API_TIMEOUT_SECONDS, ConfigError, Settings
from bot.context import SystemClock
from bot.directory import MembershipDirectory, PlatformDirectories
from bot.embedders import limit_cpu_threads
from bot.service import Bot
from bot.ports import MalformedEvent, PermanentFailure, StoreUnavailable
from digests.cron import DigestScheduler
from digests.schedule import DigestSender
from runtime.bootstrap import open_units
from runtime.inbox import InboxWorker, RetryPolicy
from runtime.inbox_writer import InboxWriter
from runtime.model import InboxItem
from runtime.records import Records
from store.db import UPGRADE_HINT, head_revision

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1_000_000
DRAIN_BYTES = 4_000_000


@dataclass
class Service:
    """Everything `tipjar serve` runs: the Bolt app and the Teams endpoint (each when configured), the inbox
    workers, and what they share."""

    bolt: App | None
    teams: Callable[[Request], Awaitable[Response]] | None
    bot: Bot
    worker: InboxWorker
    records: Records
    signing_secret: str
    scheduler: DigestScheduler
    metrics: Metrics
    settings: Settings
    background: list[Callable[[threading.Event], None]] = field(default_factory=list)
    """More loops to run beside the workers until `stop` (the Slack channel privacy re-check)."""
    stop: threading.Event = field(default_factory=threading.Event)
    warmed: threading.Event = field(default_factory=threading.Event)
    schema_head: str = field(default_factory=head_revision)
    threads: list[threading.Thread] = field(default_factory=list)

    def start_workers(self, count: int) -> None:
        """Workers start by taking up whatever an earlier run accepted and did not finish; the digest
        schedule starts with them (and sends a digest missed while Tipjar was down)."""
        self.warm_up()
        self.scheduler.start()
        runs = [(self.worker.run, f"inbox-{number}") for number in range(count)]
        loops = [(loop, f"background-{number}") for number, loop in enumerate(self.background)]
        for target, name in [*runs, (self.worker.heartbeat, "inbox-heartbeat"), *loops]:
            thread = threading.Thread(target=target, args=(self.stop,), name=name, daemon=True)
            thread.start()
            self.threads.append(thread)

    def warm_up(self) -> None:
        """Load the embedding model now, not in the middle of the first burst of events."""
        self.bot.context.retriever.prepare("warm up")
        self.warmed.set()

    def stop_workers(self) -> None:
        self.scheduler.stop()
        self.stop.set()
        self.worker.wake.set()
        for thread in self.threads:
            thread.join(timeout=30)


def _slack_token(settings: Settings) -> str:
    token = settings.secrets.slack_bot_token
    if token is None:
        raise ConfigError("SLACK_BOT_TOKEN is not set: `tipjar serve` needs the Slack app's bot token (see README)")
    return token.get_secret_value()


def slack_enabled(settings: Settings) -> bool:
    return settings.secrets.slack_bot_token is not None


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


def build_service(settings: Settings, *, socket_mode: bool = False) -> Service:
    slack_on, teams_on = slack_enabled(settings) or socket_mode, teams_enabled(settings)
    if not (slack_on or teams_on):
        raise ConfigError("nothing to serve: set SLACK_BOT_TOKEN for Slack, or MICROSOFT_APP_ID (or teams.enabled "
                          "in app.yaml) for Teams (see README)")
    secret = settings.secrets.slack_signing_secret
    if slack_on and not socket_mode and secret is None:
        raise ConfigError("SLACK_SIGNING_SECRET is not set: Slack requests cannot be verified without it")
    units, runtime_units = open_units(settings)
    records = Records(runtime_units)
    metrics = Metrics(records)
    limit_cpu_threads(settings.server.embedding_threads)
    directories, posters = {}, {}
    if slack_on:
        client = web_client(_slack_token(settings), settings.secrets.slack_api_url)
        web = SlackWeb(client, profile_seconds=settings.slack.profile_cache_seconds,
                       members_seconds=settings.slack.membership_cache_seconds)
        web.on_error = metrics.api_error("slack")
        directories["slack"], posters["slack"] = SlackDirectory(web), SlackDigestPoster(web)
    if teams_on:
        connector = teams_connector(settings)
        connector.on_error = metrics.api_error("teams")
        teams_directory = TeamsDirectory(connector, records, settings.teams.membership_cache_seconds)
        directories["teams"], posters["teams"] = teams_directory, TeamsDigestPoster(connector, records)
    bot = build_bot(settings, units=units, directory=PlatformDirectories(directories, MembershipDirectory(units)),
                    caller_retries=True)
    meter_bot(bot, metrics)
    counted = {platform: CountedPoster(poster, platform, metrics) for platform, poster in posters.items()}
    digests = DigestSender(units, records, bot.context.clock, settings, counted)
    processors = {}
    if slack_on:
        processors["slack"] = SlackProcessor(bot, web, settings, digests).handle
    if teams_on:
        trainers = Trainers(settings, teams_directory, records)
        processors["teams"] = TeamsProcessor(bot, connector, settings, TeamsCuration(bot, trainers, digests)).handle
    lease = timedelta(seconds=settings.server.lease_seconds)
    worker = InboxWorker(runtime_units, SystemClock(), _by_platform(processors), lease=lease, retry=retry_policy(settings),
                         batch=settings.server.claim_batch, observer=metrics)
    writer = InboxWriter(runtime_units, worker.clock, worker.wake.set)
    worker.busy = writer.busy
    # Every event is committed before its acknowledgement.
    bolt = build_bolt_app(settings, client, partial(writer.accept, "slack"), socket_mode=socket_mode) if slack_on else None
    teams = None
    if teams_on:
        app_id = settings.secrets.microsoft_app_id
        auth = BotAuth(app_id, settings.secrets.microsoft_app_tenant_id) if app_id else None
        teams = teams_endpoint(settings, partial(writer.accept, "teams"), trainers, auth, service_urls_for(settings))
    background = [ChannelPrivacyRecheck(bot, web, settings.slack.privacy_recheck_seconds).run] if slack_on else []
    return Service(bolt, teams, bot, worker, records, secret.get_secret_value() if secret else "", DigestScheduler(digests),
                   metrics, settings, background)


def retry_policy(settings: Settings) -> RetryPolicy:
    return RetryPolicy(max_delay=timedelta(seconds=settings.server.retry_max_delay_seconds),
                       give_up_after=timedelta(hours=settings.server.give_up_after_hours))


def _by_platform(handlers: dict[str, Callable[[InboxItem], str]]) -> Callable[[InboxItem], str]:
    def handle(item: InboxItem) -> str:
        handler = handlers.get(item.platform)
        if handler is None:
            raise PermanentFailure(f"no processor for platform {item.platform!r}")
        try:
            return handler(item)
        except (KeyError, TypeError, AttributeError, ValueError) as exc:  # not the payload Slack always sends
            raise MalformedEvent(f"{item.kind} payload: {type(exc).__name__}: {exc}") from None
    return handle


def slack_endpoint(bolt: App, signing_secret: str) -> Callable[[Request], Awaitable[Response]]:
    """POST /slack/events: Bolt's request conversion and dispatch, off the event loop, with guarded parsing."""
    verifier = SignatureVerifier(signing_secret)

    async def slack_events(request: Request) -> Response:
        body = await read_body(request, MAX_BODY_BYTES)
        if body is None:
            return PlainTextResponse("request too large", status_code=413)
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return PlainTextResponse("malformed request body: not UTF-8 text", status_code=400)
        try:
            bolt_request = to_bolt_request(request, body)
            response = await run_in_threadpool(bolt.dispatch, bolt_request)
        except Exception as exc:  # noqa: BLE001 - a body Bolt's parser or middleware cannot take: not our 500
            if not verifier.is_valid_request(body, dict(request.headers)):
                return PlainTextResponse("invalid signature", status_code=401)
            log.warning("slack: refused a request of a shape Tipjar cannot read (%s)", type(exc).__name__)
            return PlainTextResponse("malformed request body", status_code=400)
        return to_starlette_response(response)

    return slack_events


async def read_body(request: Request, limit: int) -> bytes | None:
    """The body, or None as soon as it is known to exceed `limit` bytes: never buffered beyond the limit.

    What follows the limit is read and thrown away up to DRAIN_BYTES more, so that a client sending a little
    too much reads its 413; beyond that the connection is dropped instead of read on."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + DRAIN_BYTES:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit + DRAIN_BYTES:
            return None
        if size <= limit:
            chunks.append(chunk)
    return b"".join(chunks) if size <= limit else None


def http_app(service: Service) -> Starlette:
    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        try:
            problem = await run_in_threadpool(_not_ready, service)
        except StoreUnavailable as exc:  # where the database is (host, user, name) is for the log, not for callers
            log.error("readyz: store unavailable: %s", exc)
            return JSONResponse({"status": "store unavailable"}, status_code=503)
        if problem:
            log.error("readyz: %s", problem)
            return JSONResponse({"status": problem}, status_code=503)
        return JSONResponse({"status": "ok"})

    routes = [Route("/healthz", healthz, methods=["GET"]), Route("/readyz", readyz, methods=["GET"])]
    if service.settings.metrics.enabled:
        token = service.settings.secrets.metrics_token
        routes.append(Route("/metrics", metrics_endpoint(service.metrics, token.get_secret_value() if token else None),
                            methods=["GET"]))
    if service.bolt is not None:
        routes.append(Route("/slack/events", slack_endpoint(service.bolt, service.signing_secret), methods=["POST"]))
    if service.teams is not None:
        routes.append(Route("/api/messages", service.teams, methods=["POST"]))
    app = Starlette(routes=routes)
    app.add_middleware(AccessLog, metrics=service.metrics)
    return app


def _not_ready(service: Service) -> str:
    """Why this replica should get no traffic yet, or "" when it may."""
    revision = service.records.schema_revision()
    if revision != service.schema_head:
        return f"database schema at {revision}, this Tipjar needs {service.schema_head}: {UPGRADE_HINT}"
    if not service.warmed.is_set():
        return "embedding model still loading"
    return ""


def run_http(service: Service, host: str, port: int) -> None:
    import uvicorn

    # log_config=None: uvicorn's lines go through the handler `tipjar serve` set up (text or JSON)
    uvicorn.run(http_app(service), host=host, port=port, log_config=None, access_log=False)


def run_socket_mode(service: Service, app_token: str) -> None:
    """Slack Socket Mode: Slack's events arrive over a websocket the app opens; no public URL needed."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    SocketModeHandler(service.bolt, app_token).start()


def digest_sender(settings: Settings) -> DigestSender:
    """For `tipjar digest send` and `tipjar scheduler`: posting through Slack and Teams, each when configured."""
    units, runtime_units = open_units(settings)
    records = Records(runtime_units)
    posters = {}
    if slack_enabled(settings):
        web = SlackWeb(web_client(_slack_token(settings), settings.secrets.slack_api_url))
        posters["slack"] = SlackDigestPoster(web)
    if teams_enabled(settings):
        posters["teams"] = TeamsDigestPoster(teams_connector(settings), records)
    return DigestSender(units, records, SystemClock(), settings, posters)
