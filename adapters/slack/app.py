"""Bolt wiring: each Slack request Tipjar cares about is written to the inbox, then acknowledged.

Nothing slow happens before the acknowledgement: no Web API call, no capture. The inbox row is the
promise that the work will be done (by SlackProcessor, on the inbox worker).
"""
from __future__ import annotations

import logging
from concurrent.futures import Future
from functools import partial
from typing import Callable

from slack_bolt import Ack, App, BoltResponse
from slack_sdk import WebClient

from adapters.slack import render
from adapters.slack.curate import ADMIN_USAGE, EDIT_VIEW
from adapters.slack.gaps import ANSWER_VIEW
from adapters.slack.translate import event_key, stored_form
from adapters.slack.digest_blocks import REVIEW_EDIT
from bot.actions import ERASE_TIP, FEEDBACK, GAP_ACTIONS, REVIEWS
from bot.ask import ASK_USAGE
from bot.capture import TIP_USAGE
from bot.config import Settings
from bot.ports import StoreUnavailable

log = logging.getLogger(__name__)
Accept = Callable[[str, str, dict], "Future | None"]
"""accept(kind, event_key, payload): store the event durably. Either it is stored on return (None; raises when
it cannot be) or the returned future completes when it is: the HTTP endpoint waits for that before answering."""
INBOX_WRITE = "tipjar_inbox_write"
"""Where a listener leaves the pending write in the request's context, for the HTTP endpoint to wait on."""
STORE_DOWN = "Tipjar cannot store this event right now; please retry"


def _stored(accept: Accept, kind: str) -> Callable[..., None]:
    """A listener that stores the event, then acknowledges it."""
    def listener(ack: Ack, body: dict, context: dict) -> None:
        context[INBOX_WRITE] = accept(kind, event_key(body), stored_form(body))
        ack()
    return listener


def _stored_command(accept: Accept, kind: str, usage: str) -> Callable[..., None]:
    """A slash command's listener: without text it answers with the usage, else it is stored like an event."""
    def listener(ack: Ack, body: dict, context: dict) -> None:
        if not (body.get("text") or "").strip():
            ack(text=usage)
            return
        context[INBOX_WRITE] = accept(kind, event_key(body), body)
        ack()
    return listener


def build_bolt_app(settings: Settings, client: WebClient, accept: Accept, *, socket_mode: bool = False) -> App:
    secret = settings.secrets.slack_signing_secret
    app = App(
        client=client,
        signing_secret=secret.get_secret_value() if secret else None,
        request_verification_enabled=not socket_mode,
        process_before_response=True,  # the listener only stores and acks: answer right after it
        token_verification_enabled=False,  # auth.test is SlackReadiness's, which retries an unreachable Slack
    )
    emojis = frozenset(settings.capture.emojis)
    enqueue = partial(_stored, accept)
    command = partial(_stored_command, accept)

    def capture_emoji(event: dict) -> bool:
        return event.get("reaction", "").split("::")[0] in emojis

    def ignore(ack: Ack) -> None:
        ack()

    for kind in ("reaction_added", "reaction_removed"):
        app.event(kind, matchers=[capture_emoji])(enqueue(kind))
        app.event(kind)(ignore)  # other emojis: acknowledged, not stored
    for subtype in ("message_changed", "message_deleted"):
        app.event({"type": "message", "subtype": subtype})(enqueue(subtype))
    app.event("message")(ignore)  # ordinary chat is never stored: only edits and deletes of saved messages
    app.event("app_home_opened")(enqueue("app_home_opened"))
    app.event("channel_converted_to_private")(enqueue("channel_converted_to_private"))
    app.command("/tip")(command("tip", TIP_USAGE))
    app.command("/ask")(command("ask", ASK_USAGE))
    app.shortcut("save_tip")(enqueue("save_tip"))
    app.command("/tipjar")(command("tipjar", ADMIN_USAGE))
    for action in (*FEEDBACK, render.ASK_TRAINERS, *REVIEWS, REVIEW_EDIT, ERASE_TIP, render.CONFIRM_TIP, *GAP_ACTIONS):
        app.action(action)(enqueue(action))
    app.view(EDIT_VIEW)(enqueue(EDIT_VIEW))  # acknowledging closes the modal; the correction is applied after
    app.view(ANSWER_VIEW)(enqueue(ANSWER_VIEW))
    app.error(_refusal)
    return app


def _refusal(error: Exception) -> BoltResponse:
    """A signed request that could not be stored: 503 when the store is down (Slack retries), else 400."""
    if isinstance(error, StoreUnavailable):
        log.error("slack: event not stored, Slack will retry: %s", error)
        return BoltResponse(status=503, body=STORE_DOWN)
    log.warning("slack: refused a request of a shape Tipjar cannot read (%s)", type(error).__name__)
    return BoltResponse(status=400, body="malformed request")
