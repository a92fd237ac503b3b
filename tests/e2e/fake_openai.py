"""FakeOpenAI: a local HTTP server that answers like an OpenAI-compatible API (chat completions, embeddings).

Point the real openai client at it with ``base_url=fake.url``. Every request is recorded. `reply` is the
chat answer (a string, or a function of the request); `delay` and `status` inject slow and failing answers.
Embeddings are bags of words: each word (and its synonyms, by `SYNONYMS`) sets one hashed dimension, so
texts that share meaning-words are close. Stdlib only; binds 127.0.0.1 on a free port.
"""
from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

DIMENSIONS = 1024
SYNONYMS = {"stuck": "frozen", "hangs": "frozen", "freeze": "frozen", "unfreeze": "frozen"}
WORD = re.compile(r"[a-z0-9]+")


def bag_of_words(text: str) -> list[float]:
    vector = [0.0] * DIMENSIONS
    for word in WORD.findall(text.lower()):
        word = SYNONYMS.get(word, word)
        vector[int(hashlib.sha256(word.encode()).hexdigest(), 16) % DIMENSIONS] += 1.0
    return vector


class FakeOpenAI:
    def __init__(self) -> None:
        self.requests: list[tuple[str, dict]] = []
        self.reply: str | Callable[[dict], str] = "Nothing to add."
        self.delay = 0.0
        self.status = 200
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> "FakeOpenAI":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def chats(self) -> list[dict]:
        return [body for path, body in self.requests if path.endswith("/chat/completions")]

    def answer(self, path: str, body: dict) -> tuple[int, dict]:
        self.requests.append((path, body))
        if self.delay:
            time.sleep(self.delay)
        if self.status != 200:
            return self.status, {"error": {"message": "the fake is failing on purpose", "type": "server_error"}}
        if path.endswith("/embeddings"):
            texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
            data = [{"object": "embedding", "index": i, "embedding": bag_of_words(t)} for i, t in enumerate(texts)]
            return 200, {"object": "list", "data": data, "model": body["model"], "usage": {"prompt_tokens": 1, "total_tokens": 1}}
        if path.endswith("/chat/completions"):
            text = self.reply(body) if callable(self.reply) else self.reply
            return 200, {
                "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": body["model"],
                "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": text}}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            }
        return 404, {"error": {"message": f"no route {path}"}}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                status, payload = fake.answer(self.path, body)
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a timeout test)

            def log_message(self, *args: object) -> None:
                pass

        return Handler
