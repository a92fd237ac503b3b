"""What every HTTP endpoint does with a body from outside: read no more of it than it may keep, and parse its
JSON without recursing as deep as the sender likes."""
from __future__ import annotations

import asyncio
import json

from starlette.requests import Request

DRAIN_BYTES = 4_000_000
BODY_SECONDS = 10.0
"""How long a body may take to arrive in full, unless `server.request_body_seconds` says otherwise. Slack sends
its request at once and retries after 3 s, the Bot Connector gives up after 15 s: a body still trickling in
after this is a client holding the connection open."""
MAX_NESTING = 64
"""Far deeper than the activities Tipjar reads nest, and far from Python's recursion limit, which the JSON
parser, pydantic and json.dumps (storing the activity) each walk into level by level."""


class TooSlow(Exception):
    """The body did not arrive in full within the seconds allowed."""


class TooDeep(ValueError):
    """JSON nested more than MAX_NESTING levels (or too deep for the parser itself)."""


def declared_too_large(request: Request, limit: int) -> bool:
    """The Content-Length header alone says the body is too large to drain: refuse it before reading a byte."""
    declared = request.headers.get("content-length", "")
    return declared.isdigit() and int(declared) > limit + DRAIN_BYTES


async def read_body(request: Request, limit: int, seconds: float = BODY_SECONDS) -> bytes | None:
    """The body, or None as soon as it is known to exceed `limit` bytes: never buffered beyond the limit.
    TooSlow when it has not all come within `seconds` (the answer is then a 408, and the connection closed).

    What follows the limit is read and thrown away up to DRAIN_BYTES more, so that a client sending a little
    too much reads its 413; beyond that the connection is dropped instead of read on."""
    if declared_too_large(request, limit):
        return None
    try:
        return await asyncio.wait_for(_read_limited(request, limit), seconds)
    except asyncio.TimeoutError:
        raise TooSlow(f"the request body did not arrive within {seconds:g} s") from None


async def _read_limited(request: Request, limit: int) -> bytes | None:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit + DRAIN_BYTES:
            return None
        if size <= limit:
            chunks.append(chunk)
    return b"".join(chunks) if size <= limit else None


def _not_a_number(constant: str) -> float:
    """NaN and Infinity are not JSON (RFC 8259), and PostgreSQL's json types refuse them when stored."""
    raise ValueError(f"{constant} is not a JSON number")


def parse_json(data: bytes | str) -> object:
    """json.loads for outside text: ValueError when it is not JSON (NaN and Infinity included), TooDeep when it
    nests past MAX_NESTING."""
    try:
        value = json.loads(data, parse_constant=_not_a_number)
    except RecursionError:
        raise TooDeep(f"JSON nested too deeply to read (more than {MAX_NESTING} levels are refused)") from None
    if nesting_exceeds(value, MAX_NESTING):
        raise TooDeep(f"JSON nested more than {MAX_NESTING} levels deep")
    return value


def nesting_exceeds(value: object, limit: int) -> bool:
    """Whether lists and objects in `value` nest more than `limit` levels (walked without recursion)."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is None:
            continue
        if depth > limit:
            return True
        pending.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False
