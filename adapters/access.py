"""Every HTTP request to `tipjar serve`: a request id, one log line, and its count and time in the metrics."""
from __future__ import annotations

import logging
import re
import time
import uuid

from adapters.metrics import Metrics
from adapters.registry import PLATFORMS

log = logging.getLogger("tipjar.access")
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
"""A caller's own X-Request-Id is kept only when it is this plain: it is written to the log as it is."""


def request_id(headers: list[tuple[bytes, bytes]]) -> str:
    given = dict(headers).get(b"x-request-id", b"").decode("latin-1")
    return given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


class AccessLog:
    """ASGI middleware: it times each request up to its response's start (the platform's acknowledgement)."""

    def __init__(self, app, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics
        self.platform_of_path = {path: platform.name for platform in PLATFORMS for path in platform.paths}

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, rid = time.monotonic(), request_id(scope.get("headers", []))
        platform = self.platform_of_path.get(scope["path"], "other")
        status = 500

        async def send_with_id(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", []), (b"x-request-id", rid.encode())]}
                self._record(platform, status, time.monotonic() - started)
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.monotonic() - started
            path = scope["path"] if platform != "other" or scope["path"] in KNOWN_PATHS else "(other)"
            level = logging.INFO if platform != "other" else logging.DEBUG  # probes and scrapes: not worth a line each
            log.log(level, "%s %s %s in %.1f ms", scope["method"], path, status, seconds * 1000,
                     extra={"request_id": rid, "platform": platform, "path": path, "status": status,
                            "duration_ms": round(seconds * 1000, 1)})

    def _record(self, platform: str, status: int, seconds: float) -> None:
        self.metrics.requests.labels(platform, str(status)).inc()
        if platform != "other":
            self.metrics.ack_seconds.labels(platform).observe(seconds)


KNOWN_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
