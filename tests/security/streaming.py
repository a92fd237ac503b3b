"""A raw HTTP client that streams a request body while it listens for the answer, counting what it sent.

urllib sends the whole body before it reads a byte of the answer, so it cannot tell a server that refused
early from one that read everything first. `stream_post` writes the body from a thread (chunked, or plain
after a Content-Length header) and notes how many body bytes had gone out when the status line came back.
Bytes "sent" are bytes the kernel took: up to a few MB of them may sit in socket buffers, unread by the server.
"""
from __future__ import annotations

import http.client
import socket
import threading
import time
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

MB = 1 << 20


@dataclass
class Answer:
    status: int | None  # None: the server closed the connection without an answer
    text: str
    sent_when_answered: int  # body bytes written before the status line arrived
    sent_in_all: int  # body bytes written before the writer stopped (all sent, or the server hung up)
    seconds: float  # from the first byte of the request to the status line (or the hang-up)


def zeros(total: int, chunk: int = MB) -> Iterator[bytes]:
    block = b"0" * chunk
    for start in range(0, total, chunk):
        yield block[: min(chunk, total - start)]


Body = Iterable[bytes] | Callable[[threading.Event], Iterable[bytes]]


def stream_post(port: int, path: str, body: Body, headers: dict[str, str] | None = None,
                content_length: int | None = None, timeout: float = 60) -> Answer:
    """POST `body` (chunked unless `content_length` is given) to 127.0.0.1:`port` and read the answer meanwhile.

    `body` may be a function of the event set once the answer came, for a body that waits."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    framing = ({"Content-Length": str(content_length)} if content_length is not None
               else {"Transfer-Encoding": "chunked"})
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json",
             *(f"{name}: {value}" for name, value in {**framing, **(headers or {})}.items())]
    sent, answered, done = [0], threading.Event(), threading.Event()
    started = time.perf_counter()

    def write() -> None:
        try:
            sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
            for chunk in body(answered) if callable(body) else body:
                if answered.is_set():
                    return
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk) if content_length is None else chunk)
                sent[0] += len(chunk)
            if content_length is None:
                sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server hung up: what it refused need not be sent
        finally:
            done.set()

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    response = http.client.HTTPResponse(sock)
    try:
        response.begin()
        sent_when_answered, seconds = sent[0], time.perf_counter() - started
        answered.set()
        status, text = response.status, response.read().decode(errors="replace")
    except (OSError, http.client.HTTPException):
        sent_when_answered, seconds = sent[0], time.perf_counter() - started
        answered.set()
        status, text = None, ""
    finally:
        sock.close()
    done.wait(timeout)
    return Answer(status, text, sent_when_answered, sent[0], seconds)


def stalled_post(port: int, path: str, headers: dict[str, str], first: bytes, content_length: int | None,
                 wait: float = 5) -> Answer:
    """Send the headers and `first` bytes of a body, then nothing more: does the server answer anyway?"""

    def trickle(answered: threading.Event) -> Iterator[bytes]:
        yield first
        answered.wait(wait + 1)  # longer than the answer is waited for: whatever comes must come without the rest

    return stream_post(port, path, trickle, headers, content_length, timeout=wait)
