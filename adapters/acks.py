"""An acknowledgement waits for its event's inbox commit on the event loop, holding no thread while it waits."""
from __future__ import annotations

import asyncio
from concurrent.futures import Future

from bot.ports import StoreUnavailable
from runtime.inbox_writer import WRITE_TIMEOUT_SECONDS


async def committed(write: Future | None, timeout: float = WRITE_TIMEOUT_SECONDS) -> None:
    """Return once `write` (InboxWriter.submit's future; None: stored already) is committed. Raise StoreUnavailable
    when it could not be, or took longer than `timeout`: the platform is then told to try again."""
    if write is None:
        return
    try:
        # shield: a request that stops waiting leaves the write alone; it may still commit, and the
        # platform's retry of the event is then recognised by its key.
        await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(write)), timeout)
    except asyncio.TimeoutError:
        raise StoreUnavailable(f"the inbox write did not finish within {timeout:.0f} s") from None
