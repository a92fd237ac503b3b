"""`tipjar serve`: the HTTP endpoints (Starlette on uvicorn), the inbox workers, and Socket Mode.

    POST /slack/events   Events API, slash commands and interactivity (Bolt verifies every signature)
    POST /api/messages   Microsoft Teams activities (Bot Framework tokens verified with the Agents SDK)
    GET  /healthz        200 while the process is alive (a liveness probe: never restart for a database outage)
    GET  /readyz         200 when the store answers with its schema at head and every platform is ready, 503
                         otherwise, saying which in a few words (addresses, revisions, errors: log only)
    GET  /metrics        Prometheus text format (adapters/metrics.py); bearer token when TIPJAR_METRICS_TOKEN is set,
                         and without one only for this machine when listening on loopback (403 otherwise)

Slack is served when SLACK_BOT_TOKEN is set, Teams when MICROSOFT_APP_ID is set or app.yaml's teams.enabled
is true; both share one store, one inbox and one set of workers. tipjar/serve.py puts the service together.
"""
from __future__ import annotations

import gc
import logging
import threading
from dataclasses import dataclass, field
from typing import Awaitable, Callable

from slack_bolt import App
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters.access import AccessLog
from adapters.metrics import Metrics, metrics_endpoint
from adapters.slack.http import slack_endpoint
from adapters.slack.readiness import SlackReadiness
from bot.config import Settings
from bot.ports import StoreUnavailable
from bot.service import Bot
from runtime.digest_schedule import DigestScheduler
from runtime.inbox import InboxWorker
from runtime.records import Records
from store.db import UPGRADE_HINT, head_revision

log = logging.getLogger(__name__)


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
    slack_ready: SlackReadiness | None = None
    """Whether Slack has accepted the bot token yet (Slack events are refused with 503 until it has)."""
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
        """Load the embedding model now, not in the middle of the first burst of events. Then set aside what
        start-up made (modules, the model, caches: most of the heap) from the garbage collector, whose full
        passes over it would otherwise stall every request in flight for tens of milliseconds."""
        self.bot.context.retriever.prepare("warm up")
        gc.collect()
        gc.freeze()
        self.warmed.set()

    def stop_workers(self) -> None:
        self.scheduler.stop()
        self.stop.set()
        self.worker.wake.set()
        for thread in self.threads:
            thread.join(timeout=30)


def http_app(service: Service, host: str) -> Starlette:
    """The routes of `tipjar serve` listening on `host` (whether /metrics may go without a token depends on it)."""
    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        try:
            status, problem = await run_in_threadpool(_not_ready, service)
        except StoreUnavailable as exc:  # where the database is (host, user, name) is for the log, not for callers
            log.error("readyz: store unavailable: %s", exc)
            return JSONResponse({"status": "store unavailable"}, status_code=503)
        if problem:  # the details (revisions, Slack's address, what the OS said) are for the log, not for callers
            log.error("readyz: %s", problem)
            return JSONResponse({"status": status}, status_code=503)
        return JSONResponse({"status": "ok"})

    routes = [Route("/healthz", healthz, methods=["GET"]), Route("/readyz", readyz, methods=["GET"])]
    if service.settings.metrics.enabled:
        token = service.settings.secrets.metrics_token
        routes.append(Route("/metrics", metrics_endpoint(service.metrics, token.get_secret_value() if token else None,
                                                         host), methods=["GET"]))
    if service.bolt is not None:
        slack_events = slack_endpoint(service.bolt, service.signing_secret, service.slack_ready,
                                      service.settings.server.request_body_seconds)
        routes.append(Route("/slack/events", slack_events, methods=["POST"]))
    if service.teams is not None:
        routes.append(Route("/api/messages", service.teams, methods=["POST"]))
    app = Starlette(routes=routes)
    app.add_middleware(AccessLog, metrics=service.metrics)
    return app


def _not_ready(service: Service) -> tuple[str, str]:
    """Why this replica should get no traffic yet, in a few words for /readyz and in full for the log; ("", "")
    when it may."""
    revision = service.records.schema_revision()
    if revision != service.schema_head:
        return (f"database schema not this Tipjar's: {UPGRADE_HINT}",
                f"database schema at {revision}, this Tipjar needs {service.schema_head}: {UPGRADE_HINT}")
    if not service.warmed.is_set():
        return "embedding model still loading", "embedding model still loading"
    if (slack := service.slack_ready) is not None and not slack.ready.is_set():
        return f"slack not ready: {slack.status}", f"slack not ready: {slack.problem}"
    return "", ""


def run_http(service: Service, host: str, port: int) -> None:
    import uvicorn

    # log_config=None: uvicorn's lines go through the handler `tipjar serve` set up (text or JSON).
    # proxy_headers=False: a request's client is its socket's peer, never what an X-Forwarded-For claims
    # (FORWARDED_ALLOW_IPS included): /metrics without a token trusts loopback peers only.
    uvicorn.run(http_app(service, host), host=host, port=port, log_config=None, access_log=False, proxy_headers=False)


def run_socket_mode(service: Service, app_token: str) -> None:
    """Slack Socket Mode: Slack's events arrive over a websocket the app opens; no public URL needed."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    if service.slack_ready is not None and not service.slack_ready.wait(service.stop):
        return
    SocketModeHandler(service.bolt, app_token).start()
