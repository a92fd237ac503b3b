"""POST /api/messages reads no more of a body than it may keep, and none of it for a caller without a token.

Against `tipjar serve` with MICROSOFT_APP_ID set, over raw sockets (tests/security/streaming.py) so that what
the server pulled before answering can be told from what the client managed to send.
"""
from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.teams import activities
from tests.e2e.teams.tokens import TEAMS_SERVICE_URL
from tests.security.streaming import MB, stalled_post, stream_post, zeros

PATH = "/api/messages"
KB_OF_JSON = b'{"type": "message", "text": "' + b"x" * 1000


def peak_memory(pid: int) -> int:
    """The process's peak resident set (VmHWM), in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


def forged(keys) -> list[dict[str, str]]:
    from cryptography.hazmat.primitives.asymmetric import rsa

    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return [{}, {"Authorization": "Bearer garbage"}, {"Authorization": f"Bearer {keys.token(key=stranger)}"},
            {"Authorization": f"Bearer {keys.token(aud='someone-else')}"}]


def test_a_caller_without_a_valid_token_is_refused_without_its_body_being_read(guarded, keys):
    """Only the headers and a first kilobyte are sent, the rest never: a 401 must come all the same."""
    for headers in forged(keys):
        for length in (None, 500_000):  # chunked, and a declared length under the limit
            answer = stalled_post(guarded.port, PATH, headers, KB_OF_JSON, length)
            assert answer.status == 401 and "token" in answer.text, (headers, length, answer)
    assert guarded.healthy()


def test_a_declared_length_over_the_limit_is_refused_before_the_body(guarded, keys):
    for headers in ({"Authorization": f"Bearer {keys.token()}"}, {}):
        answer = stalled_post(guarded.port, PATH, headers, KB_OF_JSON, content_length=1 << 30)
        assert answer.status in (401, 413), (headers, answer)
    answer = stalled_post(guarded.port, PATH, {"Authorization": f"Bearer {keys.token()}"}, KB_OF_JSON, 1 << 30)
    assert answer.status == 413 and "too large" in answer.text


def test_a_chunked_stream_over_the_limit_is_refused_before_it_is_all_read(guarded, keys):
    """An authenticated caller streaming 64 MB: the answer is a 413 long before the client is done."""
    answer = stream_post(guarded.port, PATH, zeros(64 * MB), {"Authorization": f"Bearer {keys.token()}"})
    assert answer.status == 413, answer
    assert answer.sent_when_answered < 24 * MB, f"{answer.sent_when_answered / MB:.0f} MB were taken before the 413"
    assert guarded.healthy()


def test_an_unauthenticated_stream_does_not_grow_the_servers_memory(guarded):
    before = peak_memory(guarded.process.pid)
    for length in (None, 256 * MB):
        answer = stream_post(guarded.port, PATH, zeros(256 * MB), {}, content_length=length)
        assert answer.status in (401, 413), answer
    grown = peak_memory(guarded.process.pid) - before
    assert grown < 50 * MB, f"the server's peak memory grew by {grown / MB:.0f} MB"
    assert guarded.healthy()


def test_a_chunked_activity_within_the_limit_still_gets_in(guarded, keys):
    activity = activities.installed(TEAMS_SERVICE_URL, activities.in_group_chat(), "sam")
    data = json.dumps(activity).encode()
    pieces = [data[i:i + 100] for i in range(0, len(data), 100)]
    answer = stream_post(guarded.port, PATH, pieces, {"Authorization": f"Bearer {keys.token()}"})
    assert answer.status == 200, answer
