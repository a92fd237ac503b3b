"""GET /metrics: what `tipjar serve` is doing, in the Prometheus text format.

Each service has its own registry (never prometheus-client's global one), so several services in one
process, as in the tests, keep their figures apart. The core never imports this: the inbox reports through
its InboxObserver port, the Bot through a middleware (Bot.use), the Web API clients through their on_error
hook, the digest posters are wrapped here, and the inbox's backlog is read from the store at each scrape.
"""
from __future__ import annotations

import hmac
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from adapters.loopback import is_loopback
from bot.commands import Ask, Command
from bot.ports import StoreUnavailable
from bot.replies import Answer, Reply
from runtime.digest_sender import DigestPoster
from runtime.model import InboxItem
from runtime.records import Records

log = logging.getLogger(__name__)
ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 3.0, 5.0)
WORK_BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class Metrics:
    def __init__(self, records: Records | None = None) -> None:
        self.registry = CollectorRegistry()
        on = {"registry": self.registry}
        self.requests = Counter("tipjar_requests", "HTTP requests answered, by platform and status code",
                                ["platform", "status"], **on)
        self.ack_seconds = Histogram("tipjar_ack_seconds", "Time to answer a platform's request (its acknowledgement)",
                                     ["platform"], buckets=ACK_BUCKETS, **on)
        self.events = Counter("tipjar_inbox_events_processed", "Inbox events handled, by platform and result "
                              "(done, failed, retrying, dead)", ["platform", "result"], **on)
        self.processing_seconds = Histogram("tipjar_inbox_processing_seconds", "Time to process one inbox event",
                                            ["platform"], buckets=WORK_BUCKETS, **on)
        self.api_errors = Counter("tipjar_platform_api_errors", "Failed Slack Web API and Bot Connector calls, by method",
                                  ["platform", "method"], **on)
        self.digests = Counter("tipjar_digests_posted", "Digests posted, by platform", ["platform"], **on)
        self.ask_seconds = Histogram("tipjar_ask_seconds", "Time to answer /ask (search and compose)",
                                     buckets=WORK_BUCKETS, **on)
        self.no_answer = Counter("tipjar_ask_no_answer", "/ask questions no tip answered", **on)
        if records is not None:
            self.registry.register(BacklogCollector(records))

    # --- the inbox's observer port -----------------------------------------------------------------
    def processed(self, item: InboxItem, result: str, seconds: float) -> None:
        self.events.labels(item.platform, result).inc()
        self.processing_seconds.labels(item.platform).observe(seconds)

    def api_error(self, platform: str) -> Callable[[str], None]:
        return lambda method: self.api_errors.labels(platform, method).inc()

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class BacklogCollector:
    """The inbox's backlog, read from the store at each scrape: one figure for every replica alike."""

    def __init__(self, records: Records) -> None:
        self.records = records

    def collect(self):
        events = GaugeMetricFamily("tipjar_inbox_backlog", "Inbox events not finished, by state", labels=["state"])
        oldest = GaugeMetricFamily("tipjar_inbox_oldest_age_seconds", "Age of the oldest unfinished inbox event")
        up = GaugeMetricFamily("tipjar_store_up", "1 when the store answered this scrape")
        try:
            backlog = self.records.backlog()
        except StoreUnavailable as exc:
            log.warning("metrics: inbox backlog not read: %s", exc)
            up.add_metric([], 0)
            yield up
            return
        for state, count in (("waiting", backlog.waiting), ("retrying", backlog.retrying), ("dead", backlog.dead)):
            events.add_metric([state], count)
        age = (datetime.now(timezone.utc) - _aware(backlog.oldest)).total_seconds() if backlog.oldest else 0.0
        oldest.add_metric([], max(age, 0.0))
        up.add_metric([], 1)
        yield from (events, oldest, up)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)  # SQLite keeps UTC, naive


def time_asks(metrics: Metrics) -> Callable[[Command, Callable[[Command], Reply]], Reply]:
    """Bot middleware: time /ask and count the questions nothing answered."""
    def timed(command: Command, handle: Callable[[Command], Reply]) -> Reply:
        if not isinstance(command, Ask):
            return handle(command)
        started = time.monotonic()
        reply = handle(command)
        metrics.ask_seconds.observe(time.monotonic() - started)
        if isinstance(reply, Answer) and not reply.sources:
            metrics.no_answer.inc()
        return reply
    return timed


@dataclass
class CountedPoster:
    """A digest poster whose posts are counted; the rest of the DigestPoster port goes straight to the poster."""

    poster: DigestPoster
    platform: str
    metrics: Metrics

    def post(self, digest, config, progress):
        messages = self.poster.post(digest, config, progress)
        self.metrics.digests.labels(self.platform).inc()
        return messages

    def update(self, digest, messages) -> None:
        self.poster.update(digest, messages)

    def audience_channels(self, config) -> frozenset[str]:
        return self.poster.audience_channels(config)

    def workspace(self, config) -> str:
        return self.poster.workspace(config)

    def shows_public(self, config) -> bool:
        return self.poster.shows_public(config)


RELAYED_BY = (b"x-forwarded-for", b"forwarded", b"x-real-ip", b"via", b"x-forwarded-host", b"x-forwarded-proto")
"""Headers a reverse proxy adds to a request it relays for someone else (Via: one it must add, RFC 9110 7.6.3)."""


def tokenless_refusal(listen_host: str, request: Request) -> str | None:
    """Why /metrics, with no TIPJAR_METRICS_TOKEN set, is not served to this request; None when it is.

    Without a token /metrics is for this machine only: `tipjar serve` must listen on loopback, and the request
    must come straight from a loopback peer, not relayed by a proxy. The peer is the socket's own (run_http
    leaves uvicorn's proxy headers off), so no X-Forwarded-For can make a remote client look local.
    """
    if not is_loopback(listen_host):
        return (f"/metrics needs TIPJAR_METRICS_TOKEN: tipjar serve listens on {listen_host}, beyond this machine. "
                "Set TIPJAR_METRICS_TOKEN and scrape with \"Authorization: Bearer <token>\", or listen on 127.0.0.1 "
                "(README, \"Running in production\").\n")
    peer = request.client.host if request.client else None
    relayed = any(name in RELAYED_BY for name, _ in request.scope.get("headers", []))
    if not is_loopback(peer) or relayed:
        return ("/metrics without TIPJAR_METRICS_TOKEN answers only this machine, not a request a proxy relays: "
                "set TIPJAR_METRICS_TOKEN to scrape it from elsewhere (README, \"Running in production\").\n")
    return None


def metrics_endpoint(metrics: Metrics, token: str | None, listen_host: str):
    """GET /metrics; with a token, only for `Authorization: Bearer <token>`; without one, only from this
    machine to a `tipjar serve` listening on loopback (403 otherwise, naming the setting)."""
    expected = f"Bearer {token}".encode() if token else None

    async def serve_metrics(request: Request) -> Response:
        if expected is not None:
            given = request.headers.get("authorization", "").encode()
            if not hmac.compare_digest(given, expected):
                return PlainTextResponse("a bearer token is needed for /metrics", status_code=401,
                                         headers={"WWW-Authenticate": "Bearer"})
        elif refusal := tokenless_refusal(listen_host, request):
            return PlainTextResponse(refusal, status_code=403)
        body = await run_in_threadpool(metrics.exposition)
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    return serve_metrics
