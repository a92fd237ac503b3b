"""`tipjar serve`: the HTTP endpoints (Starlette on uvicorn), the inbox workers, and Socket Mode.

    POST /slack/events   Events API, slash commands and interactivity (Bolt verifies every signature)
    POST /api/messages   Microsoft Teams activities (Bot Framework tokens verified with the Agents SDK)
    GET  /healthz        200 while the process is alive (a liveness probe: never restart for a database outage)
    GET  /readyz         200 when the store answers with its schema at head and every platform is ready, 503
                         otherwise, saying which in a few words (addresses, revisions, errors: log only)
    GET  /metrics        Prometheus text format (adapters/metrics.py); bearer token when TIPJAR_METRICS_TOKEN is set,
                         and without one only for this machine when listening on loopback (403 otherwise)

Each platform of adapters/registry.py that is set up adds its routes, its inbox processor and its loops (Slack
when SLACK_BOT_TOKEN is set, Teams when MICROSOFT_APP_ID is set or app.yaml's teams.enabled is true); all share
one store, one inbox and one set of workers. tipjar/serve.py puts the service together.
"""
from __future__ import annotations

import gc
import logging
import threading
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters.access import AccessLog
from adapters.metrics import Metrics, metrics_endpoint
from adapters.platform import Serving
from bot.config import Settings
from bot.ports import StoreUnavailable
from bot.service import Bot
from runtime.digest_schedule import DigestScheduler
from runtime.inbox import InboxWorker
from runtime.records import Records

log = logging.getLogger(__name__)


@dataclass
class Service:
    """Everything `tipjar serve` runs: each platform's part (its routes, its loops, whether it is ready), the
    inbox workers, and what they share."""

    bot: Bot
    worker: InboxWorker
    records: Records
    scheduler: DigestScheduler
    metrics: Metrics
    settings: Settings
    platforms: dict[str, Serving] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)
    warmed: threading.Event = field(default_factory=threading.Event)
    schema_head: str = ""
    """The schema revision this Tipjar needs (the store's newest migration)."""
    upgrade_hint: str = ""
    """What to run when the database's schema is not that one."""
    threads: list[threading.Thread] = field(default_factory=list)

    def start_workers(self, count: int) -> None:
        """Workers start by taking up whatever an earlier run accepted and did not finish; the digest
        schedule starts with them (and sends a digest missed while Tipjar was down)."""
        self.warm_up()
        self.scheduler.start()
        runs = [(self.worker.run, f"inbox-{number}") for number in range(count)]
        background = [loop for serving in self.platforms.values() for loop in serving.background]
        loops = [(loop, f"background-{number}") for number, loop in enumerate(background)]
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
        endpoint = metrics_endpoint(service.metrics, token.get_secret_value() if token else None, host)
        if token is None and service.settings.metrics.require_token:
            endpoint = _metrics_token_missing  # `tipjar serve` refuses to start so; this holds for any other caller
        routes.append(Route("/metrics", endpoint, methods=["GET"]))
    routes += [route for serving in service.platforms.values() for route in serving.routes]
    app = Starlette(routes=routes)
    app.add_middleware(AccessLog, metrics=service.metrics)
    return app


async def _metrics_token_missing(request: Request) -> Response:
    return Response("metrics.require_token is set and TIPJAR_METRICS_TOKEN is not: /metrics is closed\n",
                    status_code=403, media_type="text/plain")


def _not_ready(service: Service) -> tuple[str, str]:
    """Why this replica should get no traffic yet, in a few words for /readyz and in full for the log; ("", "")
    when it may."""
    revision = service.records.schema_revision()
    if revision != service.schema_head:
        hint = service.upgrade_hint
        return (f"database schema not this Tipjar's: {hint}",
                f"database schema at {revision}, this Tipjar needs {service.schema_head}: {hint}")
    if not service.warmed.is_set():
        return "embedding model still loading", "embedding model still loading"
    for name, serving in service.platforms.items():
        if (readiness := serving.readiness) is not None and not readiness.ready.is_set():
            return f"{name} not ready: {readiness.status}", f"{name} not ready: {readiness.problem}"
    return "", ""


def run_http(service: Service, host: str, port: int) -> None:
    import uvicorn

    # log_config=None: uvicorn's lines go through the handler `tipjar serve` set up (text or JSON).
    # proxy_headers=False: a request's client is its socket's peer, never what an X-Forwarded-For claims
    # (FORWARDED_ALLOW_IPS included): /metrics without a token trusts loopback peers only.
    uvicorn.run(http_app(service, host), host=host, port=port, log_config=None, access_log=False, proxy_headers=False)


def run_socket_mode(service: Service) -> None:
    """Events over a connection the app opens (Slack's Socket Mode) instead of HTTP: no public URL needed."""
    for serving in service.platforms.values():
        if serving.socket_mode is not None:
            serving.socket_mode(service.stop)
            return
