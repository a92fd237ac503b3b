"""One inbox handler over the platforms' processors, telling a payload Tipjar cannot read from a passing failure."""
from __future__ import annotations

from typing import Callable

from runtime.model import InboxItem
from bot.ports import MalformedEvent, PermanentFailure


def by_platform(handlers: dict[str, Callable[[InboxItem], str]]) -> Callable[[InboxItem], str]:
    def handle(item: InboxItem) -> str:
        handler = handlers.get(item.platform)
        if handler is None:
            raise PermanentFailure(f"no processor for platform {item.platform!r}")
        try:
            return handler(item)
        except (KeyError, TypeError, AttributeError, ValueError) as exc:  # not the payload Slack always sends
            # The kind of failure only: its message may quote the payload, and the reason is kept with the event.
            missing = f" {exc}" if isinstance(exc, KeyError) else ""  # a key's name is Tipjar's word, not the event's
            raise MalformedEvent(f"{item.kind} payload: {type(exc).__name__}{missing}") from None
    return handle
