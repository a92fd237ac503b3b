"""POST /slack/events: the guard in front of Bolt (body size, encoding, a shape Bolt cannot read)."""
from __future__ import annotations

import logging
from typing import Awaitable, Callable

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk.signature import SignatureVerifier
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from adapters.acks import committed
from adapters.request_body import BODY_SECONDS, TooSlow, read_body
from adapters.slack.app import INBOX_WRITE, STORE_DOWN
from adapters.slack.readiness import SlackReadiness
from bot.ports import StoreUnavailable

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1_000_000
NOT_READY = "Tipjar cannot reach Slack yet; please retry"


def slack_endpoint(bolt: App, signing_secret: str, ready: SlackReadiness | None = None,
                   body_seconds: float = BODY_SECONDS) -> Callable[[Request], Awaitable[Response]]:
    """POST /slack/events: Bolt's request conversion and dispatch, off the event loop, with guarded parsing.
    Until Slack has accepted the bot token (`ready`), every request is answered 503: Slack sends it again.
    A body not all there within `body_seconds` is answered 408."""
    verifier = SignatureVerifier(signing_secret)

    async def slack_events(request: Request) -> Response:
        if ready is not None and not ready.ready.is_set():
            return PlainTextResponse(NOT_READY, status_code=503, headers={"Retry-After": "5"})
        try:
            body = await read_body(request, MAX_BODY_BYTES, body_seconds)
        except TooSlow as exc:
            return PlainTextResponse(f"{exc}\n", status_code=408, headers={"Connection": "close"})
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
        try:
            await committed(bolt_request.context.get(INBOX_WRITE))
        except StoreUnavailable as exc:
            log.error("slack: event not stored, Slack will retry: %s", exc)
            return PlainTextResponse(STORE_DOWN, status_code=503)
        return to_starlette_response(response)

    return slack_events
