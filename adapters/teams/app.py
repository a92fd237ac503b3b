"""POST /api/messages: Teams activities in, authenticated, checked, written to the inbox, acknowledged.

As for Slack, nothing slow happens before the answer: the activity is stored, then acknowledged, and
TeamsProcessor does the work on the inbox worker. Two answers are given right away because only the
person who acted should see them: a refusal (a non-trainer clicking Approve, a message posted by an
app) and the short confirmation an invoke (a message action, a card click) must carry.

Authentication (adapters/teams/bot_auth.py): with MICROSOFT_APP_ID set, every request needs a Bot Connector
token for that app, from the Bot Connector's own issuer, checked from the header before the body is read
(no more than MAX_BODY_BYTES of which is ever kept); then its signing key must be endorsed for the
activity's channelId and its serviceurl claim must be the activity's serviceUrl; anything else is a 401.
An activity whose serviceUrl is not a Teams connector host is a 403 before anything is stored: the worker
would send the bot's own token there. So is one of a tenant app.yaml's `teams.tenants` does not list (when it
lists any); one whose two tenant fields disagree is a 400 (translate.tenant).
"""
from __future__ import annotations

import logging
from concurrent.futures import Future
from typing import Awaitable, Callable

from microsoft_agents.activity import Activity
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from adapters.acks import committed
from adapters.request_body import TooSlow, declared_too_large, parse_json, read_body
from adapters.teams import translate
from adapters.teams.curate import Trainers
from adapters.teams.saved import saved_message
from adapters.teams.bot_auth import BotAuth
from adapters.teams.trust import ServiceUrls, Tenants
from bot.actions import FEEDBACK
from bot.config import Settings
from bot.ports import StoreUnavailable

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1_000_000
Accept = Callable[[str, str, dict], "Future | None"]
"""accept(kind, event_key, activity): store the activity durably: stored on return (None; raises StoreUnavailable
when it cannot be), or when the returned future completes, which the endpoint waits for before answering."""
INVOKE_MESSAGE = "application/vnd.microsoft.activity.message"
SAVING = "Saving it as a tip: Tipjar will post it in this conversation in a moment."
APP_MESSAGE = "Tipjar saves what people write; messages posted by apps are not saved."
EMPTY_MESSAGE = "That message has no text to save as a tip."
STORE_DOWN = "Tipjar cannot reach its database just now; nothing was saved. Please try again in a minute."


def _problem(status: int, text: str) -> JSONResponse:
    return JSONResponse({"error": text}, status_code=status)


def invoke_message(text: str) -> JSONResponse:
    """The answer to a card click, shown only to the person who clicked."""
    return JSONResponse({"statusCode": 200, "type": INVOKE_MESSAGE, "value": text})


def task_message(text: str) -> JSONResponse:
    """The answer to a message action, shown in its dialog to the person who used it."""
    return JSONResponse({"task": {"type": "message", "value": text}})


def teams_endpoint(settings: Settings, accept: Accept, trainers: Trainers, auth: BotAuth | None,
                   service_urls: ServiceUrls) -> Callable[[Request], Awaitable[Response]]:
    public_teams, tenants = settings.teams.public_teams, Tenants(settings.teams.tenants)
    body_seconds = settings.server.request_body_seconds

    async def api_messages(request: Request) -> Response:
        # The token is checked from the header before the body is read: a caller without one costs no reading.
        if declared_too_large(request, MAX_BODY_BYTES):
            return _problem(413, "request too large")
        caller = await auth.caller(request.headers.get("authorization")) if auth else None
        if auth and caller is None:
            return _problem(401, "missing or invalid Bot Framework token")
        try:
            body = await read_body(request, MAX_BODY_BYTES, body_seconds)
        except TooSlow as exc:
            return JSONResponse({"error": str(exc)}, status_code=408, headers={"Connection": "close"})
        if body is None:
            return _problem(413, "request too large")
        parsed = _parse(body)
        if isinstance(parsed, Response):
            return parsed
        activity, place = parsed
        if auth and (refusal := auth.refusal(caller, activity)):  # the key's endorsements, the serviceurl claim
            return _problem(401, refusal)
        if refusal := service_urls.refusal(activity.get("serviceUrl")) or tenants.refusal(place.tenant):
            return _problem(403, f"refused: {refusal}")
        kind = translate.classify(activity)
        if kind is None:
            return Response(status_code=200) if activity.get("type") != "invoke" else _problem(501, "not supported")
        early = await _answer_before_storing(kind, activity, place, public_teams, trainers)
        if early is not None:
            return early
        try:
            await committed(accept(kind, translate.event_key(activity), activity))
        except translate.Malformed as exc:
            return _problem(400, f"malformed activity: {exc}")
        except StoreUnavailable as exc:
            log.error("teams: activity not stored: %s", exc)
            if kind == "save_tip":
                return task_message(STORE_DOWN)
            return _problem(503, "store unavailable")
        return _acknowledgement(kind, activity)

    return api_messages


def _parse(body: bytes) -> tuple[dict, translate.Where] | Response:
    """The activity and where it happened, or the 400 that says what is wrong with the body."""
    try:
        activity = parse_json(body)
        if not isinstance(activity, dict):
            raise ValueError("not a JSON object")
        Activity.model_validate(activity)
        return activity, translate.where(activity)
    # JSONDecodeError, TooDeep and t.Malformed are ValueErrors; the SDK's own field checks raise TypeError
    # (an empty channelId), which pydantic does not turn into a ValidationError
    except (ValueError, TypeError, ValidationError) as exc:
        return _problem(400, f"malformed activity: {_first_line(exc)}")


async def _answer_before_storing(kind: str, activity: dict, place: translate.Where, public_teams: list[str],
                                 trainers: Trainers) -> Response | None:
    """Refusals that only the person who acted should see; nothing is stored for them. The message's HTML
    is read on a worker thread: however long it is, the event loop (and Slack's acknowledgements) go on."""
    if kind == "save_tip":
        try:
            command = await run_in_threadpool(saved_message, activity, public_teams)
        except translate.Malformed as exc:
            return _problem(400, f"malformed activity: {exc}")
        except translate.PostedByApp:
            return task_message(APP_MESSAGE)
        return task_message(EMPTY_MESSAGE) if not command.text.strip() else None
    if kind == "card_action":
        try:
            verb, data = translate.card_action(activity)
            user = translate.person(activity).user_id
        except translate.Malformed as exc:
            return _problem(400, f"malformed activity: {exc}")
        message_id = str(activity.get("replyToId") or "")
        refusal = await run_in_threadpool(trainers.refusal, verb, data, user, place, message_id)
        return invoke_message(refusal) if refusal else None
    return None


def _acknowledgement(kind: str, activity: dict) -> Response:
    if kind == "save_tip":
        return task_message(SAVING)
    if kind == "card_action":
        verb, _ = translate.card_action(activity)
        return invoke_message("Thanks, noted." if verb in FEEDBACK else "Done: the digest updates in a moment.")
    return Response(status_code=200)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
