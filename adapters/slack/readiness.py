"""SlackReadiness: Slack events are taken only once Slack has accepted the bot token.

At start `tipjar serve` asks auth.test once. A refused token is a configuration error and stops the start
(one line, exit status 2). Slack not answering (a proxy not yet opened, an outage) is not: the question is
asked again in the background with growing pauses, one log line per attempt, while Teams, /healthz and /metrics
serve; /readyz names Slack as not ready and POST /slack/events answers 503 (Slack retries) until it is.
Once Slack answers, the granted scopes and the digests' channels are checked and any problem logged with its
fix: the bot then serves what it can.
"""
from __future__ import annotations

import logging
import threading
from typing import Callable

from bot.config import ConfigError
from adapters.slack.preflight import SlackIdentity, SlackUnreachable

log = logging.getLogger(__name__)
FIRST_DELAY_SECONDS = 1.0
MAX_DELAY_SECONDS = 60.0


class SlackReadiness:
    def __init__(self, identify: Callable[[], SlackIdentity], checks: Callable[[SlackIdentity], list[str]],
                 first_delay: float = FIRST_DELAY_SECONDS, max_delay: float = MAX_DELAY_SECONDS) -> None:
        self.identify, self.checks = identify, checks
        self.first_delay, self.max_delay = first_delay, max_delay
        self.ready = threading.Event()
        self.problem = "not yet checked"
        """Why Slack events are not taken yet, for the log; "" once they are."""
        self.status = "not yet checked"
        """The same in a few words, for /readyz: never an address, an OS error or a token's fate in detail."""

    def first_attempt(self) -> bool:
        """Ask once; a refused token raises ConfigError. True when Slack is ready."""
        return self._attempt(retry_in=self.first_delay)

    def run(self, stop: threading.Event) -> None:
        """Ask again with growing pauses until Slack answers or `stop` is set."""
        delay = self.first_delay
        while not self.ready.is_set() and not stop.wait(delay):
            delay = min(delay * 2, self.max_delay)
            try:
                self._attempt(retry_in=delay)
            except ConfigError as exc:  # the token was refused after all: nothing but the operator mends that
                self.problem, self.status = str(exc), "SLACK_BOT_TOKEN refused"
                log.error("slack: %s; asking again in %.0f s", exc, delay)

    def wait(self, stop: threading.Event) -> bool:
        """Block until Slack is ready (True) or `stop` is set (False)."""
        while not self.ready.wait(0.5):
            if stop.is_set():
                return False
        return True

    def _attempt(self, retry_in: float) -> bool:
        try:
            identity = self.identify()
        except SlackUnreachable as exc:
            self.problem, self.status = f"Slack not reachable yet: {exc}", "Slack not reachable yet"
            log.warning("slack: %s; trying again in %.0f s (Teams, /healthz and /metrics serve meanwhile; "
                        "Slack events are answered 503 until then)", exc, retry_in)
            return False
        log.info("slack: connected to the workspace %r as @%s", identity.team, identity.user)
        for problem in self._checked(identity):
            log.warning("slack: %s", problem)
        self.problem = self.status = ""
        self.ready.set()
        return True

    def _checked(self, identity: SlackIdentity) -> list[str]:
        try:
            return self.checks(identity)
        except Exception as exc:  # noqa: BLE001 - a check that could not run must not keep Slack from serving
            return [f"the start-up checks of scopes and digest channels could not run ({type(exc).__name__}): "
                    f"run `tipjar doctor`"]
